"""The monthly report (issue 14 §5): the office's indicators, two charts and a table per officer,
on A4, from ``kiosk.statistics.PeriodStatistics``.

Figures that cannot be computed are written as such (satisfaction without ratings: "chưa có dữ
liệu đánh giá"), never as a zero that reads like a result.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader

from kiosk.ratings import MIN_SHOWN
from kiosk.statistics import SATISFACTION_FULL_MARKS, Indicators, PeriodStatistics
from printing.charts import daily_chart, officers_chart
from printing.data import ORIGINAL, Agency, Marking
from printing.fonts import SERIF_BOLD, SERIF_ITALIC
from printing.layout import Column, Sheet, Signature, draw_heading, draw_title, place_date

TITLE = "BÁO CÁO TÌNH HÌNH TIẾP NHẬN VÀ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH"
NOT_AVAILABLE = "Chưa đủ lượt đánh giá"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def period_label(stats: PeriodStatistics) -> str:
    start, end = stats.start, stats.end
    whole_month = start.day == 1 and (end + timedelta(days=1)).day == 1 and start.month == end.month
    span = f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    return f"Tháng {start:%m/%Y} ({span})" if whole_month else span[0].upper() + span[1:]


def satisfaction_text(ind: Indicators) -> str:
    s = ind.satisfaction
    if s is None:
        return NOT_AVAILABLE
    mark = " (đạt điểm tối đa)" if s.full_marks else ""
    return f"{_percent(s.percent)}{mark}"


def indicator_rows(ind: Indicators) -> list[tuple[str, str, str]]:
    """(indicator, count, rate) rows of the office table (also the supervisor's screen)."""
    return [
        ("Hồ sơ tiếp nhận", str(ind.received), ""),
        ("Hồ sơ có kết quả", str(ind.finished), ""),
        ("   trong đó: đúng hạn", str(ind.on_time), _percent(ind.on_time_rate)),
        (
            "   trong đó: trễ hạn",
            str(ind.late_finished),
            _percent(100.0 * ind.late_finished / ind.finished if ind.finished else None),
        ),
        ("Hồ sơ quá hạn đang giải quyết", str(ind.late_open), ""),
        ("Yêu cầu bổ sung hồ sơ", str(ind.supplements), ""),
        ("Từ chối tiếp nhận", str(ind.refusals), ""),
        ("Hồ sơ dừng giải quyết", str(ind.stopped), ""),
        ("Hồ sơ số hóa đủ thành phần", str(ind.digitised), _percent(ind.digitised_share)),
        ("Giấy tờ tái sử dụng bản số hóa đã có", str(ind.reused_papers), ""),
        ("Mức độ hài lòng (Quyết định 766/QĐ-TTg)", "", satisfaction_text(ind)),
    ]


OFFICER_COLUMNS = (
    Column("Cán bộ", 0.19),
    Column("Tiếp nhận", 0.09, "right"),
    Column("Có kết quả", 0.09, "right"),
    Column("Đúng hạn", 0.09, "right"),
    Column("Trễ hạn", 0.09, "right"),
    Column("Quá hạn đang giải quyết", 0.10, "right"),
    Column("Bổ sung", 0.08, "right"),
    Column("Từ chối", 0.08, "right"),
    Column("Dừng giải quyết", 0.07, "right"),
    Column("Số hóa", 0.12, "right"),
)


def officer_rows(stats: PeriodStatistics) -> list[tuple[str, ...]]:
    rows = []
    for row in stats.officers:
        i = row.indicators
        rows.append(
            (
                row.name or "(không ghi cán bộ)",
                str(i.received),
                str(i.finished),
                str(i.on_time),
                str(i.late_finished),
                str(i.late_open),
                str(i.supplements),
                str(i.refusals),
                str(i.stopped),
                f"{i.digitised} ({_percent(i.digitised_share)})" if i.received else "0",
            )
        )
    o = stats.office
    rows.append(
        (
            "Tổng cộng",
            str(o.received),
            str(o.finished),
            str(o.on_time),
            str(o.late_finished),
            str(o.late_open),
            str(o.supplements),
            str(o.refusals),
            str(o.stopped),
            f"{o.digitised} ({_percent(o.digitised_share)})" if o.received else "0",
        )
    )
    return rows


def _image(sheet: Sheet, png: bytes, width: float) -> None:
    reader = ImageReader(io.BytesIO(png))
    w, h = reader.getSize()
    height = width * h / w
    sheet.ensure(height + 2 * mm)
    sheet.y -= height + 1 * mm
    sheet.c.drawImage(reader, sheet.x0 + (sheet.width - width) / 2, sheet.y, width, height)


def monthly_report(
    stats: PeriodStatistics,
    agency: Agency,
    *,
    issued: date,
    marking: Marking = ORIGINAL,
) -> bytes:
    """The report as PDF bytes."""
    sheet = Sheet(A4, marking=marking, title=TITLE, author=agency.name, left=18 * mm, right=15 * mm)
    sheet.top = 12 * mm
    sheet.y = sheet.page_h - sheet.top
    draw_heading(
        sheet,
        agency_parent=agency.parent,
        agency_name=agency.name,
        date_line=place_date(agency.place, issued),
    )
    draw_title(sheet, TITLE, size=12, subtitle=period_label(stats))
    if stats.as_of < stats.end:
        sheet.text(
            f"(Số liệu đến hết ngày {stats.as_of:%d/%m/%Y})", font=SERIF_ITALIC, align="center"
        )
    sheet.space(2 * mm)
    sheet.text("I. CÁC CHỈ TIÊU CỦA ĐƠN VỊ", font=SERIF_BOLD, size=10.5)
    sheet.table(
        (
            Column("Chỉ tiêu", 0.6),
            Column("Số lượng", 0.18, "right"),
            Column("Tỷ lệ", 0.22, "right"),
        ),
        indicator_rows(stats.office),
        size=9.5,
    )
    sheet.space(1 * mm)
    notes = [
        "Đúng hạn: có kết quả trước hoặc trong ngày hẹn trả; hồ sơ yêu cầu bổ sung quá một lần "
        "được tính là trễ hạn (Quyết định 766/QĐ-TTg). Tỷ lệ số hóa tính trên hồ sơ tiếp nhận.",
    ]
    if stats.office.satisfaction is None:
        notes.append(
            "Mức độ hài lòng = 100% − (tỷ lệ hồ sơ trễ hạn + tỷ lệ đánh giá không hài lòng hoặc có "
            f"phản ánh); chưa tính được khi kỳ này có dưới {MIN_SHOWN} lượt đánh giá của người "
            "dân (để giữ bí mật cho người đánh giá)."
        )
    else:
        notes.append(
            "Mức độ hài lòng = 100% − (tỷ lệ hồ sơ trễ hạn + tỷ lệ đánh giá không hài lòng hoặc có "
            f"phản ánh); đạt điểm tối đa từ {SATISFACTION_FULL_MARKS:.0f}%."
        )
    for note in notes:
        sheet.text(note, font=SERIF_ITALIC, size=8.5)
    sheet.space(3 * mm)
    sheet.text("II. BIỂU ĐỒ", font=SERIF_BOLD, size=10.5)
    _image(sheet, daily_chart(stats, dpi=200), sheet.width)
    sheet.space(2 * mm)
    _image(sheet, officers_chart(stats, dpi=200), sheet.width)
    sheet.space(3 * mm)
    sheet.ensure(35 * mm)  # the title, the table's header and its first rows together
    sheet.text("III. CHI TIẾT THEO CÁN BỘ", font=SERIF_BOLD, size=10.5)
    rows = officer_rows(stats)
    sheet.table(OFFICER_COLUMNS, rows, size=8.5, bold_rows=frozenset({len(rows) - 1}))
    sheet.space(4 * mm)
    sheet.signatures(
        [
            Signature("NGƯỜI LẬP BÁO CÁO"),
            Signature("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên và đóng dấu)"),
        ]
    )
    return sheet.finish()


@dataclass(frozen=True)
class MonthlyReportPrinter:
    """This office's monthly report as PDF bytes (pure CPU: run off the UI thread), and the
    printer spec (``kiosk.config``) a printed copy goes to."""

    agency: Agency
    printer: str = ""

    def render(self, stats: PeriodStatistics, issued: date) -> bytes:
        return monthly_report(stats, self.agency, issued=issued)
