"""``kiosk officers add|list|set-pin|unlock|deactivate``: officer accounts of this machine's store.

The PIN or password is read with getpass on a terminal, or from the first line of stdin otherwise
(for provisioning scripts); it is never an argument, so it stays out of shell history and ``ps``.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.errors import InvalidInput

# kiosk.officers (SQLAlchemy) is imported inside the commands, so other commands start fast.
ROLES = ("officer", "supervisor", "technician")
ROLE_NAMES = {
    "officer": "cán bộ tiếp nhận",
    "supervisor": "giám sát",
    "technician": "kỹ thuật viên",
}


def register(sub: argparse._SubParsersAction) -> None:
    off = sub.add_parser("officers", help="tài khoản cán bộ (thêm, liệt kê, đổi mã PIN, khóa)")
    off.add_argument("--demo", action="store_true", help="dùng kho dữ liệu demo")
    osub = off.add_subparsers(dest="officers_command", required=True, metavar="LỆNH")
    add = osub.add_parser("add", help="thêm cán bộ (mã PIN đọc từ bàn phím hoặc stdin)")
    add.add_argument("username")
    add.add_argument("--name", required=True, help='họ tên, ví dụ "Nguyễn Thị Lan"')
    add.add_argument(
        "--role",
        default="officer",
        choices=ROLES,
        help="officer (cán bộ), supervisor (giám sát), technician (kỹ thuật)",
    )
    add.set_defaults(func=_add)
    lst = osub.add_parser("list", help="liệt kê cán bộ")
    lst.set_defaults(func=_list)
    pin = osub.add_parser("set-pin", help="đặt lại mã PIN hoặc mật khẩu")
    pin.add_argument("username")
    pin.set_defaults(func=_set_pin)
    unl = osub.add_parser(
        "unlock", help="mở khóa đăng nhập sau nhiều lần nhập sai (cần mã PIN của giám sát viên)"
    )
    unl.add_argument("username")
    unl.add_argument(
        "--by", required=True, metavar="GIÁM_SÁT", help="tên đăng nhập của giám sát viên mở khóa"
    )
    unl.set_defaults(func=_unlock)
    off_ = osub.add_parser("deactivate", help="khóa tài khoản (không đăng nhập được nữa)")
    off_.add_argument("username")
    off_.set_defaults(func=_deactivate)


def _service(args: argparse.Namespace):
    from kiosk.officers import OfficerService
    from kiosk.paths import AppPaths

    if args.demo:
        from kiosk.demo import open_demo_store

        store = open_demo_store(AppPaths.for_demo())
    else:
        from kiosk.db import open_store

        store = open_store(AppPaths.for_machine().store_url)
    return OfficerService(store.sessions)


def _os_actor() -> str:
    from kiosk.audit import os_actor

    return os_actor()


def read_secret() -> str:
    """Ask twice on a terminal; read one line from stdin in a script."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mã PIN (từ 6 chữ số) hoặc mật khẩu (từ 8 ký tự): ")
    if getpass.getpass("Nhập lại: ") != first:
        raise InvalidInput("Hai lần nhập không khớp nhau.", english="The two entries differ.")
    return first


def _add(args: argparse.Namespace) -> int:
    service = _service(args)
    info = service.create(args.username, args.name, args.role, read_secret(), actor=_os_actor())
    print(f"Đã thêm {info.username} — {info.full_name} ({ROLE_NAMES[info.role]}).")
    return 0


def _list(args: argparse.Namespace) -> int:
    officers = _service(args).list()
    if not officers:
        print(
            'Chưa có cán bộ nào. Thêm bằng: kiosk officers add TÊN --name "Họ tên" --role officer'
        )
        return 0
    for o in officers:
        state = "" if o.active else "  (đã khóa)"
        print(f"{o.username:<20} {o.full_name:<32} {ROLE_NAMES[o.role]}{state}")
    return 0


def _set_pin(args: argparse.Namespace) -> int:
    service = _service(args)
    service.set_secret(args.username, read_secret(), actor=_os_actor())
    print(f"Đã đổi mã PIN của {args.username.strip().lower()}.")
    return 0


def _unlock(args: argparse.Namespace) -> int:
    service = _service(args)
    if sys.stdin.isatty():
        secret = getpass.getpass(f"Mã PIN của giám sát viên {args.by}: ")
    else:
        secret = sys.stdin.readline().rstrip("\r\n")
    supervisor = service.verify_supervisor(args.by, secret)
    cleared = service.unlock(args.username, by=supervisor)
    name = args.username.strip().lower()
    print(
        f"Đã mở khóa đăng nhập cho {name}."
        if cleared
        else f"Đã mở khóa đăng nhập cho {name} (không có lần nhập sai nào gần đây)."
    )
    return 0


def _deactivate(args: argparse.Namespace) -> int:
    _service(args).deactivate(args.username, actor=_os_actor())
    print(f"Đã khóa tài khoản {args.username.strip().lower()}.")
    return 0
