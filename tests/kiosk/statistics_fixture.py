"""A hand-computed fixture for the statistics: seventeen dossiers with known outcomes in November
2026, two officers and an idle one, time-zone edges at midnight (Vietnam time, stored in UTC).

The expected figures are written out in tests/kiosk/test_statistics.py.
"""

from datetime import date, datetime

from kiosk.models import Blob, Dossier, DossierEvent, DossierItem, Officer, ScanPaper
from kiosk.timeutil import VIETNAM

NOV_START, NOV_END = date(2026, 11, 1), date(2026, 11, 30)
TODAY = date(2026, 12, 3)


def vn(day: int, month: int = 11, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VIETNAM)


def add_officer(s, username, name, role="officer"):
    officer = Officer(username=username, full_name=name, role=role, secret_hash="x")
    s.add(officer)
    s.flush()
    return officer.id


def dossier(s, version_id, officer, status, *, received=None, due=None, supplements=0, items=()):
    d = Dossier(
        procedure_version_id=version_id,
        applicant={"full_name": "Nguyễn Văn An"},
        status=status,
        received_at=received,
        due_date=due,
        officer_id=officer,
        supplement_requests=supplements,
    )
    s.add(d)
    s.flush()
    for pos, (kept, scanned) in enumerate(items, 1):
        s.add(
            DossierItem(
                dossier_id=d.id,
                position=pos,
                name=f"Giấy tờ {pos}",
                originals=1 if kept else 0,
                pdf_sha256=None,
            )
        )
        if scanned:
            sha = f"{pos:02d}{d.id.replace('-', '')}".ljust(64, "0")[:64]
            s.add(Blob(sha256=sha, size=1, media_type="application/pdf"))
            s.flush()
            s.query(DossierItem).filter_by(dossier_id=d.id, position=pos).update(
                {"pdf_sha256": sha}
            )
    return d.id


def event(s, dossier_id, status, at, officer=None):
    s.add(DossierEvent(dossier_id=dossier_id, status=status, at=at, officer_id=officer))


def build_november(store, version_id):
    with store.sessions.begin() as s:
        a = add_officer(s, "an.nguyen", "Nguyễn Thị An")
        b = add_officer(s, "binh.tran", "Trần Văn Bình")
        c = add_officer(s, "cuong.le", "Lê Văn Cường")  # nothing in November
        add_officer(s, "tech", "Kỹ thuật", role="technician")  # never listed
        v = version_id
        # 1. A: on time, both kept papers digitised
        d = dossier(s, v, a, "result_ready", received=vn(2), due=date(2026, 11, 5),
                    items=[(True, True), (True, True)])  # fmt: skip
        event(s, d, "result_ready", vn(5, hour=16))
        first = d
        # 2. A: result three days late; one of two kept papers not digitised
        d = dossier(s, v, a, "returned", received=vn(3), due=date(2026, 11, 6),
                    items=[(True, True), (True, False)])  # fmt: skip
        event(s, d, "result_ready", vn(9))
        event(s, d, "returned", vn(10), a)
        second = d
        # 3. A: handed over early (no "result ready" before): finished on time; no kept paper
        d = dossier(s, v, a, "returned", received=vn(10), due=date(2026, 11, 13),
                    items=[(False, False)])  # fmt: skip
        event(s, d, "returned", vn(12), a)
        # 4. A: still in progress, due 20/11: late at the end of the month
        dossier(s, v, a, "accepted", received=vn(16), due=date(2026, 11, 20))
        # 5. A: in progress, due 02/12: not late on 30/11
        dossier(s, v, a, "accepted", received=vn(25), due=date(2026, 12, 2))
        # 6. B: result ready on its due day, handed over the next day: counted once, on time
        d = dossier(s, v, b, "returned", received=vn(4), due=date(2026, 11, 9),
                    items=[(True, True)])  # fmt: skip
        event(s, d, "result_ready", vn(9, hour=10))
        event(s, d, "returned", vn(10), b)
        # 7. B: two supplement requests (Decision 766: late), result before its due date
        d = dossier(s, v, b, "result_ready", received=vn(5), due=date(2026, 11, 10),
                    supplements=2)  # fmt: skip
        event(s, d, "supplement_requested", vn(1), b)
        event(s, d, "supplement_requested", vn(3), b)
        event(s, d, "result_ready", vn(8))
        # 8. B: waits for a supplement
        d = dossier(s, v, b, "supplement_requested", supplements=1)
        event(s, d, "supplement_requested", vn(12), b)
        # 9. A: refused
        d = dossier(s, v, a, "refused")
        event(s, d, "refused", vn(14), a)
        # 10. B: refused at 23:30 on 30/11 (16:30 UTC): in November
        d = dossier(s, v, b, "refused")
        event(s, d, "refused", vn(30, hour=23, minute=30), b)
        # 11. B: refused at 00:30 on 01/12 (17:30 UTC on 30/11): in December
        d = dossier(s, v, b, "refused")
        event(s, d, "refused", vn(1, month=12, hour=0, minute=30), b)
        # 12. A: received in October, result on time in November
        d = dossier(s, v, a, "result_ready", received=vn(30, month=10), due=date(2026, 11, 4))
        event(s, d, "result_ready", vn(4))
        # 13. B: received 30/11 at 23:50 (16:50 UTC): in November; due 03/12
        dossier(s, v, b, "accepted", received=vn(30, hour=23, minute=50), due=date(2026, 12, 3))
        # 14. no officer: result at 06:00 on 20/11 (23:00 UTC on 19/11), due 19/11: late
        d = dossier(s, v, None, "result_ready", received=vn(18), due=date(2026, 11, 19))
        event(s, d, "result_ready", vn(20, hour=6))
        # 15. A: received in October, due 06/10, still in progress: late
        dossier(s, v, a, "accepted", received=vn(1, month=10), due=date(2026, 10, 6))
        # 16. A: received in October, processing stopped with a notice (form 05) on 17/11 by A
        d = dossier(s, v, a, "stopped", received=vn(20, month=10), due=date(2026, 11, 3))
        event(s, d, "stopped", vn(17), a)
        # 17. B: stopped at 00:15 on 01/12 (17:15 UTC on 30/11): in December
        d = dossier(s, v, b, "stopped", received=vn(21, month=10), due=date(2026, 12, 4))
        event(s, d, "stopped", vn(1, month=12, hour=0, minute=15), b)
        # no. 1's first paper is the sealed copy of no. 2's, re-used (one re-used paper for A)
        item = s.query(DossierItem).filter_by(dossier_id=first, position=1).one()
        source = s.query(DossierItem).filter_by(dossier_id=second, position=1).one()
        s.add(
            ScanPaper(
                dossier_item_id=item.id,
                dossier_id=first,
                kind_folded="giay to 1",
                pdf_sha256=item.pdf_sha256,
                reused_from_item_id=source.id,
            )
        )
    return {"a": a, "b": b, "c": c}
