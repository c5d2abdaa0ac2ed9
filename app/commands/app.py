"""``kiosk run`` (the app with this machine's config) and ``kiosk demo`` (demo data and server)."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from kiosk import config as config_mod
from kiosk.paths import AppPaths
from kiosk.timeutil import vietnam_now

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="mở ứng dụng với cấu hình của máy này")
    run.add_argument(
        "--config", type=Path, help="tệp cấu hình (mặc định: thư mục cấu hình của máy)"
    )
    run.set_defaults(func=_run)
    demo = sub.add_parser("demo", help="mở ứng dụng với dữ liệu mẫu và máy chủ trung tâm mẫu")
    demo.add_argument(
        "--citizen", action="store_true", help="mở ki-ốt công dân (màn hình cảm ứng) thay cho quầy"
    )
    demo.set_defaults(func=_demo)


def _run(args: argparse.Namespace) -> int:
    cfg = config_mod.load(args.config)
    paths = AppPaths.for_machine()
    from ui.app import run

    def build():  # runs on the database worker, after the window is shown
        from app.services import build_services

        services = build_services(paths, cfg)
        tidy(services.store, paths)
        purge_drafts(services)
        return services

    return run(cfg, build)


def _demo(args: argparse.Namespace) -> int:
    cfg = config_mod.load(config_mod.demo_path())
    paths = AppPaths.for_demo()
    if getattr(args, "citizen", False):
        from app.commands.citizen import run_kiosk

        return run_kiosk(cfg, paths, demo=True)
    from ui.app import run

    def build():  # on the database worker, after the window is shown
        from app.services import build_services

        start_demo_central(cfg.central_url, paths)
        services = build_services(paths, cfg, demo=True)
        tidy(services.store, paths)
        purge_drafts(services)
        return services

    return run(cfg, build, demo=True)


def purge_drafts(services) -> int:
    """Drafts untouched for ``reception.draft_retention_days`` are deleted (kiosk/drafts.py)."""
    return services.drafts.purge_abandoned(vietnam_now(), services.config.draft_retention_days)


def tidy(store, paths: AppPaths):
    """Remove what an interrupted run left (temp files, orphan blobs, scanned pages nothing
    names); return ``store``."""
    from kiosk.blobs import BlobStore
    from kiosk.housekeeping import clean_up_at_start, sweep_pages

    clean_up_at_start(store.sessions, paths.blobs, paths.printed)
    sweep_pages(store.sessions, BlobStore(paths.blobs), paths.data / "scans")
    return store


def start_demo_central(url: str, paths: AppPaths):
    """Start the reference central server of the demo in a background thread; None if the port is
    taken (another demo is running, whose server then serves this one too)."""
    from urllib.parse import urlparse

    from sync.central_server import CentralServer

    try:
        return CentralServer(paths.central, urlparse(url).port or 8765).start()
    except OSError as exc:
        log.info("demo central server not started: %s", exc)
        return None
