"""``kiosk letters``: the apology with a new date or an extension (form 04) and the notice of
stopping (2025 form 05) for a dossier, by its code. The rules are the service's
(kiosk/letters.py): the date can be reset once only.

- ``kiosk letters apology CODE --reason "…" --days N``
- ``kiosk letters stop CODE --reason "…" --stage "…" --fee "…"``
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    let = sub.add_parser("letters", help="văn bản xin lỗi, hẹn lại; thông báo dừng giải quyết")
    let.add_argument("--demo", action="store_true", help="dùng kho dữ liệu và cấu hình demo")
    let.add_argument("--config", type=Path, help="tệp cấu hình (mặc định: của máy)")
    lsub = let.add_subparsers(dest="letters_command", required=True, metavar="LỆNH")
    apo = lsub.add_parser("apology", help="văn bản xin lỗi và hẹn lại / đề nghị gia hạn")
    apo.add_argument("code", help="mã hồ sơ")
    apo.add_argument("--reason", required=True, help="lý do chậm trả kết quả")
    apo.add_argument("--days", type=int, required=True, help="số ngày làm việc gia hạn")
    apo.set_defaults(func=_apology)
    stop = lsub.add_parser("stop", help="thông báo dừng giải quyết hồ sơ (mẫu 05, 2025)")
    stop.add_argument("code", help="mã hồ sơ")
    stop.add_argument("--reason", required=True, help="lý do dừng giải quyết")
    stop.add_argument("--stage", required=True, help="hồ sơ đã xử lý đến bước nào")
    stop.add_argument("--fee", default="Không thu phí, lệ phí", help="xử lý phí, lệ phí đã nộp")
    stop.set_defaults(func=_stop)


def _run(args: argparse.Namespace, issue) -> int:
    from app.commands.register import open_services
    from kiosk.timeutil import vietnam_now

    services = open_services(args)
    try:
        snap = services.dossiers.find_by_code(args.code.strip().upper())
        decision = issue(services.letters, snap.id, vietnam_now())
    finally:
        services.close()
    contact = decision.dossier.applicant
    reach = ", ".join(p for p in (contact.phone, contact.email, contact.address) if p)
    print(f"Đã lập văn bản cho hồ sơ {snap.code}; đã gửi lệnh in.")
    if decision.dossier.due_date:
        print(f"Ngày hẹn trả: {decision.dossier.due_date:%d/%m/%Y}")
    print(f"Báo cho người nộp {contact.full_name}: {reach or '(không có thông tin liên hệ)'}")
    return 0


def _apology(args: argparse.Namespace) -> int:
    return _run(
        args, lambda letters, id_, now: letters.apologise(id_, None, args.reason, args.days, now)
    )


def _stop(args: argparse.Namespace) -> int:
    return _run(
        args,
        lambda letters, id_, now: letters.stop(id_, None, args.reason, args.stage, args.fee, now),
    )
