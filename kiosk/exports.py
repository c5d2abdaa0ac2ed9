"""The tracking register of a period as CSV or XLSX (openpyxl), for the office's own reports.

One row per dossier received in the period (``kiosk.register.RegisterQueries.lines``), in register
order, with the judgement of its result (early / on time / late). Files are written atomically
(``kiosk.files.atomic_write``): a full disk leaves no half-written file. CSV is UTF-8 with a byte
order mark (Excel then reads the Vietnamese correctly), dates and times ISO 8601; in XLSX they are
real date cells shown dd/mm/yyyy.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from kiosk.dossier_types import STATUS_LABELS
from kiosk.errors import InvalidInput
from kiosk.files import atomic_write
from kiosk.register import RegisterLine

FORMATS = ("csv", "xlsx")
HEADERS = (
    "Quyển số",
    "Số thứ tự",
    "Mã hồ sơ",
    "Mã thủ tục",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ",
    "Số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Cán bộ tiếp nhận",
    "Ngày nhận hồ sơ",
    "Ngày hẹn trả kết quả",
    "Ngày hẹn ban đầu (trước khi hẹn lại)",
    "Ngày có kết quả",
    "Ngày trả kết quả",
    "Trạng thái",
    "Kết quả (trước hạn/đúng hạn/quá hạn)",
)
DATE_COLUMNS = (11, 12, 13, 14, 15)  # 0-based, in HEADERS


def row_of(line: RegisterLine) -> tuple:
    """One line as plain values (dates and datetimes kept as such)."""
    return (
        line.book,
        line.number,
        line.dossier_code,
        line.procedure_code,
        line.procedure_name,
        line.sets,
        line.applicant_name,
        line.applicant_address,
        line.applicant_phone,
        line.lead_agency,
        line.officer_name,
        line.received_at,
        line.due_date,
        line.original_due_date,
        line.result_at,
        line.returned_at,
        STATUS_LABELS.get(line.status, str(line.status)),
        line.timing.label if line.timing else "",
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_csv(lines: Sequence[RegisterLine]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for line in lines:
        writer.writerow([_text(v) for v in row_of(line)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(lines: Sequence[RegisterLine], title: str = "Sổ theo dõi hồ sơ") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "So theo doi"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for line in lines:
        values = []
        for value in row_of(line):
            if isinstance(value, datetime):  # Excel has no time zones: the office's local time
                value = value.replace(tzinfo=None)
            values.append(value)
        sheet.append(values)
    for row in sheet.iter_rows(min_row=3):
        for i in DATE_COLUMNS:
            cell = row[i]
            if isinstance(cell.value, datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    for letter, width in zip("ABCDEFGHIJKLMNOPQR", (9, 9, 26, 10, 40, 8, 24, 30, 13, 24, 20)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def export(lines: Sequence[RegisterLine], fmt: str, out: Path, title: str = "") -> int:
    """Write the lines to ``out`` as ``fmt`` (csv | xlsx); return the number of rows."""
    if fmt not in FORMATS:
        raise InvalidInput(
            f"Định dạng “{fmt}” không được hỗ trợ; chọn csv hoặc xlsx.",
            english=f"Unknown format '{fmt}' (csv or xlsx).",
        )
    if not Path(out).parent.is_dir():
        raise InvalidInput(
            f"Thư mục {Path(out).parent} không tồn tại.", english="The folder does not exist."
        )
    content = to_csv(lines) if fmt == "csv" else to_xlsx(lines, title or "Sổ theo dõi hồ sơ")
    try:
        atomic_write(Path(out), content)
    except OSError as exc:
        raise InvalidInput(
            f"Không ghi được tệp {out}: {exc.strerror or exc}. Tệp cũ (nếu có) không bị thay đổi.",
            english=f"Cannot write {out}: {exc}.",
        ) from None
    return len(lines)
