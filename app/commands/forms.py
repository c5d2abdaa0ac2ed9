"""``kiosk forms list`` and ``kiosk forms sample --form NAME --out FILE.pdf [--set 2018|2025]``.

Samples carry demo data and the MẪU marking, for technicians checking layout and printer alignment.
``printing`` is imported inside the commands, so other commands start without reportlab.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from kiosk.errors import InvalidInput


def register(sub: argparse._SubParsersAction) -> None:
    forms = sub.add_parser("forms", help="biểu mẫu in: danh sách, bản mẫu để kiểm tra máy in")
    fsub = forms.add_subparsers(dest="forms_command", required=True, metavar="LỆNH")
    lst = fsub.add_parser("list", help="liệt kê các bộ biểu mẫu và ngày có hiệu lực")
    lst.set_defaults(func=_list)
    sample = fsub.add_parser("sample", help="in một biểu mẫu với dữ liệu mẫu ra tệp PDF")
    sample.add_argument("--form", required=True, help="tên mẫu (xem “kiosk forms list”)")
    sample.add_argument("--out", required=True, type=Path, help="tệp PDF kết quả")
    sample.add_argument(
        "--set",
        dest="form_set",
        help="bộ biểu mẫu: 2018 hoặc 2025 (mặc định: bộ đang có hiệu lực hôm nay)",
    )
    sample.add_argument("--copy", action="store_true", help="đánh dấu BẢN SAO (bản in lại)")
    sample.add_argument("--png", action="store_true", help="với phiếu thứ tự: ghi ảnh in nhiệt PNG")
    sample.set_defaults(func=_sample)


def _list(args: argparse.Namespace) -> int:
    from printing.formsets import in_force, load_formsets

    current = in_force(date.today())
    for form_set in load_formsets():
        until = f"{form_set.effective_to:%d/%m/%Y}" if form_set.effective_to else "nay"
        mark = "  (đang áp dụng)" if form_set.id == current.id else ""
        print(
            f"Bộ {form_set.id}: Thông tư {form_set.circular}, "
            f"{form_set.effective_from:%d/%m/%Y} – {until}{mark}"
        )
        for spec in form_set.forms:
            print(f"  {spec.key:<14} {spec.label:<10} {spec.name} [{spec.page}]")
    print("Tài liệu khác (mọi bộ):")
    for spec in current.extras:
        print(f"  {spec.key:<14} {'':<10} {spec.name} [{spec.page}]")
    return 0


def _sample(args: argparse.Namespace) -> int:
    from kiosk.files import atomic_write
    from kiosk.paths import AppPaths
    from kiosk.receipt_qr import QrSigner, load_or_create_signing_key
    from printing.data import Marking
    from printing.render import render
    from printing.samples import SAMPLES, sample

    if args.form not in SAMPLES:
        raise InvalidInput(
            f"Không có mẫu “{args.form}”. Các mẫu: {', '.join(SAMPLES)}.",
            english=f"Unknown form '{args.form}'.",
        )
    data = sample(args.form)
    out: Path = args.out
    if not out.parent.is_dir():
        raise InvalidInput(f"Thư mục {out.parent} không tồn tại.", english="No such folder.")
    if args.png:
        if args.form != "queue_ticket":
            raise InvalidInput(
                "--png chỉ dùng cho phiếu thứ tự (queue_ticket).",
                english="--png is for queue_ticket only.",
            )
        import io

        from printing.thermal import ticket_image

        buf = io.BytesIO()
        ticket_image(data).save(buf, "PNG")
        atomic_write(out, buf.getvalue())
        print(f"Đã ghi {out}")
        return 0
    # Samples carry demo data: they are signed with the demo's key, never with this machine's, so
    # no sample receipt verifies at a real counter.
    signer = QrSigner(load_or_create_signing_key(AppPaths.for_demo().signing_key))
    marking = Marking(sample=True, copy=args.copy) if args.copy else Marking(sample=True)
    doc = render(args.form, data, signer=signer, form_set=args.form_set, marking=marking)
    atomic_write(out, doc.pdf)
    print(f"Đã ghi {out}: {doc.name} (Thông tư {doc.circular}), {len(doc.pdf) // 1024} KB")
    return 0
