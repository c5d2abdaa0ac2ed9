"""Work-arounds for bugs of the Qt binding, applied once when ``ui`` is imported.

PySide6 6.12.0 drops one reference to ``True`` on every ``Signal.emit()`` made from Python (its
return value is not increfed). On CPython before 3.12 ``True`` is an ordinary object, so after a few
thousand emits its count reaches zero and the interpreter aborts ("bool_dealloc: deallocating True
or False"). Python 3.12 made the booleans immortal for exactly this kind of reason; here they are
made so by hand (their count raised out of reach), and only when the leak is seen.
"""

from __future__ import annotations

import ctypes
import sys


def _emit_leaks_true() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    return sys.getrefcount(True) - before <= -8


def make_booleans_immortal_if_emit_leaks() -> bool:
    """Apply the work-around if this binding needs it; return whether it did."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False  # booleans are immortal there
    if not _emit_leaks_true():
        return False
    for value in (True, False):
        ctypes.c_ssize_t.from_address(id(value)).value += 1 << 40
    return True


APPLIED = make_booleans_immortal_if_emit_leaks()
