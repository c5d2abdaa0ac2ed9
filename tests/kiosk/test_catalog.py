"""Catalog queries: search with and without accents, by code, filters, effective dates, the seed."""

import json
import subprocess
import sys
from datetime import date

import pytest

from kiosk.catalog import CatalogService
from kiosk.paths import resource
from tests.kiosk.catalog_helpers import document, procedure, version, write

TODAY = date(2026, 12, 5)


@pytest.fixture
def seeded(store):
    service = CatalogService(store.sessions)
    service.import_file(resource("catalog", "seed.json"))
    return service


@pytest.mark.parametrize(
    "query", ["dang ky ket hon", "Đăng ký kết hôn", "ĐĂNG KÝ KẾT HÔN", "ket hon"]
)
def test_catalog_search_marriage_first(seeded, query):
    results = seeded.search(query, TODAY)
    assert results[0].code == "1.000894" and results[0].name == "Đăng ký kết hôn"
    assert {"1.000593", "1.004746", "2.000806"} <= {r.code for r in results}


@pytest.mark.parametrize(
    "query", ["dang ky khai sinh", "đăng ký khai sinh", "khai sinh", "KHAI SINH"]
)
def test_catalog_search_birth_first(seeded, query):
    assert seeded.search(query, TODAY)[0].code == "1.001193"


def test_catalog_search_by_code_and_prefix(seeded):
    assert [r.code for r in seeded.search("1.001193", TODAY)] == ["1.001193"]
    codes = [r.code for r in seeded.search("2.000", TODAY, limit=50)]
    assert codes == sorted(codes) and codes and all(c.startswith("2.000") for c in codes)


def test_catalog_search_d_without_stroke_finds_dat_dai(seeded):
    """đ has no Unicode decomposition: "dat dai" must still find "Đất đai"."""
    assert any(r.field == "Đất đai" for r in seeded.search("dat dai", TODAY))


def test_catalog_search_filters_field_and_level(seeded):
    civil = seeded.search("dang ky", TODAY, field="ho tich", limit=100)
    assert civil and all(r.field == "Hộ tịch" for r in civil)
    assert all(r.level == "district" for r in seeded.search("", TODAY, level="huyen", limit=100))
    assert seeded.search("ket hon", TODAY, field="Đất đai") == []


def test_catalog_empty_query_lists_everything_offered(seeded):
    everything = seeded.search("", TODAY, limit=1000)
    assert len(everything) >= 40
    assert len({r.code for r in everything}) == len(everything)  # one version per code on a day
    assert sum(f.procedures for f in seeded.fields(TODAY)) == len(everything)


def test_catalog_seed_has_real_content(seeded):
    """At least 40 procedures; an amended one and an abolished one; every entry names a source."""
    doc = json.loads(resource("catalog", "seed.json").read_text(encoding="utf-8"))
    assert len(doc["procedures"]) >= 40
    statuses = {v["status"] for p in doc["procedures"] for v in p["versions"]}
    assert statuses == {"published", "amended", "abolished"}
    assert all(v["source"]["decision"] for p in doc["procedures"] for v in p["versions"])
    detail = seeded.get("2.000815", TODAY)
    assert detail.fee.for_pages(1) == 2000 and detail.fee.for_pages(5) == 7000
    assert detail.fee.for_pages(1000) == 200000
    assert "tối đa 200.000 đồng" in detail.fee.describe()


def test_catalog_seed_import_is_idempotent(seeded):
    report = seeded.import_file(resource("catalog", "seed.json"))
    assert not report.changed


@pytest.fixture
def dated(store, tmp_path):
    """v1 from 2024-01-01, amended v2 from 2025-07-01; another code expires 2025-03-31."""
    service = CatalogService(store.sessions)
    v2 = version(2, "amended", start="2025-07-01", name="Đăng ký khai sinh (sửa đổi)")
    doc = document(
        procedure("1.001193", version(), v2),
        procedure("1.000894", version(name="Đăng ký kết hôn", end="2025-03-31")),
    )
    service.import_file(write(tmp_path, doc))
    return service


@pytest.mark.parametrize(
    "day, name",
    [
        (date(2023, 12, 31), None),
        (date(2024, 1, 1), "Đăng ký khai sinh"),
        (date(2025, 6, 30), "Đăng ký khai sinh"),
        (date(2025, 7, 1), "Đăng ký khai sinh (sửa đổi)"),
    ],
)
def test_catalog_version_boundaries(dated, day, name):
    """The version offered switches exactly on effective_from; nothing before the first one."""
    detail = dated.get("1.001193", day)
    assert (detail.name if detail else None) == name
    found = dated.search("khai sinh", day)
    assert [r.name for r in found] == ([name] if name else [])


@pytest.mark.parametrize("day, offered", [(date(2025, 3, 31), True), (date(2025, 4, 1), False)])
def test_catalog_expired_procedure_disappears_the_next_day(dated, day, offered):
    assert (dated.get("1.000894", day) is not None) == offered
    assert bool(dated.search("ket hon", day)) == offered
    assert any(
        f.name == "Hộ tịch" and f.procedures == (2 if offered else 1) for f in dated.fields(day)
    )


def test_catalog_dossier_keeps_its_version(dated):
    """A dossier received under v1 still reads v1 (with checklist ids) after v2 takes over."""
    v1 = dated.get("1.001193", date(2025, 1, 10))
    later = dated.get_version(v1.version_id)
    assert later.version == 1 and later.effective_to == date(2025, 6, 30)
    assert [i.id for i in later.checklist] == [i.id for i in v1.checklist]
    with pytest.raises(LookupError):
        dated.get_version(999999)


def test_catalog_like_fallback_ranks_the_same(store, seeded):
    """The path PostgreSQL would take (no FTS5) gives the same first answers."""
    plain = CatalogService(store.sessions, fts=False)
    for query in ("dang ky ket hon", "khai sinh", "chung thuc ban sao"):
        assert plain.search(query, TODAY)[0].code == seeded.search(query, TODAY)[0].code


def test_catalog_like_search_takes_wildcards_literally(store, seeded):
    """A ``_`` typed by the officer is a character, not a LIKE wildcard matching any letter."""
    plain = CatalogService(store.sessions, fts=False)
    assert plain.search_scan("_", TODAY) == []
    assert plain.search_scan("ket_hon", TODAY) == []  # unescaped, _ would match the space
    assert plain.search_scan("ket hon", TODAY)[0].code == "1.000894"
    # the word search (issue #10) reads "_" as a separator between words, never as a wildcard
    assert plain.search("_", TODAY) == []
    assert plain.search("ket_hon", TODAY)[0].code == "1.000894"


def test_catalog_fts_stays_in_sync_with_deletes(store, seeded):
    from sqlalchemy import text

    if store.engine.dialect.name != "sqlite":
        pytest.skip("FTS5 is SQLite's; other databases search with LIKE")
    with store.sessions.begin() as s:
        s.execute(text("DELETE FROM checklist_items"))
        s.execute(text("DELETE FROM procedure_versions"))
        assert s.execute(text("SELECT count(*) FROM procedure_search")).scalar() == 0


def kiosk(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


def test_catalog_cli_search_marriage_first_on_fresh_machine():
    """Done criterion: `kiosk catalog search "dang ky ket hon"` lists marriage registration
    first."""
    result = kiosk("catalog", "search", "dang ky ket hon")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("1.000894  Thủ tục đăng ký kết hôn")
    assert "danh mục mẫu" in result.stderr


def test_catalog_cli_validate_import_and_json(tmp_path):
    good = write(tmp_path, document(procedure()))
    bad_doc = document(procedure())
    bad_doc["procedures"][0]["versions"][0]["checklist"][0].pop("name")
    bad = write(tmp_path, bad_doc, "bad.json")
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    result = kiosk("catalog", "validate", str(bad), "--db", db)
    assert result.returncode == 2 and result.stdout == ""
    assert "checklist[0].name: thiếu tên giấy tờ" in result.stderr and result.stderr.startswith(
        "Lỗi:"
    )
    assert kiosk("catalog", "import", str(good), "--db", db).returncode == 0
    found = kiosk("catalog", "search", "khai sinh", "--json", "--date", "2024-06-01", "--db", db)
    assert json.loads(found.stdout)[0]["code"] == "1.001193"
    assert kiosk("catalog", "search", "x", "--date", "2024-13-01", "--db", db).returncode == 2
