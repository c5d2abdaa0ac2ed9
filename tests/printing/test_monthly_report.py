"""The monthly report: built from the hand-computed November fixture, decoded with pdftotext, its
charts present as images; the ``kiosk report monthly`` and ``kiosk stats`` commands on a real
store."""

import shutil
import subprocess
from datetime import date

import pytest

from app.cli import main
from kiosk.db import open_store
from kiosk.paths import AppPaths
from kiosk.statistics import StatisticsService
from printing.charts import daily_chart, officers_chart
from printing.data import Agency
from printing.documents.monthly_report import monthly_report
from tests.factories import add_procedure
from tests.kiosk.statistics_fixture import TODAY, build_november

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

AGENCY = Agency(
    name="Trung tâm Phục vụ hành chính công phường Hạc Thành",
    parent="UBND phường Hạc Thành",
    code="000.31.27.H56",
    place="Hạc Thành",
)


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_images(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "images.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True
    ).stdout
    return out.splitlines()[2:]


@pytest.fixture
def november(store, version_id):
    ids = build_november(store, version_id)
    return ids, StatisticsService(store.reads).month("2026-11", TODAY)


def line_with(text: str, label: str) -> list[str]:
    line = next(ln for ln in text.splitlines() if label in ln)
    return line.split()


def test_the_report_carries_the_fixture_figures(november, tmp_path):
    _ids, stats = november
    pdf = monthly_report(stats, AGENCY, issued=date(2026, 12, 3))
    text = pdf_text(pdf, tmp_path)
    assert "BÁO CÁO TÌNH HÌNH TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH" in text
    assert "Tháng 11/2026 (từ ngày 01/11/2026 đến ngày 30/11/2026)" in text
    assert "Hạc Thành, ngày 03 tháng 12 năm 2026" in text
    assert line_with(text, "Hồ sơ tiếp nhận")[-1] == "9"
    assert line_with(text, "Hồ sơ có kết quả")[-1] == "7"
    assert line_with(text, "trong đó: đúng hạn")[-2:] == ["4", "57,1%"]
    assert line_with(text, "trong đó: trễ hạn")[-2:] == ["3", "42,9%"]
    assert line_with(text, "Hồ sơ quá hạn đang giải quyết")[-1] == "2"
    assert line_with(text, "Yêu cầu bổ sung hồ sơ")[-1] == "3"
    assert line_with(text, "Từ chối tiếp nhận")[-1] == "2"
    assert line_with(text, "Hồ sơ dừng giải quyết")[-1] == "1"
    assert line_with(text, "Hồ sơ số hóa đủ thành phần")[-2:] == ["2", "22,2%"]
    assert line_with(text, "Giấy tờ tái sử dụng")[-1] == "1"
    assert "Chưa đủ lượt đánh giá" in text  # satisfaction: not a made-up figure
    # per officer: received, finished, on time, late, late in progress, supplements, refusals
    assert line_with(text, "Nguyễn Thị An")[3:10] == ["5", "4", "3", "1", "2", "0", "1"]
    assert line_with(text, "Trần Văn Bình")[3:10] == ["3", "2", "1", "1", "0", "3", "1"]
    assert line_with(text, "Tổng cộng")[2:9] == ["9", "7", "4", "3", "2", "3", "2"]
    # stopped with a notice (form 05): the column after the refusals
    assert line_with(text, "Nguyễn Thị An")[10] == "1"
    assert line_with(text, "Trần Văn Bình")[10] == "0"
    assert line_with(text, "Tổng cộng")[9] == "1"
    assert "NGƯỜI LẬP BÁO CÁO" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
    # the two charts are embedded as images, wide enough to print sharp
    images = pdf_images(pdf, tmp_path)
    assert len(images) == 2
    assert all(int(row.split()[3]) >= 1000 for row in images)  # width in pixels


def test_charts_are_png_and_an_empty_month_draws(store):
    stats = StatisticsService(store.reads).month("2026-11", TODAY)
    for png in (daily_chart(stats, dpi=60), officers_chart(stats, dpi=60)):
        assert png.startswith(b"\x89PNG")
    assert stats.office.received == 0


def test_kiosk_report_monthly_and_kiosk_stats(tmp_path, capsys):
    paths = AppPaths.for_machine()
    store = open_store(paths.store_url)
    try:
        build_november(store, add_procedure(store))
    finally:
        store.close()
    out = tmp_path / "thang-11.pdf"
    config = tmp_path / "kiosk.toml"
    from kiosk.config import demo_path

    config.write_text(demo_path().read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["report", "monthly", "--month", "2026-11", "--out", str(out), "--config",
                 str(config)]) == 0  # fmt: skip
    said = capsys.readouterr().out
    assert "9 hồ sơ tiếp nhận" in said and "7 có kết quả (4 đúng hạn)" in said
    text = pdf_text(out.read_bytes(), tmp_path)
    assert line_with(text, "Hồ sơ tiếp nhận")[-1] == "9"

    assert main(["stats", "--from", "2026-11-01", "--to", "30/11/2026"]) == 0
    said = capsys.readouterr().out
    assert "Thống kê từ 01/11/2026 đến 30/11/2026" in said
    assert line_with(said, "Hồ sơ tiếp nhận:")[-1] == "9"
    assert "Nguyễn Thị An | 5 | 4 | 3 | 1 | 2 | 0 | 1" in said

    assert main(["stats", "--from", "2026-11-01", "--to", "2026-11-30", "--officer",
                 "binh.tran"]) == 0  # fmt: skip
    said = capsys.readouterr().out
    assert line_with(said, "Hồ sơ tiếp nhận:")[-1] == "3"
    assert line_with(said, "Yêu cầu bổ sung hồ sơ:")[-1] == "3"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["report", "monthly", "--month", "2026-13", "--out", "x.pdf"], "không phải một tháng"),
        (["stats", "--from", "2026-11-31", "--to", "2026-12-01"], "không phải ngày bắt đầu"),
        (["stats", "--from", "2026-12-01", "--to", "2026-11-01"], "trước ngày bắt đầu"),
        (["stats", "--from", "2026-11-01", "--to", "2026-11-30"], "Chưa có kho dữ liệu"),
    ],
)
def test_bad_input_gets_a_vietnamese_message(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_officer_is_named(tmp_path, capsys):
    open_store(AppPaths.for_machine().store_url).close()
    assert main(["stats", "--from", "2026-11-01", "--to", "2026-11-30", "--officer", "ai.do"]) == 2
    assert "Không có cán bộ “ai.do”" in capsys.readouterr().err
