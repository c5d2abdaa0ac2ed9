"""``kiosk sync [--once]``: sends the outbox to the central system without the UI
(sync/engine.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

IDLE_SECONDS = 30.0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="gửi hộp thư đi lên hệ thống trung tâm (không cần giao diện)")
    p.add_argument(
        "--once",
        action="store_true",
        help="gửi một lượt những mục đến hạn rồi thoát (mã thoát 1 nếu còn mục lỗi)",
    )
    p.add_argument(
        "--retry",
        action="store_true",
        help="gửi lại ngay các mục lỗi, xung đột hoặc đang chờ gửi lại (như nút “Gửi lại”)",
    )
    p.add_argument(
        "--enrol",
        metavar="MÃ",
        help="đăng ký máy này với hệ thống trung tâm bằng mã dùng một lần, rồi thoát",
    )
    p.add_argument("--label", default="", help="tên của máy khi đăng ký, ví dụ “Quầy 1”")
    p.add_argument("--demo", action="store_true", help="dùng kho dữ liệu và cấu hình demo")
    p.add_argument("--config", type=Path, help="tệp cấu hình (mặc định: thư mục cấu hình của máy)")
    p.add_argument(
        "--url", help="địa chỉ hệ thống trung tâm (mặc định: central_url trong cấu hình)"
    )
    p.add_argument(
        "--interval",
        type=float,
        default=IDLE_SECONDS,
        help=f"số giây giữa hai lượt gửi khi chạy liên tục (mặc định {IDLE_SECONDS:g})",
    )
    p.add_argument(
        "--lease",
        type=float,
        default=None,
        help="số giây một mục được giữ khi đang gửi (mặc định 120)",
    )
    p.set_defaults(func=_sync)


def _sync(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from kiosk import config as config_mod
    from kiosk.db import open_store
    from kiosk.errors import StoreError
    from kiosk.machine import machine_id
    from kiosk.paths import AppPaths
    from sync.engine import LEASE
    from sync.service import build_outbox_sync

    paths = AppPaths.for_demo() if args.demo else AppPaths.for_machine()
    url = args.url
    if url is None:
        cfg = config_mod.load(config_mod.demo_path() if args.demo else args.config)
        url = cfg.central_url
    if not args.enrol and not paths.store_file.exists():
        raise StoreError(
            f"Chưa có kho dữ liệu ở {paths.data}: không có gì để gửi.",
            english=f"No store in {paths.data}.",
        )
    store = open_store(paths.store_url)
    machine = machine_id(paths.data)
    if args.enrol:
        return _enrol(store, machine, paths, url, args)
    lease = timedelta(seconds=args.lease) if args.lease else LEASE
    sync = build_outbox_sync(
        store.sessions,
        store.reads,
        url,
        machine=machine,
        keys=paths.keys,
        blobs=paths.blobs,
        holidays=paths.holidays,
        engine_options={"lease": lease},
    )
    engine = sync.engine
    if sync.device_problem:
        print(sync.device_problem, file=sys.stderr, flush=True)
    try:
        if args.retry:
            print(f"Đưa {engine.retry()} mục về hàng chờ gửi ngay.", flush=True)
        if args.once:
            report = sync.send_due()
            print(describe(report, store), flush=True)
            stuck = report.failed or report.conflict or report.stopped or sync.device_problem
            return 1 if stuck else 0
        print(f"Đang gửi hộp thư đi lên {url} (Ctrl+C để dừng)", flush=True)
        while True:
            report = sync.send_due()
            if report.sent:
                print(describe(report, store), flush=True)
            time.sleep(max(1.0, args.interval))
    except KeyboardInterrupt:
        return 0
    finally:
        sync.close()
        store.close()


def _enrol(store, machine: str, paths, url: str, args: argparse.Namespace) -> int:
    from sync.device import enrol

    try:
        device = enrol(store.sessions, machine, paths.keys, url, args.enrol, args.label)
    finally:
        store.close()
    print(
        f"Đã đăng ký máy này với hệ thống trung tâm {url} "
        f"(thiết bị {device.device_id[:8]}…, cơ quan {device.agency_code}).",
        flush=True,
    )
    return 0


def describe(report, store) -> str:
    """One line in Vietnamese: what the pass did and what still waits."""
    from sync.engine import summary

    s = summary(store.sessions)
    parts = [f"Đã gửi {report.acknowledged}/{report.sent} mục"]
    if report.retry_later:
        parts.append(f"{report.retry_later} mục sẽ gửi lại sau")
    if report.failed:
        parts.append(f"{report.failed} mục bị từ chối")
    if report.conflict:
        parts.append(f"{report.conflict} mục xung đột")
    if report.stopped == "offline":
        parts.append("mất kết nối, dừng lượt này")
    elif report.stopped == "auth":
        parts.append("hệ thống trung tâm từ chối thiết bị này")
    line = "; ".join(parts) + f". Còn {s.pending_dossiers} hồ sơ chờ gửi"
    if s.bytes_left:
        from sync.indicator import size_text

        line += f", {size_text(s.bytes_left)} tệp chưa gửi"
    if s.oldest_pending is not None:
        line += f" (cũ nhất từ {s.oldest_pending:%H:%M %d/%m/%Y})"
    if s.last_success is not None:
        line += f"; gửi thành công lần cuối lúc {s.last_success:%H:%M %d/%m/%Y}"
    return line + "."
