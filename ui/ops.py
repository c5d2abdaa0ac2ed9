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
