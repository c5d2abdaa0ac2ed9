"""Builders for test data written straight into the store (the catalog import is tested on its
own)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time

from kiosk.blobs import BlobStore
from kiosk.calendar import WorkCalendar
from kiosk.code_service import CodeService
from kiosk.dossier_types import Applicant, ItemCounts
from kiosk.models import ChecklistItem, Procedure, ProcedureVersion
from kiosk.reception import ReceptionService
from kiosk.text import fold

AGENCY = "000.31.27.H56"


def add_procedure(
    store,
    code="1.001193",
    name="Đăng ký khai sinh",
    *,
    version=1,
    days=3,
    effective_from=date(2020, 1, 1),
    effective_to=None,
    status="published",
    cutoff=None,
    items=None,
) -> int:
    """Add one procedure version with a checklist; return the version id."""
    items = (
        items
        if items is not None
        else [
            ("Tờ khai đăng ký khai sinh theo mẫu", 1, 0, 0, True, None),
            ("Giấy chứng sinh", 1, 0, 0, True, None),
            ("Văn bản ủy quyền (nếu nộp thay)", 1, 0, 0, False, "Khi người khác nộp thay cha, mẹ"),
        ]
    )
    with store.sessions.begin() as s:
        proc = s.query(Procedure).filter_by(code=code).one_or_none()
        if proc is None:
            proc = Procedure(code=code)
            s.add(proc)
            s.flush()
        v = ProcedureVersion(
            procedure_id=proc.id,
            version=version,
            name=name,
            name_folded=fold(name),
            field="Hộ tịch",
            level="commune",
            agency="UBND cấp xã",
            time_limit_days=days,
            cutoff=cutoff,
            fee={"amount": 0, "rule": "Miễn lệ phí"},
            legal_basis=["Luật Hộ tịch 2014"],
            result="Giấy khai sinh",
            eform=None,
            effective_from=effective_from,
            effective_to=effective_to,
            status=status,
            source={"decision": "test"},
            notes=None,
            content_sha256=hashlib.sha256(f"{code}{version}".encode()).hexdigest(),
        )
        s.add(v)
        s.flush()
        for pos, (n, o, c, p, req, cond) in enumerate(items, start=1):
            s.add(
                ChecklistItem(
                    version_id=v.id,
                    position=pos,
                    name=n,
                    originals=o,
                    certified_copies=c,
                    photocopies=p,
                    required=req,
                    condition=cond,
                )
            )
        return v.id


def fake_renderer(kind, snapshot, is_copy):
    """FAKE renderer for core tests only (the real one, printing/, is tested on its own)."""
    return f"%PDF-1.4 fake {kind} {snapshot.code} {snapshot.status} {is_copy}".encode()


def make_reception(store, tmp_path, render=fake_renderer, counter=1) -> ReceptionService:
    return ReceptionService(
        store.sessions,
        calendar=WorkCalendar(),
        codes=CodeService(store.sessions),
        blobs=BlobStore(tmp_path / "blobs"),
        render=render,
        agency_code=AGENCY,
        counter=counter,
        cutoff=time(15, 0),
    )


MONDAY = datetime(2026, 12, 7, 9, 30)

PERSON = Applicant(
    full_name="Nguyễn Văn An",
    id_number="038090123456",
    date_of_birth=date(1990, 1, 1),
    gender="Nam",
    address="Thôn 3, xã Quảng Phú",
    sources={"full_name": "card"},
)


def complete_draft(reception, version_id, when=MONDAY):
    """A draft of ``version_id`` with PERSON as applicant and every required paper received."""
    snap = reception.create_draft(version_id, None, when)
    reception.save_applicant(snap.id, PERSON)
    required = {i.id: ItemCounts(originals=1) for i in snap.items if i.required}
    return reception.set_counts(snap.id, required)
