"""Catalog files: validation messages with paths, all-or-nothing and idempotent import,
immutability."""

from datetime import date

import pytest
from sqlalchemy import func, select

from kiosk.catalog import CatalogService
from kiosk.errors import InvalidInput
from kiosk.models import ChecklistItem, ProcedureVersion
from tests.kiosk.catalog_helpers import document, procedure, version, write


@pytest.fixture
def catalog(store):
    return CatalogService(store.sessions)


def snapshot(store):
    with store.sessions.begin() as s:
        return (
            s.scalar(select(func.count()).select_from(ProcedureVersion)),
            s.scalar(select(func.count()).select_from(ChecklistItem)),
            tuple(s.scalars(select(ProcedureVersion.effective_to).order_by(ProcedureVersion.id))),
        )


def messages(catalog, path):
    return [str(p) for p in catalog.validate_file(path)]


def test_catalog_valid_file_imports_then_reimport_changes_nothing(catalog, store, tmp_path):
    """A repeated import is a no-op: nothing added, nothing closed, same rows."""
    path = write(
        tmp_path,
        document(procedure("1.001193"), procedure("1.000894", version(name="Đăng ký kết hôn"))),
    )
    assert catalog.validate_file(path) == []
    first = catalog.import_file(path)
    assert (first.procedures_added, first.versions_added) == (2, 2)
    before = snapshot(store)
    again = catalog.import_file(path)
    assert not again.changed and again.versions_unchanged == 2
    assert snapshot(store) == before


BROKEN = {
    "wrong type": (
        lambda d: d["procedures"][0]["versions"][0].update(time_limit={"working_days": "ba"}),
        "procedures[0].versions[0].time_limit.working_days: phải là số nguyên",
    ),
    "missing field": (
        lambda d: d["procedures"][0]["versions"][0].pop("agency"),
        "procedures[0].versions[0].agency: thiếu cơ quan thực hiện",
    ),
    "checklist item without a name": (
        lambda d: d["procedures"][0]["versions"][0]["checklist"][1].pop("name"),
        "procedures[0].versions[0].checklist[1].name: thiếu tên giấy tờ",
    ),
    "blank name": (
        lambda d: d["procedures"][0]["versions"][0]["checklist"][0].update(name="  "),
        "procedures[0].versions[0].checklist[0].name: không được để trống",
    ),
    "duplicate code": (
        lambda d: d["procedures"].append(procedure("1.001193")),
        "procedures[1].code: mã 1.001193 trùng với procedures[0]",
    ),
    "overlapping ranges": (
        lambda d: (
            d["procedures"][0]["versions"].append(version(2, "amended", start="2024-06-01"))
            or d["procedures"][0]["versions"][0].update(effective_to="2024-12-31")
        ),
        "procedures[0].versions[1].effective_from: khoảng hiệu lực chồng lên phiên bản 1",
    ),
    "end before start": (
        lambda d: d["procedures"][0]["versions"][0].update(effective_to="2023-12-31"),
        "procedures[0].versions[0].effective_to: ngày hết hiệu lực 31/12/2023 trước",
    ),
    "impossible date": (
        lambda d: d["procedures"][0]["versions"][0].update(effective_from="2024-02-30"),
        "procedures[0].versions[0].effective_from: “2024-02-30” không phải ngày có thật",
    ),
    "bad code": (
        lambda d: d["procedures"][0].update(code="1193"),
        "procedures[0].code: mã thủ tục “1193” không đúng dạng",
    ),
    "conditional without condition": (
        lambda d: d["procedures"][0]["versions"][0]["checklist"][1].pop("condition"),
        "procedures[0].versions[0].checklist[1].condition: "
        "giấy tờ không bắt buộc phải ghi rõ điều kiện",
    ),
    "unknown e-form": (
        lambda d: d["procedures"][0]["versions"][0]["checklist"][0].update(eform="khac"),
        "procedures[0].versions[0].checklist[0].eform: biểu mẫu “khac” không có",
    ),
    "amended without predecessor": (
        lambda d: d["procedures"][0]["versions"][0].update(version=2, status="amended"),
        "thiếu phiên bản 1",
    ),
    "bad status": (
        lambda d: d["procedures"][0]["versions"][0].update(status="draft"),
        "procedures[0].versions[0].status: giá trị “draft” không hợp lệ",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_catalog_broken_file_is_refused_and_store_unchanged(catalog, store, tmp_path, case):
    """Each kind of broken file gets a Vietnamese message with its path; nothing is written."""
    catalog.import_file(
        write(tmp_path, document(procedure("1.000894", version(name="Đăng ký kết hôn"))), "ok.json")
    )
    before = snapshot(store)
    doc = document(procedure("1.001193"))
    mutate, expected = BROKEN[case]
    mutate(doc)
    path = write(tmp_path, doc)
    found = messages(catalog, path)
    assert any(expected in m for m in found), found
    with pytest.raises(InvalidInput) as err:
        catalog.import_file(path)
    assert expected in str(err.value) and "không có gì được ghi" in str(err.value)
    assert snapshot(store) == before


def test_catalog_one_bad_procedure_refuses_the_whole_file(catalog, store, tmp_path):
    """All or nothing: 1 bad procedure among good ones means none is imported."""
    doc = document(procedure("1.000001"), procedure("1.000002"), procedure("1.000003"))
    doc["procedures"][2]["versions"][0]["checklist"][0].pop("name")
    with pytest.raises(InvalidInput):
        catalog.import_file(write(tmp_path, doc))
    assert snapshot(store)[0] == 0


@pytest.mark.parametrize(
    "content, words",
    [
        ("{not json", "không phải JSON hợp lệ: dòng 1"),
        ('{"format": "mot-cua-catalog/1"}', "procedures: thiếu danh sách thủ tục"),
        ('{"format": "x", "procedures": []}', "format: phải là “mot-cua-catalog/1”"),
    ],
)
def test_catalog_unreadable_files(catalog, tmp_path, content, words):
    path = tmp_path / "c.json"
    path.write_text(content, encoding="utf-8")
    assert any(words in m for m in messages(catalog, path))


def test_catalog_missing_file_message(catalog, tmp_path):
    assert "Không tìm thấy tệp" in messages(catalog, tmp_path / "none.json")[0]


def test_catalog_published_version_is_never_changed_in_place(catalog, store, tmp_path):
    """Changing a stored version's content is refused; the change must be a new version."""
    catalog.import_file(write(tmp_path, document(procedure())))
    doc = document(procedure())
    doc["procedures"][0]["versions"][0]["checklist"][0]["name"] = "Tờ khai (mẫu mới)"
    with pytest.raises(InvalidInput, match="không được sửa phiên bản đã công bố"):
        catalog.import_file(write(tmp_path, doc, "changed.json"))
    detail = catalog.get("1.001193", date(2024, 5, 1))
    assert detail.checklist[0].name == "Tờ khai"


def test_catalog_amendment_closes_previous_version_and_keeps_its_id(catalog, tmp_path):
    """A later file adds version 2; version 1 ends the day before; old ids stay valid."""
    catalog.import_file(write(tmp_path, document(procedure())))
    v1 = catalog.get("1.001193", date(2024, 5, 1))
    amended = version(2, "amended", start="2025-07-01")
    amended["checklist"] = amended["checklist"][:1]
    report = catalog.import_file(
        write(tmp_path, document(procedure("1.001193", version(), amended)), "v2.json")
    )
    assert (report.versions_added, report.versions_closed, report.versions_unchanged) == (1, 1, 1)
    assert catalog.get("1.001193", date(2025, 6, 30)).version_id == v1.version_id
    assert catalog.get("1.001193", date(2025, 7, 1)).version == 2
    old = catalog.get_version(v1.version_id)
    assert old.effective_to == date(2025, 6, 30) and len(old.checklist) == 2
    assert [h.version for h in old.history] == [1, 2]


def test_catalog_older_file_after_amendment_is_accepted_unchanged(catalog, store, tmp_path):
    """Re-importing the first file after an amendment neither reopens nor breaks anything."""
    first = write(tmp_path, document(procedure()), "v1.json")
    catalog.import_file(first)
    catalog.import_file(
        write(
            tmp_path,
            document(procedure("1.001193", version(), version(2, "amended", start="2025-07-01"))),
            "v2.json",
        )
    )
    before = snapshot(store)
    assert not catalog.import_file(first).changed
    assert snapshot(store) == before


def test_catalog_cannot_move_a_stored_end_date(catalog, tmp_path):
    catalog.import_file(write(tmp_path, document(procedure("1.001193", version(end="2024-12-31")))))
    moved = document(procedure("1.001193", version(end="2025-03-31")))
    assert any(
        "không được đổi ngày này" in m for m in messages(catalog, write(tmp_path, moved, "m.json"))
    )


def test_catalog_abolished_version_inherits_content_and_hides_procedure(catalog, tmp_path):
    abolished = {
        "version": 2,
        "status": "abolished",
        "effective_from": "2025-01-01",
        "source": {"decision": "Quyết định bãi bỏ", "date": "2024-12-01"},
    }
    catalog.import_file(write(tmp_path, document(procedure("1.001193", version(), abolished))))
    assert catalog.get("1.001193", date(2024, 12, 31)).version == 1
    assert catalog.get("1.001193", date(2025, 1, 1)) is None
    history = catalog.get_version(catalog.get("1.001193", date(2024, 12, 31)).version_id).history
    tomb = catalog.get_version(history[1].version_id)
    assert tomb.name == "Đăng ký khai sinh" and tomb.status == "abolished"


def test_catalog_nothing_after_abolition(catalog, tmp_path):
    abolished = {
        "version": 2,
        "status": "abolished",
        "effective_from": "2025-01-01",
        "source": {"decision": "QĐ", "date": None},
    }
    doc = document(
        procedure("1.001193", version(), abolished, version(3, "amended", start="2026-01-01"))
    )
    assert any("đã bãi bỏ ở phiên bản 2" in m for m in messages(catalog, write(tmp_path, doc)))
