"""``kiosk stats --from D --to D [--officer USERNAME]`` and ``kiosk report monthly --month
YYYY-MM --out FILE.pdf``: the office's indicators on the terminal, and the printable monthly
report (issue 14 §5). ``printing`` is imported inside the report command only.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    stats = sub.add_parser("stats", help="thống kê hồ sơ của đơn vị và từng cán bộ trong một kỳ")
    stats.add_argument("--from", dest="start", required=True, help="từ ngày (2026-11-01)")
    stats.add_argument("--to", dest="end", required=True, help="đến ngày (2026-11-30)")
    stats.add_argument("--officer", help="chỉ một cán bộ (tên đăng nhập)")
    stats.add_argument("--demo", action="store_true", help="dùng kho dữ liệu demo")
    stats.set_defaults(func=_stats)

    report = sub.add_parser("report", help="báo cáo in được")
    rsub = report.add_subparsers(dest="report_command", required=True, metavar="LỆNH")
    monthly = rsub.add_parser("monthly", help="báo cáo tháng (PDF, có biểu đồ)")
    monthly.add_argument("--month", required=True, help="tháng, dạng NĂM-THÁNG (2026-11)")
    monthly.add_argument("--out", required=True, type=Path, help="tệp PDF kết quả")
    monthly.add_argument("--demo", action="store_true", help="dùng kho dữ liệu và cấu hình demo")
    monthly.add_argument("--config", type=Path, help="tệp cấu hình (mặc định: của máy)")
    monthly.set_defaults(func=_monthly)


def _open(demo: bool):
    from kiosk.db import open_store
    from kiosk.errors import StoreError
    from kiosk.paths import AppPaths

    paths = AppPaths.for_demo() if demo else AppPaths.for_machine()
    if not paths.store_file.exists():
        raise StoreError(
            f"Chưa có kho dữ liệu ở {paths.data}: chưa có gì để thống kê.",
            english=f"No store in {paths.data}.",
        )
    return open_store(paths.store_url)


def _officer_id(store, username: str | None) -> int | None:
    from kiosk.errors import InvalidInput
    from kiosk.officers import OfficerService

    if not username:
        return None
    officer = OfficerService(store.sessions).get(username.strip())
    if officer is None:
        raise InvalidInput(
            f"Không có cán bộ “{username.strip()[:64]}”.", english="No such officer."
        )
    return officer.id


def _stats(args: argparse.Namespace) -> int:
    from kiosk.statistics import StatisticsService, check_period, parse_day
    from kiosk.timeutil import vietnam_now

    start, end = parse_day(args.start, "ngày bắt đầu"), parse_day(args.end, "ngày kết thúc")
    check_period(start, end)
    store = _open(args.demo)
    try:
        officer_id = _officer_id(store, args.officer)
        stats = StatisticsService(store.reads).period(
            start, end, vietnam_now().date(), officer_id=officer_id
        )
    finally:
        store.close()
    print(format_statistics(stats))
    return 0


def format_statistics(stats) -> str:
    """The indicators as text: the office's (or the one officer's), then a line per officer."""
    from printing.documents.monthly_report import OFFICER_COLUMNS, indicator_rows, officer_rows

    lines = [f"Thống kê từ {stats.start:%d/%m/%Y} đến {stats.end:%d/%m/%Y}"]
    if stats.as_of < stats.end:
        lines[0] += f" (số liệu đến hết ngày {stats.as_of:%d/%m/%Y})"
    for name, count, rate in indicator_rows(stats.office):
        value = "  ".join(v for v in (count, rate) if v)
        lines.append(f"  {name.strip() + ':':<45} {value}")
    if len(stats.officers) > 1:
        lines.append("Theo cán bộ (" + ", ".join(c.title for c in OFFICER_COLUMNS) + "):")
        for row in officer_rows(stats)[:-1]:
            lines.append("  " + " | ".join(row))
    return "\n".join(lines)


def _monthly(args: argparse.Namespace) -> int:
    from kiosk import config as config_mod
    from kiosk.errors import InvalidInput
    from kiosk.files import atomic_write
    from kiosk.statistics import StatisticsService, month_period
    from kiosk.timeutil import vietnam_now

    month_period(args.month)  # a bad month is refused before anything is opened
    out: Path = args.out
    if not out.parent.is_dir():
        raise InvalidInput(f"Thư mục {out.parent} không tồn tại.", english="No such folder.")
    cfg = config_mod.load(config_mod.demo_path() if args.demo else args.config)
    store = _open(args.demo)
    try:
        stats = StatisticsService(store.reads).month(args.month, vietnam_now().date())
    finally:
        store.close()
    from app.services import agency_of
    from printing.documents.monthly_report import monthly_report

    pdf = monthly_report(stats, agency_of(cfg), issued=vietnam_now().date())
    atomic_write(out, pdf)
    office = stats.office
    print(
        f"Đã ghi {out}: báo cáo tháng {stats.start:%m/%Y}, {office.received} hồ sơ tiếp nhận, "
        f"{office.finished} có kết quả ({office.on_time} đúng hạn), {len(pdf) // 1024} KB"
    )
    return 0
