"""UI actions as verbs (ui/ops.py): the work runs on the worker, success or failure comes back on
the GUI thread, and nothing comes back to a widget that is gone."""

from __future__ import annotations

from datetime import datetime

import shiboken6
from PySide6.QtWidgets import QWidget

from kiosk.dossier_types import DossierStatus
from kiosk.errors import InvalidInput
from tests.ui.records_helpers import draft, settle
from ui import ops


def test_accept_reports_the_decision(qtbot, tasks, services, version_id):
    parent = QWidget()
    qtbot.addWidget(parent)
    snap = draft(services, version_id)
    got, failed = [], []
    ops.accept_dossier(
        parent, tasks, services.reception, snap.id, officer_id=None, when=datetime.now()
    ).success(got.append).failure(failed.append).run_in_background()
    settle(qtbot, tasks)
    assert failed == [] and got[0].dossier.status == DossierStatus.ACCEPTED
    assert services.dossiers.get(snap.id).code == got[0].dossier.code


def test_refusal_without_reason_reports_failure_and_changes_nothing(
    qtbot, tasks, services, version_id
):
    parent = QWidget()
    qtbot.addWidget(parent)
    snap = draft(services, version_id)
    got, failed = [], []
    ops.refuse_dossier(
        parent, tasks, services.reception, snap.id, officer_id=None, reason=" "
    ).success(got.append).failure(failed.append).run_in_background()
    settle(qtbot, tasks)
    assert got == [] and isinstance(failed[0], InvalidInput)
    assert services.dossiers.get(snap.id).status == DossierStatus.DRAFT


def test_callbacks_skip_a_closed_widget(qtbot, tasks, services, version_id):
    parent = QWidget()
    snap = draft(services, version_id)
    got = []
    op = ops.accept_dossier(
        parent, tasks, services.reception, snap.id, officer_id=None, when=datetime.now()
    ).success(got.append)
    op.run_in_background()
    shiboken6.delete(parent)  # closed before any callback can run (they are queued)
    qtbot.waitUntil(lambda: tasks.running == 0, timeout=15000)
    assert got == []  # nobody left to tell
    assert services.dossiers.get(snap.id).status == DossierStatus.ACCEPTED  # the work was done
