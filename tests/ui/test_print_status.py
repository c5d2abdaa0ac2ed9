"""The print queue keeps going in the background and shows what could not be printed."""

from PySide6.QtCore import Qt

from printing.backends import PdfFilePrinter, PrinterError
from printing.queue import PrintQueue


class OutOfPaper:
    """FAKE printer that refuses every job (a real refusal needs hardware); named so."""

    name = "out-of-paper"

    def print_pdf(self, pdf, job_name):
        raise PrinterError("Máy in hết giấy.", transient=False)


def test_failed_print_is_shown_and_can_be_sent_again(qtbot, tasks, store, tmp_path):
    from ui.print_status import PrintQueueStatus

    PrintQueue(store.sessions, blob_root=store.folder / "blobs").enqueue(
        b"%PDF-1.4 receipt", "cups:Quay1", kind="receipt"
    )
    printers = {"now": OutOfPaper()}
    widget = PrintQueueStatus(tasks)
    qtbot.addWidget(widget)
    widget.set_queue(
        PrintQueue(
            store.sessions, blob_root=store.folder / "blobs", resolve=lambda spec: printers["now"]
        )
    )
    qtbot.waitUntil(lambda: widget.label.text() != "", timeout=5000)
    assert widget.label.text() == "1 giấy tờ chưa in được"
    assert "Máy in hết giấy." in widget.toolTip()

    out = tmp_path / "printed"
    printers["now"] = PdfFilePrinter(out)  # paper loaded
    qtbot.mouseClick(widget.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: widget.queue.jobs()[0].status == "done", timeout=5000)
    assert [p.suffix for p in out.iterdir() if not p.name.startswith(".")] == [".pdf"]
    qtbot.waitUntil(lambda: widget.isHidden(), timeout=5000)


class Offline:
    """FAKE printer that is switched off for now (transient refusal); named so."""

    name = "offline"

    def print_pdf(self, pdf, job_name):
        raise PrinterError("Máy in đang tắt.", transient=True)


def test_printer_offline_is_shown_as_waiting_without_a_retry_button(qtbot, tasks, store):
    from ui.print_status import PrintQueueStatus

    PrintQueue(store.sessions, blob_root=store.folder / "blobs").enqueue(
        b"%PDF-1.4 receipt", "cups:Quay1", kind="receipt"
    )
    widget = PrintQueueStatus(tasks)
    qtbot.addWidget(widget)
    widget.set_queue(
        PrintQueue(store.sessions, blob_root=store.folder / "blobs", resolve=lambda spec: Offline())
    )
    qtbot.waitUntil(lambda: widget.label.text() != "", timeout=5000)
    assert widget.label.text() == "1 giấy tờ đang chờ máy in"
    assert widget.retry_button.isHidden() and "Máy in đang tắt." in widget.toolTip()


class Recording:
    """FAKE printer that keeps what it was sent and on which thread; named so."""

    name = "recording"

    def __init__(self):
        self.threads = []

    def print_pdf(self, pdf, job_name):
        import threading

        self.threads.append(threading.current_thread().name)


def test_transactions_stay_on_the_database_worker_and_printing_on_the_io_pool(qtbot, tasks, store):
    import threading

    from sqlalchemy import event

    from ui.print_status import PrintQueueStatus

    printer = Recording()
    queue = PrintQueue(
        store.sessions, blob_root=store.folder / "blobs", resolve=lambda spec: printer
    )
    for n in range(3):
        queue.enqueue(b"%PDF-1.4 receipt " + bytes([48 + n]), "cups:Quay1", kind="receipt")
    begun = []
    event.listen(store.engine, "begin", lambda conn: begun.append(threading.current_thread().name))
    widget = PrintQueueStatus(tasks)
    qtbot.addWidget(widget)
    widget.set_queue(queue)
    qtbot.waitUntil(lambda: len(printer.threads) == 3, timeout=5000)
    assert tasks.wait_idle(10)
    assert begun and all(name.startswith("db") for name in begun), sorted(set(begun))
    assert [j.status for j in widget.queue.jobs()] == ["done"] * 3
    assert all(name.startswith("io") for name in printer.threads), printer.threads
