"""``kiosk doctor``: checks the config, the store and the fonts, and says what is wrong in plain
words.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.doctor import run_checks
from kiosk.paths import AppPaths


def register(sub: argparse._SubParsersAction) -> None:
    doctor = sub.add_parser("doctor", help="kiểm tra cấu hình, kho dữ liệu và phông chữ")
    doctor.add_argument("--config", type=Path, help="tệp cấu hình cần kiểm tra")
    doctor.add_argument("--demo", action="store_true", help="kiểm tra cấu hình và kho dữ liệu demo")
    doctor.set_defaults(func=_doctor)


def _doctor(args: argparse.Namespace) -> int:
    failed = 0
    if args.demo:
        from kiosk import config as config_mod

        checks = run_checks(config_mod.demo_path(), AppPaths.for_demo())
    else:
        checks = run_checks(args.config, AppPaths.for_machine())
    for check in checks:
        mark = "✔" if check.ok else "✘"
        print(f"{mark} {check.name}: {check.detail}")
        failed += not check.ok
    print("Tất cả đều ổn." if not failed else f"Có {failed} vấn đề cần xử lý.")
    return 1 if failed else 0
