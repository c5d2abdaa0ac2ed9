"""Search the way citizens ask (issue #10), on the real commune-level catalog of the portal.

The hit rates over the everyday phrasings in tests/data/search-phrasings.json are printed and
held to the issue's goal (top 3 ≥ 90 %); speed is in bench/bench_catalog_search.py.
"""

import json
from datetime import date
from pathlib import Path

import pytest

from kiosk.catalog import CatalogService
from kiosk.catalog_search import SearchIndex, entry, telex
from kiosk.portal_import import convert, read_records
from kiosk.text import fold
from tests.kiosk.catalog_helpers import write

DATA = Path(__file__).parents[1] / "data"
ON = date(2026, 12, 5)


@pytest.fixture(scope="module")
def catalog():
    doc, _ = convert(read_records(DATA / "national-procedures-2026.trimmed.jsonl.xz"), "commune")
    return doc


@pytest.fixture(scope="module")
def index(catalog):
    return SearchIndex(
        entry(i, p["code"], fold(p["versions"][0]["name"]), p["versions"][0]["field"], "commune")
        for i, p in enumerate(catalog["procedures"])
    )


def codes(index, catalog, query, n=3):
    return [catalog["procedures"][i]["code"] for i in index.search(query, n)]


def hit_rates(index, catalog):
    cases = json.loads((DATA / "search-phrasings.json").read_text("utf-8"))["cases"]
    top1 = top3 = 0
    for query, expected in cases:
        got = codes(index, catalog, query)
        top1 += bool(got) and got[0] in expected
        top3 += any(c in expected for c in got)
    return len(cases), top1 / len(cases), top3 / len(cases)


def test_everyday_phrasings_hit_rates(index, catalog, capsys):
    n, top1, top3 = hit_rates(index, catalog)
    with capsys.disabled():
        print(f"\nsearch: {n} phrasings, top-1 {top1:.1%}, top-3 {top3:.1%}")
    assert n >= 60
    assert top3 >= 0.9 and top1 >= 0.85


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("sổ đỏ", "Giấy chứng nhận quyền sử dụng đất"),
        ("giấy độc thân", "tình trạng hôn nhân"),
        ("ddawng kys keets hoon", "đăng ký kết hôn"),
        ("dang ky ket hon", "đăng ký kết hôn"),
    ],
)
def test_everyday_words_no_accents_and_telex(index, catalog, query, first):
    name = catalog["procedures"][index.search(query, 1)[0]]["versions"][0]["name"]
    assert first.lower() in name.lower()


def test_base_procedure_before_its_special_variants_unless_named(index, catalog):
    assert codes(index, catalog, "đăng ký khai sinh")[0] == "1.001193"
    assert codes(index, catalog, "đăng ký khai tử")[0] == "1.000656"
    assert codes(index, catalog, "khai sinh có yếu tố nước ngoài")[0] == "2.000528"
    assert codes(index, catalog, "kết hôn khu vực biên giới")[0] == "1.000094"


def test_the_first_n_are_the_first_n_of_everything(index):
    """Scoring stops early once nothing left can reach the first ``limit`` (a speed-up): the
    first n must be exactly the first n of the ranking of every candidate."""
    cases = json.loads((DATA / "search-phrasings.json").read_text("utf-8"))["cases"]
    queries = [q for q, _ in cases] + ["nhan", "xac nhan", "cap", "dang ky", "giay", "chung t"]
    everything = len(index.entries)
    for query in queries:
        full = index.search(query, everything)
        for n in (1, 3, 20):
            assert index.search(query, n) == full[:n], (query, n)


def test_telex_words_decode():
    assert telex("ddawng") == "dang" and telex("kys") == "ky" and telex("hoon") == "hon"
    assert telex("sinh") == "sinh"


def test_the_service_ranks_an_exact_code_first_and_uses_the_same_search(store, catalog, tmp_path):
    keep = {"1.001193", "1.000110", "2.000528", "1.003583", "1.004884", "2.000635", "1.004873"}
    small = dict(catalog, procedures=[p for p in catalog["procedures"] if p["code"] in keep])
    service = CatalogService(store.sessions)
    service.import_file(write(tmp_path, small))
    assert [r.code for r in service.search("1.004884", ON)] == ["1.004884"]
    assert service.search("khai sinh", ON)[0].code == "1.001193"
    assert service.search("giay doc than", ON)[0].code == "1.004873"
    assert {r.code for r in service.search("làm lại giấy khai sinh", ON)[:2]} == {
        "1.004884",
        "2.000635",
    }
    assert service.search("khai sinh", ON, field="Chứng thực") == []
