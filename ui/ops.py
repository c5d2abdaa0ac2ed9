"""UI actions as small verb functions, in the manner of Anki's operations (``aqt/operations``).

A verb takes the widget it runs for, the task runner, the service and the action's arguments,
and returns an :class:`Op`; the caller says what to do on success and on failure, then starts it::

    accept_dossier(page, tasks, reception, dossier_id, officer_id=officer, when=now) \\
        .success(show_receipt).failure(show_error).run_in_background()

The work runs on the database worker; the callbacks run on the GUI thread, and not at all once
``parent`` is gone. A failure without a handler goes to the status bar (``TaskManager``), never
silently away. A verb holds no widget logic: it is the one place an action meets the core, so a
page, a shortcut or a test starts the same action the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject

from ui.tasks import TaskManager

if TYPE_CHECKING:
    from kiosk.dossier_types import Decision, DossierSnapshot
    from kiosk.drafts import DraftService
    from kiosk.letters import LetterPlan, LetterService
    from kiosk.reception import ReceptionService
    from kiosk.returns import ReturnService
    from kiosk.scanning.pages import PageInfo, PageStore, PaperState
    from kiosk.scanning.reuse import PaperReuse

T = TypeVar("T")


class Op(Generic[T]):
    """One action to run in the background: chain ``success``/``failure``, then start it."""

    def __init__(self, parent: QObject, tasks: TaskManager, work: Callable[[], T]) -> None:
        self.parent, self.tasks, self.work = parent, tasks, work
        self._success: Callable[[T], Any] | None = None
        self._failure: Callable[[BaseException], Any] | None = None

    def success(self, fn: Callable[[T], Any]) -> Op[T]:
        self._success = fn
        return self

    def failure(self, fn: Callable[[BaseException], Any]) -> Op[T]:
        self._failure = fn
        return self

    def run_in_background(self) -> Future:
        return self.tasks.run(self.work, self._success, self._failure, owner=self.parent)


# --- decisions on a dossier (one transaction each, in kiosk.reception) -------------------------


def accept_dossier(
    parent: QObject,
    tasks: TaskManager,
    reception: ReceptionService,
    dossier_id: str,
    *,
    officer_id: int | None,
    when: datetime,
) -> Op[Decision]:
    return Op(parent, tasks, lambda: reception.accept(dossier_id, officer_id, when))


def choose_variant(
    parent: QObject,
    tasks: TaskManager,
    reception: ReceptionService,
    dossier_id: str,
    *,
    code: str | None,
) -> Op[DossierSnapshot]:
    """Record the case of the procedure the officer picked (its own time limit, issue #10)."""
    return Op(parent, tasks, lambda: reception.choose_variant(dossier_id, code))


def request_supplement(
    parent: QObject,
    tasks: TaskManager,
    reception: ReceptionService,
    dossier_id: str,
    *,
    officer_id: int | None,
    item_ids: list[int],
    reason: str,
    supervisor_id: int | None = None,
) -> Op[Decision]:
    return Op(
        parent,
        tasks,
        lambda: reception.request_supplement(
            dossier_id, officer_id, item_ids, reason, supervisor_id
        ),
    )


def refuse_dossier(
    parent: QObject,
    tasks: TaskManager,
    reception: ReceptionService,
    dossier_id: str,
    *,
    officer_id: int | None,
    reason: str,
) -> Op[Decision]:
    return Op(parent, tasks, lambda: reception.refuse(dossier_id, officer_id, reason))


def reprint_document(
    parent: QObject,
    tasks: TaskManager,
    reception: ReceptionService,
    dossier_id: str,
    *,
    kind: str,
    officer_id: int | None,
    printer: str | None = None,
) -> Op[Decision]:
    """A copy (BẢN SAO) of the dossier's ``kind`` document, on ``printer`` or the receipt one."""
    return Op(parent, tasks, lambda: reception.reprint(dossier_id, kind, officer_id, printer))


# --- letters after reception (kiosk.letters) -----------------------------------------------------


def letter_plan(
    parent: QObject, tasks: TaskManager, letters: LetterService, dossier_id: str, *, today
) -> Op[LetterPlan]:
    """What letters the dossier can get, and how to reach its applicant."""
    return Op(parent, tasks, lambda: letters.plan(dossier_id, today))


def issue_apology(
    parent: QObject,
    tasks: TaskManager,
    letters: LetterService,
    dossier_id: str,
    *,
    officer_id: int | None,
    reason: str,
    extension_days: int,
    when: datetime,
) -> Op[Decision]:
    """The apology (form 04): the due date is reset, once only."""
    return Op(
        parent,
        tasks,
        lambda: letters.apologise(dossier_id, officer_id, reason, extension_days, when),
    )


def stop_processing(
    parent: QObject,
    tasks: TaskManager,
    letters: LetterService,
    dossier_id: str,
    *,
    officer_id: int | None,
    reason: str,
    stage: str,
    fee_settlement: str,
    when: datetime,
) -> Op[Decision]:
    """The notice of stopping (2025 form 05): the dossier's processing ends."""
    return Op(
        parent,
        tasks,
        lambda: letters.stop(dossier_id, officer_id, reason, stage, fee_settlement, when),
    )


# --- the return desk and drafts (kiosk.returns, kiosk.drafts) ------------------------------------


def mark_result_ready(
    parent: QObject,
    tasks: TaskManager,
    returns: ReturnService,
    dossier_id: str,
    *,
    officer_id: int | None,
    when: datetime,
) -> Op[DossierSnapshot]:
    return Op(parent, tasks, lambda: returns.mark_result_ready(dossier_id, officer_id, when))


def hand_over_result(
    parent: QObject,
    tasks: TaskManager,
    returns: ReturnService,
    dossier_id: str,
    *,
    officer_id: int | None,
    recipient: str,
    authorised: bool,
    when: datetime,
    early_reason: str | None = None,
) -> Op[DossierSnapshot]:
    """The hand-over; ``early_reason`` confirms one before the result is recorded as ready."""
    return Op(
        parent,
        tasks,
        lambda: returns.hand_over(
            dossier_id, officer_id, recipient, authorised, when, early_reason=early_reason
        ),
    )


def discard_draft(
    parent: QObject,
    tasks: TaskManager,
    drafts: DraftService,
    dossier_id: str,
    *,
    officer_id: int | None,
) -> Op[None]:
    return Op(parent, tasks, lambda: drafts.discard(dossier_id, officer_id))


# --- scanned pages of a draft (kiosk.scanning.pages; the page store refuses what is not allowed) --


def rotate_page(
    parent: QObject, tasks: TaskManager, pages: PageStore, dossier_id: str, *, page_id: int
) -> Op[PageInfo]:
    """Turn a page a quarter clockwise."""
    return Op(parent, tasks, lambda: pages.rotate(dossier_id, page_id, 90))


def delete_page(
    parent: QObject, tasks: TaskManager, pages: PageStore, dossier_id: str, *, page_id: int
) -> Op[None]:
    return Op(parent, tasks, lambda: pages.delete(dossier_id, page_id))


def mark_handwritten(
    parent: QObject,
    tasks: TaskManager,
    pages: PageStore,
    dossier_id: str,
    *,
    page_id: int,
    on: bool,
) -> Op[PageInfo]:
    """Mark a page "có ghi chú viết tay" (its second scan is then needed), or unmark it."""
    return Op(parent, tasks, lambda: pages.mark_handwritten(dossier_id, page_id, on))


def reorder_pages(
    parent: QObject,
    tasks: TaskManager,
    pages: PageStore,
    dossier_id: str,
    *,
    item_id: int,
    page_ids: list[int],
) -> Op[list[PageInfo]]:
    return Op(parent, tasks, lambda: pages.reorder(dossier_id, item_id, page_ids))


def split_pages(
    parent: QObject,
    tasks: TaskManager,
    pages: PageStore,
    dossier_id: str,
    *,
    page_id: int,
    to_item_id: int,
) -> Op[None]:
    """Move a page and those after it to another paper (a feeder batch split between items)."""
    return Op(parent, tasks, lambda: pages.split(dossier_id, page_id, to_item_id))


def set_expected_pages(
    parent: QObject,
    tasks: TaskManager,
    pages: PageStore,
    dossier_id: str,
    *,
    item_id: int,
    count: int,
) -> Op[None]:
    """The physical pages the officer counted for a paper (the scans must match them)."""
    return Op(parent, tasks, lambda: pages.set_expected_pages(dossier_id, item_id, count))


def seal_paper(
    parent: QObject,
    tasks: TaskManager,
    pages: PageStore,
    dossier_id: str,
    *,
    item_id: int,
    officer_id: int | None,
) -> Op[PaperState]:
    """Seal a paper's pages into its signed PDF (refused if its pages do not match)."""
    return Op(parent, tasks, lambda: pages.seal(dossier_id, item_id, officer_id))


def reuse_paper(
    parent: QObject,
    tasks: TaskManager,
    reuse: PaperReuse,
    dossier_id: str,
    *,
    item_id: int,
    source_item_id: int,
    officer_id: int | None,
) -> Op[None]:
    """Use the applicant's sealed copy on file for this paper instead of a rescan."""
    return Op(parent, tasks, lambda: reuse.reuse(dossier_id, item_id, source_item_id, officer_id))
