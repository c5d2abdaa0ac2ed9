"""The composition root: the ``kiosk`` command and the wiring of the core with ui/printing/sync.

``kiosk`` holds the rules and imports nothing of ours; ``ui``, ``printing`` and ``sync`` each use
the core. Only this package knows all of them, so it is the one place where they are put together.
"""
