"""Catalog field patterns: compiled with RE2 when the catalog is validated,
linear time on any input."""

from datetime import date

import pytest
from sqlalchemy import func, select

from kiosk import eform, patterns
from kiosk.catalog import CatalogService, eform_from_json
from kiosk.errors import InvalidInput
from kiosk.models import ProcedureVersion
from tests.kiosk.catalog_helpers import document, procedure, version, write


def with_pattern(pattern):
    v = version()
    v["eform"]["fields"][0]["pattern"] = pattern
    return document(procedure("1.001193", v))


@pytest.mark.parametrize(
    "pattern, reason",
    [
        ("^([0-9]{12}$", "thiếu dấu đóng ngoặc “)”"),
        ("^(a)\\1$", "tham chiếu ngược"),
        ("^(?=a)a$", "nhìn trước/nhìn sau"),
        ("^[z-a]$", "sai thứ tự"),
        ("^a{2000}$", "quá lớn hoặc sai"),
        ("x" * 501, "dài quá 500 ký tự"),
    ],
)
def test_bad_pattern_fails_the_import_naming_procedure_and_field(store, tmp_path, pattern, reason):
    catalog = CatalogService(store.sessions)
    path = write(tmp_path, with_pattern(pattern))
    with pytest.raises(InvalidInput) as caught:
        catalog.import_file(path)
    text = caught.value.message
    assert "procedures[0].versions[0].eform.fields[0].pattern" in text
    assert "thủ tục 1.001193, trường “child_name”" in text and reason in text
    with store.sessions.begin() as s:
        assert s.scalar(select(func.count()).select_from(ProcedureVersion)) == 0


def test_good_pattern_imports(store, tmp_path):
    catalog = CatalogService(store.sessions)
    catalog.import_file(write(tmp_path, with_pattern("^[A-ZÀ-Ỹ][a-zà-ỹ ]*$")))
    with store.sessions.begin() as s:
        assert s.scalar(select(ProcedureVersion.eform))["fields"][0]["pattern"].startswith("^[A-Z")


def test_catastrophic_pattern_runs_in_linear_time():
    """^([0-9]+)+$ backtracks exponentially in Python's re; RE2 answers at once,
    whatever the size."""
    assert patterns.fullmatch("^([0-9]+)+$", "1" * 10_000 + "a") is False
    assert patterns.fullmatch("^([0-9]+)+$", "1" * 10_000) is True
    assert patterns.fullmatch("^(a|aa)+$", "a" * 10_000 + "b") is False


def test_the_eform_check_uses_the_compiled_pattern():
    form = eform_from_json(
        {
            "id": "tk",
            "title": "Tờ khai",
            "fields": [
                {
                    "key": "code",
                    "label": "Mã",
                    "type": "text",
                    "required": True,
                    "max_length": 20_000,
                    "pattern": "^([0-9]+)+$",
                }
            ],
        }
    )
    _clean, errors = eform.check(
        form, {"code": "9" * 10_000 + "x"}, on=date(2026, 12, 7), complete=True
    )
    assert "không đúng định dạng" in errors["code"].message


def test_pattern_errors_are_vietnamese_and_values_with_lone_surrogates_never_match():
    with pytest.raises(patterns.PatternError, match="Mẫu kiểm tra .* không hợp lệ"):
        patterns.compile_pattern("a\ud800")
    assert patterns.fullmatch("^.*$", "a\ud800b") is False
