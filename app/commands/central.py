"""``kiosk central serve``: the reference central server on 127.0.0.1 (development, tests,
pilots); ``kiosk central enrolment-code``: a one-time code that enrols one device.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.paths import AppPaths


def register(sub: argparse._SubParsersAction) -> None:
    central = sub.add_parser("central", help="máy chủ trung tâm mẫu (chỉ trên máy này)")
    csub = central.add_subparsers(dest="central_command", required=True, metavar="LỆNH")
    serve = csub.add_parser("serve", help="chạy máy chủ trung tâm mẫu tại 127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    _data_args(serve)
    serve.add_argument(
        "--allow-unsigned",
        action="store_true",
        help="nhận cả yêu cầu không ký của thiết bị chưa đăng ký (chỉ để phát triển)",
    )
    serve.set_defaults(func=_serve)
    code = csub.add_parser(
        "enrolment-code", help="tạo mã dùng một lần để đăng ký một thiết bị với máy chủ mẫu"
    )
    code.add_argument("--agency", required=True, help="mã cơ quan (QCVN 102) của thiết bị")
    code.add_argument("--label", default="", help="tên thiết bị, ví dụ “Quầy 1”")
    _data_args(code)
    code.set_defaults(func=_enrolment_code)


def _data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data", type=Path, help="thư mục dữ liệu của máy chủ (mặc định: thư mục dữ liệu/central)"
    )
    p.add_argument(
        "--database-url",
        help="cơ sở dữ liệu SQLAlchemy của máy chủ (mặc định: SQLite trong thư mục dữ liệu)",
    )


def _serve(args: argparse.Namespace) -> int:
    from sync.central_server import CentralServer

    server = CentralServer(
        args.data or AppPaths.for_machine().central,
        args.port,
        database_url=args.database_url,
        require_signatures=not args.allow_unsigned,
    )
    print(f"Máy chủ trung tâm mẫu đang chạy tại {server.url} (Ctrl+C để dừng)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


def _enrolment_code(args: argparse.Namespace) -> int:
    from kiosk.codes import validate_agency_code
    from kiosk.db import sqlite_url
    from sync.server.store import CentralStore

    validate_agency_code(args.agency)
    data = args.data or AppPaths.for_machine().central
    data.mkdir(parents=True, exist_ok=True)
    store = CentralStore(args.database_url or sqlite_url(data / "central.sqlite3"))
    try:
        code = store.issue_enrolment_code(args.agency, args.label or args.agency)
    finally:
        store.close()
    print(f"Mã đăng ký thiết bị (dùng một lần, hết hạn sau 24 giờ): {code}", flush=True)
    return 0
