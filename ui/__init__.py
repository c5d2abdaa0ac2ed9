from ui import qt_fixes  # noqa: F401  (before any signal is emitted)
