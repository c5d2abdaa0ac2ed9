"""Maintainers' notes in the catalog (VERIFIED…, RECALLED…, "(số hiệu chưa đối chiếu)") stay in the
data and never reach what officers and citizens see."""

from dataclasses import astuple
from datetime import date

import pytest
from sqlalchemy import select

from kiosk.catalog import CatalogService
from kiosk.catalog_fees import Fee, describe_time_limit
from kiosk.models import ProcedureVersion
from kiosk.paths import resource
from kiosk.public_text import is_internal, public_text


@pytest.mark.parametrize(
    "stored, shown",
    [
        (
            "VERIFIED-2nd: mã 1.001193. Thành phần hồ sơ theo Luật Hộ tịch Điều 16 (VERIFIED). "
            "RECALLED: số và ngày Quyết định 1872/QĐ-BTP cần đối chiếu.",
            "Thành phần hồ sơ theo Luật Hộ tịch Điều 16.",
        ),
        (
            "Quyết định công bố TTHC trên Cơ sở dữ liệu quốc gia về TTHC (số hiệu chưa đối chiếu)",
            "Quyết định công bố TTHC trên Cơ sở dữ liệu quốc gia về TTHC",
        ),
        (
            "Thời hạn tính theo ngày kể từ ngày nhận đơn; RECALLED: cách tính ngày cần đối chiếu.",
            "Thời hạn tính theo ngày kể từ ngày nhận đơn.",
        ),
        (
            "Thủ tục đã bãi bỏ. RECALLED: mã giữ chỗ — không phải mã công bố; ngày 01/07/2014 theo "
            "trí nhớ.",
            "Thủ tục đã bãi bỏ.",
        ),
        ("RECALLED: mức phí cần đối chiếu.", ""),
        (
            "Đăng ký trong tháng 4 hằng năm cho công dân nam đủ 17 tuổi (RECALLED).",
            "Đăng ký trong tháng 4 hằng năm cho công dân nam đủ 17 tuổi.",
        ),
        # public text that merely looks alike is kept whole
        (
            "Giấy tờ tùy thân có ảnh — xuất trình để đối chiếu",
            "Giấy tờ tùy thân có ảnh — xuất trình để đối chiếu",
        ),
        ("Luật Hộ tịch số 60/2014/QH13", "Luật Hộ tịch số 60/2014/QH13"),
        (None, ""),
    ],
)
def test_public_text(stored, shown):
    assert public_text(stored) == shown
    assert not is_internal(public_text(stored))


def test_fee_and_time_limit_texts_leave_the_notes_out():
    fee = Fee.from_json(
        {
            "rule": "fixed",
            "amount": 8000,
            "per": "bản",
            "text": "RECALLED: mức 8.000 đồng/bản theo nguồn thứ cấp.",
        }
    )
    assert fee.describe() == "8.000 đồng/bản"
    assert describe_time_limit(3, None, "Kể từ ngày nhận đơn; RECALLED: cần đối chiếu.") == (
        "3 ngày làm việc. Kể từ ngày nhận đơn."
    )


def test_no_note_of_the_seed_catalog_reaches_an_officer(store):
    """Every procedure of the bundled catalog, as the catalog service gives it to the screens and
    forms: no maintainer's note anywhere; the store still holds them."""
    catalog = CatalogService(store.sessions)
    catalog.import_file(resource("catalog", "seed.json"))
    with store.sessions.begin() as s:
        ids = s.scalars(select(ProcedureVersion.id)).all()
        raw_notes = s.scalars(select(ProcedureVersion.notes)).all()
    assert sum(is_internal(n) for n in raw_notes) > 10  # kept in the data for maintainers
    shown = []
    for version_id in ids:
        d = catalog.get_version(version_id)
        shown += [d.notes, d.source_decision, d.time_limit_text(), d.fee.describe(), *d.legal_basis]
        shown += [text for item in d.checklist for text in (item.name, item.condition)]
    leaks = [t for t in shown if is_internal(t)]
    assert leaks == [] and len(shown) > 100
    summaries = catalog.search("", date(2026, 12, 7))
    assert summaries and not any(
        is_internal(t) for s in summaries for t in astuple(s) if isinstance(t, str)
    )
