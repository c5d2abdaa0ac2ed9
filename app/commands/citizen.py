"""``kiosk citizen``: the citizen self-service kiosk (full screen, touch) with this machine's
config; ``kiosk demo --citizen`` runs it on the demo data."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk import config as config_mod
from kiosk.config import KioskConfig
from kiosk.paths import AppPaths


def register(sub: argparse._SubParsersAction) -> None:
    citizen = sub.add_parser("citizen", help="mở ki-ốt công dân (toàn màn hình, cảm ứng)")
    citizen.add_argument(
        "--config", type=Path, help="tệp cấu hình (mặc định: thư mục cấu hình của máy)"
    )
    citizen.add_argument(
        "--windowed", action="store_true", help="chạy trong cửa sổ (để thử, không khóa màn hình)"
    )
    citizen.set_defaults(func=_citizen)


def _citizen(args: argparse.Namespace) -> int:
    return run_kiosk(config_mod.load(args.config), AppPaths.for_machine(), windowed=args.windowed)


def run_kiosk(cfg: KioskConfig, paths: AppPaths, *, demo: bool = False, windowed: bool = False):
    from ui.citizen.app import run_citizen

    def build():  # on the database worker, after the start card is shown
        from app.citizen import build_citizen_services
        from app.commands.app import start_demo_central, tidy
        from app.services import build_services

        if demo:
            start_demo_central(cfg.central_url, paths)
        services = build_services(paths, cfg, demo=demo)
        tidy(services.store, paths)
        return build_citizen_services(services), services.close

    return run_citizen(cfg, build, windowed=windowed)
