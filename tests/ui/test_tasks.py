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


def test_progress_reaches_the_gui_thread_with_the_latest_figures(qtbot, tasks):
    seen, gate = [], threading.Event()

    def work(state):
        for page in range(1, 11):
            state.set_progress(page / 10, f"Trang {page}/10")
        gate.wait(5)
        return "xong"

    results = []
    task = tasks.start(
        work,
        results.append,
        on_progress=lambda f, t: seen.append((f, t, threading.current_thread())),
    )
    qtbot.waitUntil(lambda: bool(seen) and seen[-1][:2] == (1.0, "Trang 10/10"), timeout=5000)
    with qtbot.waitSignal(tasks.sig_task_finished, timeout=5000):
        gate.set()
    assert results == ["xong"] and not task.cancelled
    assert all(thread is threading.main_thread() for _f, _t, thread in seen)
    fractions = [f for f, _t, _ in seen]
    assert fractions == sorted(fractions) and len(seen) <= 10  # coalesced, never out of order
    assert task.progress == (1.0, "Trang 10/10")


def test_cancel_stops_the_loop_and_drops_the_result(qtbot, tasks):
    started, steps, outcome = threading.Event(), [], []

    def work(state):
        started.set()
        while not state.is_cancelled():
            steps.append(1)
            threading.Event().wait(0.005)
        return "kết quả của tác vụ đã hủy"

    task = tasks.start(
        work, outcome.append, outcome.append, on_cancelled=lambda: outcome.append("cancelled")
    )
    assert started.wait(5)
    with qtbot.waitSignal(tasks.sig_task_finished, timeout=5000):
        task.cancel()
    assert outcome == ["cancelled"] and steps and task.done()


def test_cancel_before_start_never_runs_and_check_raises_quietly(qtbot, tasks):
    gate, ran, outcome = threading.Event(), [], []
    tasks.run(lambda: gate.wait(5))  # occupies the single database worker
    queued = tasks.start(
        lambda state: ran.append(1),
        outcome.append,
        outcome.append,
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    queued.cancel()

    def stops_itself(state):
        state.cancel()  # as if the user pressed Cancel between two pages
        state.check()
        ran.append(2)

    errors = []
    tasks.sig_background_error.connect(errors.append)
    tasks.start(stops_itself, outcome.append, outcome.append)
    gate.set()
    assert tasks.wait_idle(5)
    assert ran == [] and outcome == ["cancelled"] and errors == []


def test_progress_of_a_cancelled_task_is_not_shown(qtbot, tasks):
    gate, shown = threading.Event(), []

    def work(state):
        state.cancel()
        state.set_progress(0.5, "không hiện")
        gate.set()

    tasks.start(work, on_progress=lambda f, t: shown.append(t))
    assert gate.wait(5) and tasks.wait_idle(5)
    assert shown == []


def test_wait_idle_waits_for_follow_up_tasks_started_by_callbacks(qtbot, tasks):
    done = []
    tasks.run(
        lambda: 1,
        lambda _v: tasks.run(
            lambda: threading.Event().wait(0.05), lambda _r: done.append("second")
        ),
    )
    assert tasks.wait_idle(5)
    assert done == ["second"] and tasks.running == 0


def test_many_signal_emits_do_not_abort_the_interpreter():
    """PySide6 6.12.0 drops a reference to True per emit; ``ui`` guards against it at import."""
    import subprocess
    import sys

    code = (
        "import sys, ui\nfrom PySide6.QtCore import QObject, Signal\n"
        "class A(QObject):\n    s = Signal()\n"
        "a = A()\nfor _ in range(200_000): a.s.emit()\nprint('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-500:]


def _child_facts():
    """Runs in the worker process: which process, and whether any Qt module was imported."""
    import os
    import sys

    qt = {"PySide6", "shiboken6"}
    return os.getpid(), sorted(m for m in sys.modules if m.split(".")[0] in qt), os.nice(0)


def test_process_work_runs_in_a_child_without_qt_and_calls_back_on_the_gui_thread(qtbot, tasks):
    import os

    seen = []
    with qtbot.waitSignal(tasks.sig_task_finished, timeout=60000):
        tasks.run_in_process(
            _child_facts, on_success=lambda r: seen.append((r, threading.current_thread()))
        )
    (pid, qt_modules, niceness), thread = seen[0]
    assert pid != os.getpid() and qt_modules == [] and thread is threading.main_thread()
    assert niceness == os.nice(0) + 5  # background work yields the CPU to the UI


def test_tiff_conversion_in_a_process_leaves_the_database_worker_free(qtbot, tasks, tmp_path):
    """The image work of an import does not hold the single database worker."""
    from PIL import Image

    from kiosk.errors import InvalidInput
    from kiosk.file_import import file_to_pdf

    path = tmp_path / "scan.tiff"
    frames = [Image.new("L", (1700, 2300), v) for v in range(100, 250, 15)]  # 10 A4 pages
    frames[0].save(path, save_all=True, append_images=frames[1:])
    order, results = [], []
    tasks.run_in_process(file_to_pdf, path, on_success=lambda r: order.append(("pdf", r[1])))
    # while the conversion runs in the child, the database worker answers at once
    tasks.run(lambda: "db answered", lambda v: order.append(v))
    assert tasks.wait_idle(60)
    assert order[0] == "db answered" and ("pdf", 10) in order
    bad = tmp_path / "x.tif"
    bad.write_bytes(b"II*\x00 broken")
    tasks.run_in_process(file_to_pdf, bad, on_failure=results.append)
    assert tasks.wait_idle(60)
    assert isinstance(results[0], InvalidInput) and "hỏng" in results[0].message
