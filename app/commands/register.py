"""``kiosk register``: the tracking register (Sổ theo dõi hồ sơ) of a period, and its numbers.

- ``kiosk register export --from 2026-12-01 --to 2026-12-31 --format csv|xlsx --out FILE``
- ``kiosk register print --from … --to … --out FILE.pdf [--control-sheets]``
- ``kiosk register reserve --year 2026 --first 1 --last 500 [--book 01/2026]``: numbers the
  office database or the central system reserved for this machine (kiosk/register.py says why).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from kiosk.errors import InvalidInput


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” không phải ngày dạng YYYY-MM-DD (ví dụ 2026-12-01)"
        ) from None


def register(sub: argparse._SubParsersAction) -> None:
    reg = sub.add_parser("register", help="sổ theo dõi hồ sơ: xuất CSV/XLSX, in, khối số vào sổ")
    reg.add_argument("--demo", action="store_true", help="dùng kho dữ liệu và cấu hình demo")
    reg.add_argument("--config", type=Path, help="tệp cấu hình (mặc định: của máy)")
    rsub = reg.add_subparsers(dest="register_command", required=True, metavar="LỆNH")
    for name, text in (
        ("export", "xuất sổ theo dõi hồ sơ của một khoảng thời gian ra CSV hoặc XLSX"),
        ("print", "in sổ theo dõi hồ sơ (hoặc các phiếu kiểm soát) ra tệp PDF"),
    ):
        p = rsub.add_parser(name, help=text)
        p.add_argument("--from", dest="start", type=_day, required=True, help="ngày đầu")
        p.add_argument("--to", dest="end", type=_day, required=True, help="ngày cuối")
        p.add_argument("--out", type=Path, required=True, help="tệp kết quả")
        if name == "export":
            p.add_argument("--format", choices=("csv", "xlsx"), default="xlsx")
            p.set_defaults(func=_export)
        else:
            p.add_argument(
                "--control-sheets",
                action="store_true",
                help="in phiếu kiểm soát quá trình giải quyết của từng hồ sơ thay cho sổ",
            )
            p.set_defaults(func=_print)
    res = rsub.add_parser("reserve", help="ghi khối số vào sổ đã được cấp cho máy này")
    res.add_argument("--year", type=int, required=True)
    res.add_argument("--first", type=int, required=True)
    res.add_argument("--last", type=int, required=True)
    res.add_argument("--book", default="", help="quyển số (mặc định 01/NĂM)")
    res.add_argument("--source", choices=("central", "office"), default="office")
    res.set_defaults(func=_reserve)


def open_services(args: argparse.Namespace):
    """This machine's services (or the demo's), as the app builds them."""
    from app.services import build_services
    from kiosk import config as config_mod
    from kiosk.paths import AppPaths

    if args.demo:
        return build_services(
            AppPaths.for_demo(), config_mod.load(config_mod.demo_path()), demo=True
        )
    return build_services(AppPaths.for_machine(), config_mod.load(args.config))


def _lines(services, args):
    return services.register.lines(args.start, args.end, date.today())


def _export(args: argparse.Namespace) -> int:
    from kiosk.exports import export
    from kiosk.register import period_text

    services = open_services(args)
    try:
        lines = _lines(services, args)
        title = f"Sổ theo dõi hồ sơ - {period_text(args.start, args.end)}"
        count = export(lines, args.format, args.out, title)
    finally:
        services.close()
    print(f"Đã ghi {args.out}: {count} hồ sơ.")
    return 0


def _print(args: argparse.Namespace) -> int:
    from kiosk.files import atomic_write
    from kiosk.timeutil import vietnam_now

    if not args.out.parent.is_dir():
        raise InvalidInput(f"Thư mục {args.out.parent} không tồn tại.", english="No such folder.")
    services = open_services(args)
    try:
        lines = _lines(services, args)
        printer, now = services.register_printer, vietnam_now()
        if args.control_sheets:
            pdf = printer.control_sheets(lines, now)
        else:
            pdf = printer.register(lines, args.start, args.end, now)
    finally:
        services.close()
    atomic_write(args.out, pdf)
    print(f"Đã ghi {args.out}: {len(lines)} hồ sơ.")
    return 0


def _reserve(args: argparse.Namespace) -> int:
    from kiosk.register import RegisterService

    services = open_services(args)
    try:
        RegisterService(services.store.sessions).add_block(
            services.config.agency_code,
            args.year,
            args.first,
            args.last,
            book=args.book,
            source=args.source,
        )
    finally:
        services.close()
    print(f"Đã ghi khối số vào sổ {args.first}–{args.last} của năm {args.year}.")
    return 0
