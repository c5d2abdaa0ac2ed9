"""The background task runner: work off the GUI thread, callbacks on it, errors never lost."""

import threading



def test_task_runs_off_gui_thread_and_calls_back_on_it(qtbot, tasks):
    seen = {}

    def work():
        seen["worker"] = threading.current_thread().name
        return 42

    with qtbot.waitSignal(tasks.sig_task_finished, timeout=5000):
        tasks.run(work, lambda v: seen.update(value=v, callback=threading.current_thread()))
    assert seen["worker"].startswith("db")
    assert seen["value"] == 42 and seen["callback"] is threading.main_thread()


def test_io_tasks_use_the_io_pool(qtbot, tasks):
    names = []
    with qtbot.waitSignal(tasks.sig_task_finished, timeout=5000):
        tasks.run(lambda: threading.current_thread().name, names.append, uses_db=False)
    assert names[0].startswith("io")


def test_failure_goes_to_on_failure(qtbot, tasks):
    errors = []
    with qtbot.waitSignal(tasks.sig_task_finished, timeout=5000):
        tasks.run(lambda: 1 / 0, lambda v: None, errors.append)
    assert isinstance(errors[0], ZeroDivisionError)


def test_failure_without_handler_is_announced_not_swallowed(qtbot, tasks):
    from kiosk.errors import InvalidInput

    with qtbot.waitSignal(tasks.sig_background_error, timeout=5000) as blocker:
        tasks.run(lambda: (_ for _ in ()).throw(InvalidInput("Giấy tờ không hợp lệ")))
    assert blocker.args == ["Giấy tờ không hợp lệ"]


def test_callbacks_skipped_when_owner_deleted(qtbot, tasks):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    called = []
    gate = threading.Event()
    tasks.run(lambda: gate.wait(5), called.append, owner=label)
    label.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(label), timeout=2000)
    with qtbot.waitSignal(tasks.sig_task_finished, timeout=5000):
        gate.set()
    assert called == []


def test_db_tasks_are_serialised(qtbot, tasks):
    order, gate = [], threading.Event()
    tasks.run(lambda: (gate.wait(5), order.append("first")))
    tasks.run(lambda: order.append("second"))
    gate.set()
    qtbot.waitUntil(lambda: tasks.running == 0, timeout=5000)
    assert order == ["first", "second"]


def test_after_shutdown_new_work_is_dropped_and_queued_io_is_cancelled_quietly(qtbot, kiosk_app):
    """A window's timer may fire while the app shuts down: no exception, no callback."""
    from ui.tasks import TaskManager

    manager = TaskManager()
    gate, called = threading.Event(), []
    manager.run(lambda: gate.wait(5), uses_db=False)
    for _ in range(8):  # more than the I/O pool's workers: some are still queued at shutdown
        manager.run(lambda: gate.wait(5), called.append, called.append, uses_db=False)
    threading.Timer(0.2, gate.set).start()
    manager.shutdown()
    late = manager.run(lambda: called.append("ran"), called.append)
    assert late.cancelled()
    qtbot.wait(200)  # let queued closures of cancelled futures run: they must stay silent
    assert "ran" not in called and all(not isinstance(c, BaseException) for c in called)
