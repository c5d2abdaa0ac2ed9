"""``kiosk calendar show YEAR`` and ``kiosk calendar due --received ... --days N`` (or
``--calendar-days N``, ``--hours N``, ``--months N``)."""

from __future__ import annotations

import argparse
from datetime import datetime, time

from kiosk.errors import InvalidInput

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def register(sub: argparse._SubParsersAction) -> None:
    cal = sub.add_parser("calendar", help="lịch ngày làm việc và hạn trả kết quả")
    csub = cal.add_subparsers(dest="calendar_command", required=True, metavar="LỆNH")
    show = csub.add_parser("show", help="liệt kê ngày nghỉ và ngày làm bù của một năm")
    show.add_argument("year", type=int)
    show.set_defaults(func=_show)
    due = csub.add_parser("due", help="tính ngày hẹn trả kết quả")
    due.add_argument("--received", required=True, help='thời điểm nhận, "YYYY-MM-DD HH:MM"')
    limit = due.add_mutually_exclusive_group(required=True)
    limit.add_argument("--days", type=int, help="số ngày làm việc (0 = trong ngày)")
    limit.add_argument("--calendar-days", type=int, help="số ngày (ngày lịch, kể cả ngày nghỉ)")
    limit.add_argument("--hours", type=int, help="số giờ")
    limit.add_argument("--months", type=int, help="số tháng")
    due.add_argument(
        "--cutoff", default="15:00", help="giờ chốt cho thủ tục trong ngày (mặc định 15:00)"
    )
    due.set_defaults(func=_due)


def source_line(source: str, kind: str) -> str:
    from kiosk.calendar import SOURCE_KINDS

    return f"({SOURCE_KINDS.get(kind, 'nguồn')}: {source})"


def load_calendar():
    from kiosk.calendar import office_calendar
    from kiosk.paths import AppPaths

    return office_calendar(AppPaths.for_machine().holidays)


def _show(args: argparse.Namespace) -> int:
    if not 1900 <= args.year <= 2200:
        raise InvalidInput(
            f"Năm {args.year} nằm ngoài khoảng 1900–2200.", english="Year out of range."
        )
    for day in load_calendar().year(args.year):
        status = "làm việc" if day.working else "nghỉ"
        print(f"{day.day:%Y-%m-%d}  {WEEKDAYS[day.day.weekday()]:<9} {status:<9} {day.reason}")
        if day.source:
            print(f"{'':32}{source_line(day.source, day.source_kind)}")
        if day.note:
            print(f"{'':32}({day.note})")
    return 0


def _due(args: argparse.Namespace) -> int:
    try:
        received = datetime.strptime(args.received.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise InvalidInput(
            f"Thời điểm nhận “{args.received}” phải có dạng "
            '"YYYY-MM-DD HH:MM" và là ngày giờ có thật.',
            english=f"Received time '{args.received}' must be \"YYYY-MM-DD HH:MM\".",
        ) from None
    try:
        cutoff = time.fromisoformat(args.cutoff)
    except ValueError:
        raise InvalidInput(
            f"Giờ chốt “{args.cutoff}” phải có dạng HH:MM.",
            english=f"Cut-off '{args.cutoff}' must be HH:MM.",
        ) from None
    from kiosk.catalog_fees import describe_time_limit

    value, unit = next(
        (v, u)
        for v, u in (
            (args.days, "working_day"),
            (args.calendar_days, "day"),
            (args.hours, "hour"),
            (args.months, "month"),
        )
        if v is not None
    )
    if unit == "working_day" and value == 0:
        unit = "same_day"
    due = load_calendar().due(received, value, unit, cutoff)
    limit = describe_time_limit(
        value, args.cutoff if unit == "same_day" else None, None, unit, value
    ).replace("Trong ngày", "trong ngày", 1)
    print(
        f"Nhận {received:%H:%M %d/%m/%Y}, thời hạn {limit}: "
        f"hẹn trả {WEEKDAYS[due.weekday()]} {due:%d/%m/%Y}"
    )
    print(f"{due:%Y-%m-%d}")
    return 0
