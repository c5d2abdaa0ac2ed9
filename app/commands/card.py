"""``kiosk card read [TEXT]``: decode a citizen-ID card QR, for technicians testing a scanner.

Without TEXT it waits for one line on standard input: scan the card with the wedge scanner into
the terminal. Prints the fields; a malformed QR gives the reason and exit code 2. Nothing is stored.
"""

from __future__ import annotations

import argparse
import sys

from kiosk.identity import parse_cccd_qr


def register(sub: argparse._SubParsersAction) -> None:
    card = sub.add_parser("card", help="đọc thử mã QR trên thẻ căn cước (kiểm tra máy quét)")
    csub = card.add_subparsers(dest="card_command", required=True, metavar="LỆNH")
    read = csub.add_parser(
        "read", help="giải mã một mã QR căn cước (tham số, hoặc quét vào dòng lệnh)"
    )
    read.add_argument("text", nargs="?", help="nội dung mã QR; bỏ trống để quét vào dòng lệnh")
    read.set_defaults(func=_read)


def _read(args: argparse.Namespace) -> int:
    if args.text is None:
        if sys.stdin.isatty():
            print("Hãy quét mã QR trên thẻ căn cước…", file=sys.stderr)
        text = sys.stdin.readline()
    else:
        text = args.text
    card = parse_cccd_qr(text)
    rows = [
        ("Số định danh", card.id_number),
        ("Số CMND cũ", card.old_id_number or "(không có)"),
        ("Họ và tên", card.full_name),
        ("Ngày sinh", f"{card.date_of_birth:%d/%m/%Y}"),
        ("Giới tính", card.gender),
        ("Nơi thường trú", card.address),
        ("Ngày cấp", f"{card.issue_date:%d/%m/%Y}" if card.issue_date else "(không có)"),
    ]
    for label, value in rows:
        print(f"{label:<15} {value}")
    return 0
