"""What a task holds is released on the GUI thread: a widget whose last reference sat in a task's
function or callbacks must never be destroyed on a worker thread (Qt aborts later with "Timers
cannot be stopped from another thread"; a full UI run crashed that way)."""

from __future__ import annotations

import threading
import time


class Probe:
    """Records the thread it is destroyed on (stands in for a widget captured by a task)."""

    def __init__(self, died: list) -> None:
        self.died = died

    def __del__(self) -> None:
        self.died.append(threading.current_thread() is threading.main_thread())


def test_task_references_are_dropped_on_the_gui_thread(qtbot, tasks):
    died: list[bool] = []
    for uses_db in (True, False):
        in_fn, in_callback = Probe(died), Probe(died)
        # the work outlasts the submit, so the worker is the one holding the work when it ends
        tasks.run(lambda p=in_fn: time.sleep(0.2), lambda _r, p=in_callback: id(p), uses_db=uses_db)
        del in_fn, in_callback
    qtbot.waitUntil(lambda: tasks.running == 0, timeout=10000)
    qtbot.waitUntil(lambda: len(died) == 4, timeout=10000)
    assert died == [True] * 4
