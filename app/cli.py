"""The ``kiosk`` command. The composition root of the command line.

Each group of sub-commands lives in ``app/commands/<group>.py`` with a ``register(subparsers)``
function; this module only assembles them and turns a :class:`KioskError` into a Vietnamese message
on stderr and exit code 2. Modules of ``ui``, ``printing`` and ``sync`` are imported lazily, inside
the commands that need them, so ``kiosk calendar ...`` starts fast and without Qt.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from kiosk.errors import KioskError

COMMAND_MODULES = [
    "app",
    "audit",
    "calendar",
    "card",
    "catalog",
    "central",
    "citizen",
    "doctor",
    "forms",
    "letters",
    "officers",
    "register",
    "scan",
    "signing",
    "sync",
    "statistics",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Ứng dụng Bộ phận Một cửa (quầy tiếp nhận và ki-ốt công dân)."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="ghi nhật ký chi tiết")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    for name in COMMAND_MODULES:
        importlib.import_module(f"app.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args) or 0)
    except KioskError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
