"""Fuzzing the catalog import: any file gives a Vietnamese InvalidInput and imports nothing, or
imports; never another exception (issue 9 §5).

Two strategies: a valid document with one hostile value put anywhere in it (lone surrogates, deep
nesting, huge or special numbers, bad and catastrophic regexes, odd types), and raw bytes. Counts::

    FUZZ_EXAMPLES=10000 FUZZ_COUNT=1 .venv/bin/python -m pytest tests/kiosk/test_catalog_fuzz.py -s
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiosk.catalog import CatalogService
from kiosk.errors import InvalidInput
from kiosk.models import ChecklistItem, ProcedureVersion
from tests.fuzzing import Tally, fuzz
from tests.kiosk.catalog_helpers import document, procedure, version

HOLE = "\u2063HOLE\u2063"  # an invisible marker, replaced in the JSON text by a hostile snippet


def valid_document() -> dict:
    v = version()
    v["eform"]["fields"].append(
        {
            "key": "code",
            "label": "Mã",
            "type": "text",
            "required": False,
            "pattern": "^[0-9]{12}$",
            "max_length": 12,
            "help": "12 chữ số",
        }
    )
    v["eform"]["fields"].append(
        {
            "key": "copies",
            "label": "Số bản",
            "type": "number",
            "required": True,
            "min": 1,
            "max": 10,
        }
    )
    v["eform"]["fields"].append(
        {
            "key": "sex",
            "label": "Giới tính",
            "type": "choice",
            "required": True,
            "choices": ["Nam", "Nữ"],
        }
    )
    v["fee"] = {"rule": "fixed", "amount": 8000, "per": "trường hợp"}
    v["notes"] = "ghi chú"
    return document(procedure("1.001193", v), procedure("1.000894", version(name="Kết hôn")))


def places(value, path=()):
    """Every path in the document where a value (or a key) can be put."""
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from places(v, (*path, k))
        yield (*path, HOLE)  # a new key
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from places(v, (*path, i))


PLACES = list(places(valid_document()))


def put(doc, path, value):
    if not path:
        return value
    target = doc
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return doc


def surrogate_text():
    return st.text(
        st.characters(categories=("Cs", "Ll", "Lu", "Nd", "Zs", "Mn", "Cc")), max_size=12
    )


def json_string(text: str) -> str:
    return json.dumps(text)  # ensure_ascii: lone surrogates become \udxxx escapes


BAD_PATTERNS = [
    "^([0-9]{12}$",
    "^([0-9]+)+$",
    "(a|aa)+$",
    "(a)\\1",
    "(?=x)",
    "[z-a]",
    "a{99999}",
    "\\",
    "(?P<1>a)",
    "((((((((((a))))))))))*" * 20,
    "[",
    "*",
    "a**",
    "\\p{Foo}",
]

HOSTILE = st.one_of(
    st.integers(1, 5000).map(lambda n: "[" * n + "]" * n),  # deep nesting
    st.integers(1, 5000).map(lambda n: '{"a":' * n + "1" + "}" * n),
    st.integers(1, 6000).map(lambda n: "9" * n),  # huge integers
    st.integers(1, 400).map(lambda n: "-" + "9" * n),
    st.sampled_from(
        [
            "NaN",
            "Infinity",
            "-Infinity",
            "1e400",
            "-1e400",
            "1e-400",
            "-0",
            "0.5",
            "true",
            "false",
            "null",
            '""',
            "[]",
            "{}",
            '" "',
            "1.0",
        ]
    ),
    surrogate_text().map(json_string),
    st.sampled_from(["\ud800", "\udfff", "a\ud83d", "\ud83d\ude00", "\x00", "\u202e"]).map(
        json_string
    ),
    st.sampled_from(BAD_PATTERNS).map(json_string),
    st.text("()[]{}*+?|^$\\.a09,:=!<>P-", max_size=16).map(json_string),  # random regexes
    st.sampled_from(
        ["2024-02-30", "9999-12-31", "0001-01-01", "2024-1-1", "99:99", "1.001193"]
    ).map(json_string),
)


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    from kiosk.db import open_store, sqlite_url

    store = open_store(sqlite_url(tmp_path_factory.mktemp("fuzz") / "store.sqlite3"))
    yield CatalogService(store.sessions), store
    store.close()


def counts(store):
    with store.sessions.begin() as s:
        return (
            s.scalar(select(func.count()).select_from(ProcedureVersion)),
            s.scalar(select(func.count()).select_from(ChecklistItem)),
        )


def run_case(tally, service, tmp_path_factory, raw: bytes) -> None:
    catalog, store = service
    path = tmp_path_factory.getbasetemp() / "fuzz-case.json"
    path.write_bytes(raw)
    before = counts(store)
    problems = tally.call(catalog.validate_file, path, allowed=())
    if isinstance(problems, list) and problems:
        for p in problems:
            if not isinstance(p.message, str) or not p.message:
                tally.crash("a problem without a message")
    result = tally.call(catalog.import_file, path, allowed=(InvalidInput,))
    if isinstance(result, InvalidInput):
        if counts(store) != before:
            tally.crash("a refused file changed the store")
        if not _vietnamese(result.message):
            tally.crash(f"not a Vietnamese message: {result.message[:60]}")
        try:
            result.message.encode("utf-8")
        except UnicodeEncodeError:
            tally.crash("the message holds a lone surrogate (cannot be shown or logged)")


def _vietnamese(text: str) -> bool:
    return any(unicodedata.normalize("NFD", ch) != ch for ch in text) or "đ" in text


STRUCTURED = Tally("catalog import, structured")
RAW = Tally("catalog import, raw bytes")


@fuzz()
@given(where=st.sampled_from(PLACES), snippet=HOSTILE)
def test_hostile_value_anywhere(service, tmp_path_factory, where, snippet):
    text = json.dumps(put(valid_document(), where, HOLE), ensure_ascii=False)
    text = text.replace(json.dumps(HOLE, ensure_ascii=False), snippet)  # a value
    text = text.replace(HOLE, "k\\ud800")  # a new key
    run_case(STRUCTURED, service, tmp_path_factory, text.encode("utf-8"))


@fuzz()
@given(where=st.sampled_from(PLACES), snippet=HOSTILE)
def test_the_fast_schema_check_agrees_with_the_worded_one(where, snippet):
    """jsonschema-rs answers yes/no before the Python validator words the problems: the two must
    agree on every document the parser lets through, or a bad catalog would slip in."""
    from kiosk.catalog_schema import _fast_validator, _validator, parse_document

    text = json.dumps(put(valid_document(), where, HOLE), ensure_ascii=False)
    text = text.replace(json.dumps(HOLE, ensure_ascii=False), snippet)
    text = text.replace(HOLE, "k")
    doc, problems = parse_document(text)
    if problems:
        return
    worded = next(_validator().iter_errors(doc), None)
    assert _fast_validator().is_valid(doc) == (worded is None), worded


@fuzz()
@given(
    raw=st.one_of(
        st.binary(max_size=400),
        st.builds(
            lambda a, b: a + b,
            st.just(json.dumps(valid_document()).encode()[:200]),
            st.binary(max_size=200),
        ),
        st.builds(
            lambda s: json.dumps(valid_document()).encode().replace(b"child_name", s),
            st.binary(min_size=1, max_size=20),
        ),
    )
)
def test_raw_bytes(service, tmp_path_factory, raw):
    run_case(RAW, service, tmp_path_factory, raw)


def test_fuzz_tally():
    """Prints the counts (run with -s); with FUZZ_COUNT=1 it fails on any crash counted above."""
    for tally in (STRUCTURED, RAW):
        if tally.cases:
            tally.check()


NAME = ("procedures", 0, "versions", 0, "name")
VERSION = ("procedures", 0, "versions", 0, "version")


@pytest.mark.parametrize(
    "where, snippet, words",
    [
        (NAME, "[" * 100_000 + "]" * 100_000, "lồng nhau quá sâu"),
        (NAME, "[" * 40 + "]" * 40, "lồng nhau quá sâu (tối đa 32 cấp)"),
        (NAME, "9" * 5000, "số nguyên quá lớn (5000 chữ số; tối đa 15)"),
        (VERSION, "999999999999999", "phải đánh số liên tiếp từ 1"),
        (NAME, '"\\ud800"', "nửa cặp thay thế"),
        (NAME, "NaN", "NaN"),
        (NAME, "1e400", "số quá lớn"),
    ],
)
def test_each_hostile_kind_has_its_message(service, tmp_path_factory, where, snippet, words):
    catalog, store = service
    text = json.dumps(put(valid_document(), where, HOLE), ensure_ascii=False)
    path = tmp_path_factory.getbasetemp() / "case.json"
    path.write_text(text.replace(json.dumps(HOLE, ensure_ascii=False), snippet), encoding="utf-8")
    before = counts(store)
    with pytest.raises(InvalidInput) as caught:
        catalog.import_file(path)
    assert words in caught.value.message
    assert counts(store) == before
