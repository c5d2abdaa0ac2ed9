"""The national portal's records → our catalog (issue #10), with the REAL records of the portal.

The data is tests/data/national-procedures-2026.trimmed.jsonl.xz (all 5,665 records, only the keys
the converter reads; see tests/data/trim_portal.py). Source: Cổng Dịch vụ công quốc gia.
"""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kiosk.catalog import CatalogService
from kiosk.catalog_schema import schema_problems, semantic_problems
from kiosk.errors import InvalidInput
from kiosk.portal_import import convert, load_overrides, read_records, render_report
from kiosk.portal_papers import heading_kind
from kiosk.portal_time import parse_text
from tests.kiosk.catalog_helpers import write

DATA = Path(__file__).parents[1] / "data" / "national-procedures-2026.trimmed.jsonl.xz"
ON = date(2026, 12, 5)


@pytest.fixture(scope="module")
def records():
    return list(read_records(DATA))


@pytest.fixture(scope="module")
def converted(records):
    return convert(records, "commune")  # with the shipped overrides


@pytest.fixture(scope="module")
def raw(records):
    return convert(records, "commune", overrides={})  # what a person has not decided yet


def version_of(result, code):
    doc, _review = result
    return next(p for p in doc["procedures"] if p["code"] == code)["versions"][0]


def test_whole_national_file_converts_to_a_valid_catalog(records, converted):
    doc, review = converted
    assert len(records) == 5665
    assert len(doc["procedures"]) >= 1000 and review.converted == len(doc["procedures"])
    assert schema_problems(doc) == []
    assert semantic_problems(doc, {}) == []
    assert review.excluded["other_level"] == 5665 - 1120
    counts = review.counts()
    assert counts["time_disagree"] > 0 and counts["fee_province"] > 0
    report = render_report(review, "commune")
    assert "## Số thủ tục theo lý do" in report and "Cổng Dịch vụ công quốc gia" in report
    for reason, count in counts.items():
        assert f"`{reason}` | {count} |" in report


def test_marriage_1_000894_is_same_day_with_the_1500_cutoff_by_recorded_decision(converted, raw):
    assert version_of(raw, "1.000894")["review"] == [
        "time_other_empty"
    ]  # portal: "1 OTHER", no text
    v = version_of(converted, "1.000894")
    assert v["time_limit"]["unit"] == "same_day" and v["time_limit"]["cutoff"] == "15:00"
    assert v["review"] == [] and "Luật Hộ tịch" in v["decision"]
    assert "1.000894" not in converted[1].needing_a_person()
    assert [x["code"] for x in v["variants"]] == ["1.000894.02", "1.000894.01"]
    assert v["effective_from"] == "2026-01-16" and v["source"]["decision"] == "163/QĐ-BTP"


def test_text_same_day_with_cutoff_is_parsed():
    # the words of the portal's record 1.001020 (Hộ tịch)
    text = (
        "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ mà không giải quyết "
        "được ngay thì trả kết quả trong ngày làm việc tiếp theo."
    )
    assert parse_text(text) == {
        "unit": "same_day",
        "value": 0,
        "working_days": 0,
        "cutoff": "15:00",
        "text": "Trong ngày (nhận sau 15:00 thì trả trong ngày làm việc tiếp theo)",
    }
    assert parse_text("Không quy định") is None
    assert parse_text("Tạm ứng: 07 ngày làm việc; thanh toán: 03 ngày làm việc") is None


def test_festival_1_003622_is_15_calendar_days(converted):
    v = version_of(converted, "1.003622")
    assert v["time_limit"] == {"unit": "day", "value": 15, "text": "15 ngày"}
    assert v["review"] == []


def test_translator_signature_2_000992_has_three_cases_one_of_15_hours(converted):
    v = version_of(converted, "2.000992")
    limits = {x["code"]: x["time_limit"] for x in v["variants"]}
    assert list(limits) == ["2.000992.01", "2.000992.02", "2.000992.03"]
    assert limits["2.000992.02"] == {"unit": "hour", "value": 15, "text": "15 giờ"}
    assert limits["2.000992.01"]["working_days"] == 1
    assert v["time_limit"]["unit"] == "variant"
    assert v["fee"]["rule"] == "fixed" and v["fee"]["amount"] == 10000


def test_birth_registration_1_004772_is_flagged_because_its_sources_disagree(converted):
    v = version_of(converted, "1.004772")
    assert "time_disagree" in v["review"] and v["time_limit"]["unit"] == "text"
    assert "25 ngày" in v["time_limit"]["text"] and "5" in v["time_limit"]["text"]
    assert ("1.004772", v["name"]) in converted[1].flagged["time_disagree"]
    assert "fee_province" in v["review"] and v["fee"]["rule"] == "set_by_province"


def test_residence_fees_by_channel_1_004222(converted):
    fee = version_of(converted, "1.004222")["fee"]
    assert fee["channels"]["direct"]["amount"] == 20000
    assert fee["channels"]["online"]["amount"] == 10000
    assert "10.000 đồng" in fee["channels"]["online"]["text"]


def test_papers_to_present_are_not_kept_and_notes_are_not_papers(converted):
    v = version_of(converted, "1.000894")
    present = [i for i in v["checklist"] if i["kind"] == "present"]
    assert present and present[0]["name"].startswith("Hộ chiếu/Thẻ căn cước công dân")
    assert all(i["originals"] + i["copies"] > 0 for i in v["checklist"])
    assert any(n.startswith("Trường hợp giấy tờ tùy thân sử dụng là") for n in v["paper_notes"])
    assert not any(
        i["name"].startswith("Trường hợp giấy tờ tùy thân sử dụng là") for i in v["checklist"]
    )


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("* Giấy tờ phải nộp:", "submit"),
        (" * Giấy tờ phải xuất trình:", "present"),
        ("* Lưu ý :", "notes"),
        ("* Trường hợp ủy quyền thực hiện thủ tục:", "conditional"),
        ("", "none"),
        ("Thành phần hồ sơ phải xuất trình", "present"),
    ],
)
def test_group_headings_decide_the_kind(heading, kind):
    assert heading_kind(heading) == kind


def test_province_specific_procedures_only_for_their_province(records, converted):
    local = [
        r
        for r in records
        if r["detail"].get("isWard") and r["detail"].get("formalityType") == "LOCAL_REGULATION"
    ]
    codes = {p["code"] for p in converted[0]["procedures"]}
    assert local and not codes & {r["detail"]["code"] for r in local}
    assert converted[1].excluded["other_province"] == len(local)


def test_import_and_show_real_records(store, converted, tmp_path):
    doc, _ = converted
    keep = {"1.000894", "1.003622", "2.000992", "1.004222"}
    small = dict(doc, procedures=[p for p in doc["procedures"] if p["code"] in keep])
    service = CatalogService(store.sessions)
    service.import_file(write(tmp_path, small))
    festival = service.get("1.003622", ON)
    assert festival.time_limit == {"value": 15, "unit": "day", "text": "15 ngày"}
    assert festival.time_limit_text() == "15 ngày"
    marriage = service.get("1.000894", ON)
    assert marriage.time_limit["unit"] == "same_day" and marriage.cutoff == "15:00"
    assert [e.kept for e in marriage.checklist].count(False) >= 1
    assert len(marriage.variants) == 2
    residence = service.get("1.004222", ON)
    assert (
        residence.fee.for_channel("direct") == 20000
        and residence.fee.for_channel("online") == 10000
    )
    assert "Trực tiếp: 20.000 đồng; Trực tuyến: 10.000 đồng" in residence.fee.describe()
    assert service.get("2.000992", ON).variants[1]["time_limit"]["unit"] == "hour"


def test_a_newer_snapshot_keeps_versions_and_decisions(records):
    few = [r for r in records if r["detail"]["code"] in ("1.000894", "1.003622", "1.004222")]
    old, _ = convert(few, "commune")
    changed = json.loads(json.dumps(few))
    festival = next(r for r in changed if r["detail"]["code"] == "1.003622")
    festival["detail"]["name"] += " (sửa đổi)"
    newer = [r for r in changed if r["detail"]["code"] != "1.004222"]
    doc, review = convert(newer, "commune", previous=old)
    by_code = {p["code"]: p["versions"] for p in doc["procedures"]}
    assert (
        len(by_code["1.000894"]) == 1 and by_code["1.000894"][0]["time_limit"]["cutoff"] == "15:00"
    )
    assert [v["version"] for v in by_code["1.003622"]] == [1, 2]
    assert by_code["1.003622"][0] == old["procedures"][1]["versions"][0]
    assert by_code["1.004222"][0]["effective_to"] is not None
    assert review.changes == {"changed": ["1.003622"], "ended": ["1.004222"]}
    assert semantic_problems(doc, {}) == []


def test_overrides_file_is_valid_and_shipped():
    decisions = load_overrides()
    assert "1.000894" in decisions and all(d.get("reason") for d in decisions.values())


def test_bad_portal_file_is_refused_in_vietnamese(tmp_path):
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"code": 1}\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="không phải một hồ sơ"):
        list(read_records(bad))
    with pytest.raises(InvalidInput, match="Không đọc được"):
        list(read_records(tmp_path / "missing.jsonl.gz"))


def test_cli_from_portal_writes_catalog_and_report(records, tmp_path):
    src = tmp_path / "few.jsonl"
    src.write_text(
        "\n".join(
            json.dumps(r, ensure_ascii=False)
            for r in records
            if r["detail"]["code"] in ("1.004772", "1.003622")
        ),
        encoding="utf-8",
    )
    out, report = tmp_path / "c.json", tmp_path / "r.md"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "catalog",
            "from-portal",
            str(src),
            "--level",
            "commune",
            "--out",
            str(out),
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert run.returncode == 0, run.stderr
    assert "Đã chuyển 2 thủ tục" in run.stdout and "time_disagree: 1" in run.stdout
    assert "1.004772" in report.read_text(encoding="utf-8")
    assert len(json.loads(out.read_text(encoding="utf-8"))["procedures"]) == 2


def test_shipped_national_catalog_is_this_conversion(converted):
    """resources/catalog/national-commune.json is the converter's output with the shipped
    decisions: re-run `kiosk catalog from-portal` when either changes."""
    from kiosk.paths import resource

    shipped = json.loads(resource("catalog", "national-commune.json").read_text("utf-8"))
    assert shipped == json.loads(json.dumps(converted[0]))
    in_force = [p for p in shipped["procedures"] if p["versions"][-1]["effective_to"] is None]
    assert len(in_force) >= 1000


def test_cli_import_show_and_list_the_national_catalog(tmp_path):
    from kiosk.paths import resource

    db = f"sqlite:///{tmp_path / 'store.sqlite3'}"

    def kiosk(*args):
        run = subprocess.run(
            [sys.executable, "-m", "app", "catalog", *args, "--db", db],
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        assert run.returncode == 0, run.stderr
        return run.stdout

    assert "1106 thủ tục mới" in kiosk("import", str(resource("catalog", "national-commune.json")))
    festival = json.loads(kiosk("show", "1.003622", "--json", "--date", "2026-12-05"))
    assert (
        festival["code"] == "1.003622"
        and festival["name"] == "Thủ tục thông báo tổ chức lễ hội cấp xã"
    )
    assert festival["time_limit_days"] is None
    assert festival["time_limit"] == {"value": 15, "unit": "day", "text": "15 ngày"}
    assert "Cổng Dịch vụ công quốc gia" in festival["source"]["publisher"]
    residence = json.loads(kiosk("show", "1.004222", "--json", "--date", "2026-12-05"))
    assert residence["time_limit_days"] == 7 and residence["time_limit"]["unit"] == "working_day"
    text = kiosk("show", "2.000992", "--date", "2026-12-05")
    assert "2.000992.02" in text and "15 giờ" in text and "Cổng Dịch vụ công quốc gia" in text
    listed = json.loads(kiosk("list", "--json", "--date", "2026-12-05"))
    assert len(listed) == 1106 and {"1.000894", "1.004222"} <= {p["code"] for p in listed}
