"""``kiosk central serve``: the reference central server on 127.0.0.1 (development, tests,
pilots); ``kiosk central enrolment-code``: a one-time code that enrols one device, written into
the server's database directly.

The operator's commands go through the server's admin endpoints over HTTP, with the admin token
(``KIOSK_CENTRAL_ADMIN_TOKEN``, or the ``admin-token`` file the server writes into its data
directory): ``publish-catalog FILE``, ``publish-holidays FILE``, ``set-status CODE STATUS``,
``enrol-code --agency A``, ``revoke DEVICE``, ``reserve-codes``, ``reserve-register``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kiosk.paths import AppPaths

DEFAULT_URL = "http://127.0.0.1:8765"


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
    _register_admin(csub)


def _data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data", type=Path, help="thư mục dữ liệu của máy chủ (mặc định: thư mục dữ liệu/central)"
    )
    p.add_argument(
        "--database-url",
        help="cơ sở dữ liệu SQLAlchemy của máy chủ (mặc định: SQLite trong thư mục dữ liệu)",
    )


def _serve(args: argparse.Namespace) -> int:
    from sync.admin_client import TOKEN_ENV
    from sync.central_server import CentralServer

    server = CentralServer(
        args.data or AppPaths.for_machine().central,
        args.port,
        database_url=args.database_url,
        require_signatures=not args.allow_unsigned,
    )
    print(f"Máy chủ trung tâm mẫu đang chạy tại {server.url} (Ctrl+C để dừng)", flush=True)
    if not os.environ.get(TOKEN_ENV):
        token_file = (args.data or AppPaths.for_machine().central) / "admin-token"
        print(f"Khóa quản trị (cho các lệnh của người vận hành): tệp {token_file}", flush=True)
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


# --- the operator's commands: thin calls to the admin endpoints (sync/admin_client.py) ---------


def _admin_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--url", default=DEFAULT_URL, help=f"địa chỉ máy chủ (mặc định {DEFAULT_URL})")
    p.add_argument(
        "--token-file",
        type=Path,
        help="tệp khóa quản trị (mặc định: biến KIOSK_CENTRAL_ADMIN_TOKEN, hoặc "
        "admin-token trong thư mục dữ liệu của máy chủ)",
    )
    p.add_argument("--data", type=Path, help="thư mục dữ liệu của máy chủ (để tìm admin-token)")


def _owner_args(p: argparse.ArgumentParser) -> None:
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--device", help="mã thiết bị nhận khối số (thiết bị nhận qua đồng bộ)")
    who.add_argument("--agency", help="mã cơ quan (khối số cho cơ sở dữ liệu của văn phòng)")


def _register_admin(csub: argparse._SubParsersAction) -> None:
    p = csub.add_parser("publish-catalog", help="công bố một phiên bản danh mục thủ tục (tệp JSON)")
    p.add_argument("file", type=Path, help="tệp danh mục mot-cua-catalog/1")
    p.set_defaults(func=_publish_catalog)
    p = csub.add_parser("publish-holidays", help="công bố tệp lịch nghỉ bổ sung (TOML)")
    p.add_argument("file", type=Path)
    p.add_argument("--name", help="tên tệp trên các máy (mặc định: tên của tệp)")
    p.set_defaults(func=_publish_holidays)
    p = csub.add_parser("set-status", help="đặt trạng thái một hồ sơ, ví dụ result_ready")
    p.add_argument("code", help="mã hồ sơ")
    p.add_argument("status", help="trạng thái mới (result_ready, returned, …)")
    p.add_argument("--revision", type=int, help="chỉ đặt nếu trung tâm đang giữ phiên bản này")
    p.set_defaults(func=_set_status)
    p = csub.add_parser("enrol-code", help="tạo mã dùng một lần để đăng ký một thiết bị")
    p.add_argument("--agency", required=True, help="mã cơ quan (QCVN 102) của thiết bị")
    p.add_argument("--label", default="", help="tên thiết bị, ví dụ “Quầy 1”")
    p.add_argument("--hours", type=int, default=24, help="hiệu lực (giờ, tối đa 168)")
    p.set_defaults(func=_enrol_code)
    p = csub.add_parser("revoke", help="thu hồi quyền của một thiết bị")
    p.add_argument("device", help="mã thiết bị")
    p.set_defaults(func=_revoke)
    p = csub.add_parser("reserve-codes", help="cấp một khối số thứ tự mã hồ sơ cho một ngày")
    _owner_args(p)
    p.add_argument("--day", required=True, help="ngày, dạng YYYY-MM-DD")
    p.add_argument("--size", type=int, default=50)
    p.set_defaults(func=_reserve_codes)
    p = csub.add_parser("reserve-register", help="cấp một khối số vào sổ theo dõi cho một năm")
    _owner_args(p)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--size", type=int, default=200)
    p.set_defaults(func=_reserve_register)
    for name in (
        "publish-catalog",
        "publish-holidays",
        "set-status",
        "enrol-code",
        "revoke",
        "reserve-codes",
        "reserve-register",
    ):
        _admin_args(csub.choices[name])


def _admin(args: argparse.Namespace):
    from sync.admin_client import AdminClient, read_token

    folder = args.data or AppPaths.for_machine().central
    return AdminClient(args.url, read_token(args.token_file or folder / "admin-token"))


def _call(args: argparse.Namespace, call):
    client = _admin(args)
    try:
        return call(client)
    finally:
        client.close()


def _read(path: Path) -> bytes:
    from kiosk.errors import InvalidInput

    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            f"Không đọc được tệp “{path}” ({exc.strerror}).", english=f"Cannot read {path}."
        ) from None


def _publish_catalog(args: argparse.Namespace) -> int:
    document = _read(args.file)
    done = _call(args, lambda c: c.publish_catalog(document))
    print(
        f"Đã công bố danh mục (lần {done['version']}): {done['procedures']} thủ tục, "
        f"{done['versions_added']} phiên bản mới."
    )
    return 0


def _publish_holidays(args: argparse.Namespace) -> int:
    from kiosk.errors import InvalidInput

    try:
        text = _read(args.file).decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"Tệp “{args.file}” không phải văn bản UTF-8.", english="Not UTF-8."
        ) from None
    done = _call(args, lambda c: c.publish_holidays(args.name or args.file.name, text))
    print(f"Đã công bố lịch nghỉ {done['name']}.")
    return 0


def _set_status(args: argparse.Namespace) -> int:
    done = _call(args, lambda c: c.set_status(args.code, args.status, args.revision))
    print(
        f"Hồ sơ {args.code}: {done['status_text']} (phiên bản {done['revision']}); "
        "các máy của cơ quan sẽ nhận ở lần đồng bộ tới."
    )
    return 0


def _enrol_code(args: argparse.Namespace) -> int:
    done = _call(args, lambda c: c.enrolment_code(args.agency, args.label, args.hours))
    print(f"Mã đăng ký thiết bị (dùng một lần, hết hạn {done['expires_at']}): {done['code']}")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    done = _call(args, lambda c: c.revoke(args.device))
    print(f"Đã thu hồi thiết bị {done['device_id']} (từ {done['revoked_at']}).")
    return 0


def _owner(args: argparse.Namespace) -> dict:
    return {"device_id": args.device} if args.device else {"agency_code": args.agency}


def _reserve_codes(args: argparse.Namespace) -> int:
    done = _call(args, lambda c: c.reserve_codes(_owner(args), args.day, args.size))
    print(f"Khối số thứ tự ngày {done['day']}: {done['first']}–{done['last']}.")
    return 0


def _reserve_register(args: argparse.Namespace) -> int:
    done = _call(args, lambda c: c.reserve_register(_owner(args), args.year, args.size))
    print(f"Khối số vào sổ {done['book']}: {done['first']}–{done['last']}.")
    return 0
