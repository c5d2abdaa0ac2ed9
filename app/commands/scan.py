"""``kiosk scan --device DEVICE [--pages N] --out FILE.pdf``: the technician's scanner test.

Scans through the same worker process and watchdog as the counter, then puts the pages into one
plain PDF (no seal, no signature: that is the reception flow's job). ``kiosk scan --list`` shows
the SANE devices this machine sees and the eSCL scanners announced on the network (mDNS).
Devices: ``sane:test:0``, ``escl:http://HOST/eSCL``, ``folder:/srv/scan-inbox``, ``file:giay.pdf``.
Without ``--device`` the counter's own scanner (``scanning.scanner`` in kiosk.toml, or the file
given with ``--config``) is tested.
"""

from __future__ import annotations

import argparse
import io
import signal
import sys
import tempfile
from pathlib import Path

from kiosk.errors import InvalidInput


def register(sub: argparse._SubParsersAction) -> None:
    scan = sub.add_parser("scan", help="quét thử từ một máy quét ra tệp PDF (cho kỹ thuật viên)")
    scan.add_argument(
        "--device",
        help="máy quét: sane:TÊN, escl:http://ĐỊA-CHỈ/eSCL, folder:THƯ-MỤC hoặc file:TỆP",
    )
    scan.add_argument("--out", type=Path, help="tệp PDF ghi kết quả")
    scan.add_argument("--pages", type=int, help="số trang (mặc định: đến khi hết giấy trong khay)")
    scan.add_argument("--mode", default="gray", choices=["color", "gray", "lineart"])
    scan.add_argument("--dpi", type=int, default=300, help="độ phân giải (mặc định 300)")
    scan.add_argument(
        "--source",
        choices=["flatbed", "feeder"],
        help="mặt kính hoặc khay nạp giấy (mặc định: khay nạp khi --pages lớn hơn 1)",
    )
    scan.add_argument(
        "--timeout", type=float, default=60.0, help="giây chờ tối đa mỗi trang (mặc định 60)"
    )
    scan.add_argument(
        "--list", action="store_true", help="liệt kê máy quét tìm thấy (SANE và eSCL trên mạng)"
    )
    scan.add_argument(
        "--config",
        type=Path,
        help="tệp cấu hình có máy quét của quầy, dùng khi không có --device "
        "(mặc định: thư mục cấu hình của máy)",
    )
    scan.set_defaults(func=_scan)


def _scan(args: argparse.Namespace) -> int:
    from kiosk.scanning.device import ScanError, ScanSettings, split_device_id

    if args.list:
        return _list()
    if not args.out:
        raise InvalidInput(
            "Cần --out (tệp PDF ghi kết quả), hoặc --list.",
            english="--out is needed (or --list).",
        )
    args.device = args.device or configured_scanner(args.config)
    split_device_id(args.device)  # a bad device name fails here, before any process starts
    out = args.out
    if not out.parent.is_dir():
        raise InvalidInput(
            f"Không có thư mục {out.parent} để ghi tệp PDF.",
            english=f"Folder {out.parent} does not exist.",
        )
    source = args.source or ("feeder" if args.pages and args.pages > 1 else "flatbed")
    settings = ScanSettings(mode=args.mode, dpi=args.dpi, source=source, pages=args.pages)

    from kiosk.files import atomic_write
    from kiosk.scanning.worker import scan_to_folder

    stop = []
    previous = signal.signal(signal.SIGINT, lambda *_: stop.append(True))

    def on_page(page) -> None:
        print(f"  trang {page.index + 1}: {page.path.stat().st_size // 1024} KB", file=sys.stderr)

    try:
        with tempfile.TemporaryDirectory(prefix="kiosk-scan-") as tmp:
            print(f"Đang quét từ {args.device} ...", file=sys.stderr)
            outcome = scan_to_folder(
                args.device,
                settings,
                Path(tmp),
                on_page,
                lambda: bool(stop),
                page_timeout=args.timeout,
            )
            if outcome.pages:
                pdf = pages_to_pdf(outcome.pages, settings)
                atomic_write(out, pdf)
                print(f"Đã ghi {len(outcome.pages)} trang vào {out}.")
    finally:
        signal.signal(signal.SIGINT, previous)
    if outcome.error:
        raise ScanError(outcome.error)
    if outcome.cancelled:
        print("Đã huỷ quét.", file=sys.stderr)
        return 1
    if not outcome.pages:
        raise ScanError("Máy quét không gửi trang nào.", english="The scanner sent no page.")
    return 0


def configured_scanner(path: Path | None = None) -> str:
    """The scanner the counter's config names (``scanning.scanner``); a clear message when there is
    none (or no config), pointing at ``--device`` and ``kiosk scan --list``."""
    from kiosk import config as config_mod
    from kiosk.errors import ConfigError

    advice = (
        "Hãy cấu hình scanning.scanner trong kiosk.toml, hoặc chỉ rõ máy quét bằng --device; "
        "xem các máy quét tìm thấy bằng: kiosk scan --list"
    )
    english = "No scanner is configured: set scanning.scanner, or use --device (kiosk scan --list)."
    try:
        scanner = config_mod.load(path).scanner
    except ConfigError as exc:
        why = exc.message.rstrip(".")
        raise InvalidInput(
            f"Không biết máy quét của quầy vì chưa đọc được cấu hình ({why}). {advice}.",
            english=english,
        ) from None
    if scanner in ("none", "file"):
        raise InvalidInput(
            f"Quầy này chưa cấu hình máy quét (scanning.scanner = “{scanner}”). {advice}.",
            english=english,
        )
    return scanner


def _list() -> int:
    from kiosk.scanning.device import available_devices

    found = available_devices()
    for device in found:
        print(f"{device.id}\t{device.name}")
    if not found:
        print(
            "Không tìm thấy máy quét nào (kiểm tra: scanimage -L; máy quét mạng eSCL phải "
            "cùng mạng và bật quảng bá mDNS).",
            file=sys.stderr,
        )
    return 0 if found else 1


def pages_to_pdf(paths: list[Path], settings) -> bytes:
    """One plain PDF page per page file (PDF pages from a scanner are rendered at its dpi)."""
    from PIL import Image

    from kiosk.scanning.backends.files import file_pages

    images = []
    for path in paths:
        for data, _, dpi in file_pages(path, settings):
            image = Image.open(io.BytesIO(data))
            if image.mode not in ("1", "L", "RGB"):
                image = image.convert("RGB")
            images.append((image, float(dpi or settings.dpi)))
    out = io.BytesIO()
    first, resolution = images[0]
    first.save(
        out,
        "PDF",
        save_all=True,
        append_images=[image for image, _ in images[1:]],
        resolution=resolution,
        title="Quét thử",
    )
    return out.getvalue()
