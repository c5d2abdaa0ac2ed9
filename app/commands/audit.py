"""``kiosk audit verify``: checks the keyed audit chain and every dossier row against it."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    aud = sub.add_parser("audit", help="nhật ký kiểm tra (kiểm tra tính nguyên vẹn)")
    aud.add_argument("--demo", action="store_true", help="dùng kho dữ liệu demo")
    asub = aud.add_subparsers(dest="audit_command", required=True, metavar="LỆNH")
    ver = asub.add_parser("verify", help="kiểm tra chuỗi nhật ký và các hồ sơ; mã thoát 1 nếu hỏng")
    ver.set_defaults(func=_verify)


def _verify(args: argparse.Namespace) -> int:
    from kiosk import audit
    from kiosk.db import open_store
    from kiosk.errors import StoreError
    from kiosk.paths import AppPaths

    paths = AppPaths.for_demo() if args.demo else AppPaths.for_machine()
    if not paths.store_file.exists():
        raise StoreError(
            f"Chưa có kho dữ liệu ở {paths.data}: không có gì để kiểm tra.",
            english=f"No store in {paths.data}.",
        )
    store = open_store(paths.store_url)
    try:
        with store.reads() as s:
            verdict = audit.verify(s)
    finally:
        store.close()
    print(verdict.message())
    return 0 if verdict.ok else 1
