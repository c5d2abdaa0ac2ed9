"""Fuzzing the portal converter's readers and the search: any text, any record shape, never a
traceback; a portal record is refused only with a Vietnamese message (issue #10)."""

import json

from hypothesis import given
from hypothesis import strategies as st

from kiosk.catalog_schema import schema_problems
from kiosk.catalog_search import SearchIndex, entry
from kiosk.errors import InvalidInput
from kiosk.portal_import import convert, read_records
from kiosk.portal_papers import heading_kind, papers
from kiosk.portal_time import parse_text, read
from tests.fuzzing import fuzz

WORDS = st.sampled_from(
    [
        "trong ngày",
        "sau 15 giờ",
        "ngày làm việc tiếp theo",
        "05 ngày",
        "15",
        "giờ",
        "tháng",
        "Trường hợp",
        "phải nộp",
        "xuất trình",
        ";",
        "\n",
    ]
)
TEXT = st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=8).map(" ".join))
UNITS = st.sampled_from(["WORKING_DAY", "DAY", "HOUR", "MONTH", "YEAR", "OTHER", "", None, "X"])
QTY = st.one_of(st.integers(-5, 400), st.floats(allow_nan=True), st.text(max_size=30), st.none())
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
    max_leaves=20,
)


@fuzz()
@given(TEXT)
def test_parse_text_never_crashes_and_gives_a_known_unit(text):
    got = parse_text(text)
    assert got is None or got["unit"] in ("same_day", "working_day", "day", "hour", "month")


@fuzz()
@given(QTY, UNITS, TEXT)
def test_read_limit_never_crashes(qty, unit, text):
    limit, problem = read(qty, unit, text)
    assert limit is None or "unit" in limit
    assert problem is None or problem.startswith("time_")


@fuzz()
@given(TEXT)
def test_heading_kind_is_always_a_kind(heading):
    assert heading_kind(heading) in ("submit", "present", "conditional", "notes", "none")


@fuzz()
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "name": TEXT,
                "profileComponents": st.lists(
                    st.fixed_dictionaries(
                        {
                            "name": TEXT,
                            "originalQty": st.integers(0, 50),
                            "copyQty": st.integers(0, 50),
                        }
                    ),
                    max_size=4,
                ),
            }
        ),
        max_size=4,
    )
)
def test_papers_never_crash_and_keep_counts_in_range(groups):
    items, _notes, _problems = papers(groups)
    assert all(0 <= i["originals"] <= 20 and 0 <= i["copies"] <= 20 for i in items)
    assert all(i["originals"] + i["copies"] > 0 for i in items)


@fuzz()
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "executionMethods",
                "cases",
                "executionCases",
                "procedureProposal",
                "categoriesDetails",
            ]
        ),
        JSONISH,
        max_size=6,
    )
)
def test_a_messy_record_is_converted_or_listed_for_a_person(detail):
    detail.update(code="1.000001", isWard=True)
    doc, review = convert([{"detail": detail}], "commune", overrides={})
    assert len(doc["procedures"]) + len(review.flagged.get("unreadable", [])) == 1
    if doc["procedures"]:
        assert schema_problems(doc) == []


def test_a_line_of_the_wrong_shape_is_refused_in_vietnamese(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"detail": "x"}) + "\n", encoding="utf-8")
    try:
        list(read_records(bad))
    except InvalidInput as exc:
        assert "không phải một hồ sơ" in str(exc)
    else:
        raise AssertionError("refused expected")


@fuzz()
@given(st.text(max_size=60))
def test_search_never_crashes(query):
    index = SearchIndex(
        [
            entry(1, "1.001193", "thu tuc dang ky khai sinh", "Hộ tịch", "commune"),
            entry(2, "2.000528", "dang ky khai sinh co yeu to nuoc ngoai", "Hộ tịch", "commune"),
        ]
    )
    assert set(index.search(query, 5)) <= {1, 2}
