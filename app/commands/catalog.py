"""``kiosk catalog validate|import|search|show|list|from-portal``: the procedure catalog from
the command line.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import InvalidInput

if TYPE_CHECKING:  # imported in the commands: the CLI parser must stay light (bench: start-up)
    from kiosk.catalog import CatalogService, ProcedureDetail

STATUS_TEXT = {
    "published": "đang công khai",
    "amended": "công khai sửa đổi, bổ sung",
    "abolished": "bãi bỏ",
}


def register(sub: argparse._SubParsersAction) -> None:
    cat = sub.add_parser("catalog", help="danh mục thủ tục hành chính: kiểm tra, nạp, tìm kiếm")
    csub = cat.add_subparsers(dest="catalog_command", required=True, metavar="LỆNH")
    for name, help_text, func in (
        ("validate", "kiểm tra một tệp danh mục, không ghi gì", _validate),
        ("import", "nạp một tệp danh mục (tất cả hoặc không gì cả)", _import),
    ):
        cmd = csub.add_parser(name, help=help_text)
        cmd.add_argument("file", type=Path, metavar="TỆP")
        _store_args(cmd)
        cmd.set_defaults(func=func)
    search = csub.add_parser("search", help="tìm thủ tục theo tên (có hoặc không dấu) hoặc mã")
    search.add_argument("query", metavar="TỪ_KHÓA")
    search.add_argument("--field", help="lĩnh vực, ví dụ “Hộ tịch” hoặc “ho tich”")
    search.add_argument(
        "--level", help="cấp thực hiện: xa, tinh, huyen (commune, province, district)"
    )
    search.add_argument("--date", help="ngày áp dụng YYYY-MM-DD (mặc định hôm nay)")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    _store_args(search)
    search.set_defaults(func=_search)
    lst = csub.add_parser("list", help="liệt kê các thủ tục đang áp dụng")
    lst.add_argument("--date", help="ngày áp dụng YYYY-MM-DD (mặc định hôm nay)")
    lst.add_argument("--field", help="chỉ một lĩnh vực")
    lst.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    _store_args(lst)
    lst.set_defaults(func=_list)
    portal = csub.add_parser(
        "from-portal",
        help="chuyển hồ sơ thủ tục của Cổng Dịch vụ công "
        "quốc gia (.jsonl/.jsonl.gz) thành tệp danh mục và báo cáo rà soát",
    )
    portal.add_argument("file", type=Path, metavar="TỆP")
    portal.add_argument("--level", default="commune", choices=("commune", "province"))
    portal.add_argument("--province", help="tên tỉnh: chỉ lấy thủ tục riêng của tỉnh này")
    portal.add_argument("--out", type=Path, required=True, metavar="DANH_MỤC.json")
    portal.add_argument("--report", type=Path, required=True, metavar="RÀ_SOÁT.md")
    portal.add_argument(
        "--overrides",
        type=Path,
        help="tệp quyết định (mặc định: resources/catalog/portal-overrides.json)",
    )
    portal.add_argument(
        "--previous",
        type=Path,
        help="danh mục đã chuyển từ bản trước: giữ "
        "nguyên phiên bản cũ, thêm phiên bản mới khi nội dung đổi",
    )
    portal.set_defaults(func=_from_portal)
    show = csub.add_parser("show", help="xem một thủ tục: thành phần hồ sơ, thời hạn, phí, căn cứ")
    show.add_argument("code", metavar="MÃ")
    show.add_argument("--date", help="ngày áp dụng YYYY-MM-DD (mặc định hôm nay)")
    show.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    _store_args(show)
    show.set_defaults(func=_show)


def _store_args(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--demo", action="store_true", help="dùng kho dữ liệu demo")
    cmd.add_argument("--db", help="địa chỉ kho dữ liệu (SQLAlchemy URL); mặc định kho của máy này")


def _service(args: argparse.Namespace, *, read_only: bool = False) -> CatalogService:
    from kiosk.catalog import CatalogService
    from kiosk.db import open_store
    from kiosk.demo import open_demo_store
    from kiosk.paths import AppPaths

    if args.demo:
        return CatalogService(open_demo_store(AppPaths.for_demo()).sessions)
    paths = AppPaths.for_machine()
    service = CatalogService(open_store(args.db or paths.store_url, folder=paths.data).sessions)
    if read_only and service.is_empty():
        # A machine that has not received its catalog yet: answer from the demo store (the
        # bundled national commune-level catalog), and say so, rather than printing nothing.
        print(
            "Chú ý: kho dữ liệu của máy chưa có danh mục thủ tục; kết quả lấy từ danh mục mẫu "
            "của bản demo (danh mục cấp xã chuyển từ CSDL quốc gia). Nạp danh mục của đơn vị "
            "bằng “kiosk catalog import TỆP”.",
            file=sys.stderr,
        )
        return CatalogService(open_demo_store(AppPaths.for_demo()).sessions)
    return service


def _day(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"Ngày “{text}” phải có dạng YYYY-MM-DD và là ngày có thật.",
            english=f"Date '{text}' must be YYYY-MM-DD.",
        ) from None


def _validate(args: argparse.Namespace) -> int:
    service = _service(args)
    problems = service.validate_file(args.file)
    if problems:
        from kiosk.catalog_import import refuse

        raise refuse(problems, args.file)
    doc = json.loads(args.file.read_text(encoding="utf-8-sig"))
    versions = sum(len(p["versions"]) for p in doc["procedures"])
    print(f"Tệp hợp lệ: {len(doc['procedures'])} thủ tục, {versions} phiên bản.")
    return 0


def _import(args: argparse.Namespace) -> int:
    report = _service(args).import_file(args.file)
    print(
        f"Đã nạp: {report.procedures_added} thủ tục mới, {report.versions_added} phiên bản mới, "
        f"{report.versions_closed} phiên bản được đóng ngày hết hiệu lực; "
        f"{report.versions_unchanged} phiên bản đã có, giữ nguyên."
    )
    return 0


def _search(args: argparse.Namespace) -> int:
    on = _day(args.date)
    service = _service(args, read_only=True)
    level = None
    if args.level:
        try:
            level = service.resolve_level(args.level)
        except KeyError:
            raise InvalidInput(
                f"Cấp “{args.level}” không hợp lệ; dùng: xa, tinh, huyen.",
                english=f"Unknown level '{args.level}'.",
            ) from None
    if args.field:
        known = [f.name for f in service.fields(on)]
        from kiosk.text import fold

        if fold(args.field) not in {fold(k) for k in known}:
            raise InvalidInput(
                f"Không có lĩnh vực “{args.field}” ngày {on:%d/%m/%Y}. Các lĩnh vực: "
                + ", ".join(known)
                + ".",
                english=f"Unknown field '{args.field}'.",
            )
    results = service.search(args.query, on, field=args.field, level=level, limit=args.limit)
    if args.json:
        print(json.dumps([_plain(asdict(r)) for r in results], ensure_ascii=False, indent=1))
        return 0
    if not results:
        print(f"Không tìm thấy thủ tục nào đang áp dụng ngày {on:%d/%m/%Y} cho “{args.query}”.")
        return 1
    from kiosk.catalog import LEVELS

    for r in results:
        print(
            f"{r.code}  {r.name}  "
            f"[{r.field} · {LEVELS.get(r.level, r.level)} · {r.time_limit_text()}]"
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    on = _day(args.date)
    detail = _service(args, read_only=True).get(args.code, on)
    if detail is None:
        raise InvalidInput(
            f"Thủ tục {args.code} không áp dụng ngày {on:%d/%m/%Y} (chưa có, đã hết hiệu lực "
            "hoặc đã bãi bỏ).",
            english=f"Procedure {args.code} is not offered on {on}.",
        )
    if args.json:
        print(json.dumps(show_json(detail), ensure_ascii=False, indent=1))
    else:
        print("\n".join(describe(detail)))
    return 0


def show_json(d: ProcedureDetail) -> dict:
    """``code``, ``name``, ``time_limit_days`` (working days; null in another unit) and
    ``time_limit`` ``{value, unit, text}``, with the rest of the detail."""
    out = _plain(asdict(d))
    limit = d.time_limit
    out["time_limit_days"] = (
        limit["value"] if limit["unit"] in ("working_day", "same_day") else None
    )
    out["time_limit"] = limit
    out["source"] = {
        "decision": d.source_decision,
        "date": _plain(d.source_date),
        "publisher": d.source_publisher,
    }
    return out


def _list(args: argparse.Namespace) -> int:
    on = _day(args.date)
    service = _service(args, read_only=True)
    rows = service.search("", on, field=args.field, limit=100_000)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "field": r.field,
                        "level": r.level,
                        "time_limit": r.time_limit_text(),
                        "effective_from": r.effective_from.isoformat(),
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    for r in rows:
        print(f"{r.code}  {r.name}  [{r.field} · {r.time_limit_text()}]")
    print(f"{len(rows)} thủ tục đang áp dụng ngày {on:%d/%m/%Y}.")
    return 0


def _from_portal(args: argparse.Namespace) -> int:
    from kiosk.portal_import import convert, load_overrides, read_records, render_report

    previous = None
    if args.previous:
        try:
            previous = json.loads(args.previous.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise InvalidInput(
                f"Không đọc được danh mục cũ “{args.previous}”.",
                english=f"Cannot read {args.previous}.",
            ) from None
    overrides = load_overrides(args.overrides)
    doc, review = convert(read_records(args.file), args.level, args.province, overrides, previous)
    args.out.write_text(
        json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    args.report.write_text(render_report(review, args.level, args.province), encoding="utf-8")
    print(
        f"Đã chuyển {review.converted} thủ tục vào {args.out}; "
        f"{len(review.needing_a_person())} thủ tục cần người quyết định (xem {args.report})."
    )
    for reason, count in review.counts().items():
        print(f"  {reason}: {count}")
    return 0


def describe(d: ProcedureDetail) -> list[str]:
    lines = [
        f"{d.code} — {d.name}",
        f"Lĩnh vực: {d.field} · {d.level_text} · {d.agency}",
        f"Phiên bản {d.version} ({STATUS_TEXT.get(d.status, d.status)}), hiệu lực từ "
        f"{d.effective_from:%d/%m/%Y}"
        + (f" đến {d.effective_to:%d/%m/%Y}" if d.effective_to else ""),
        f"Thời hạn: {d.time_limit_text()}",
        f"Phí, lệ phí: {d.fee.describe()}",
        f"Kết quả: {d.result}",
        "Thành phần hồ sơ:",
    ]
    for n, item in enumerate(d.checklist, 1):
        need = (
            "xuất trình, không nộp"
            if item.kind == "present"
            else "bắt buộc"
            if item.required
            else f"nếu: {item.condition}"
        )
        lines.append(f"  {n}. {item.name} — {item.copies_text} ({need})")
    lines.append("Căn cứ pháp lý: " + "; ".join(d.legal_basis))
    for v in d.variants:
        lines.append(f"  Trường hợp {v['code']}: {v.get('name', '')} — {v['time_limit']['text']}")
    lines.append(
        f"Nguồn: {d.source_decision}"
        + (f", ngày {d.source_date:%d/%m/%Y}" if d.source_date else "")
        + (f" — {d.source_publisher}" if d.source_publisher else "")
    )
    if d.notes:
        lines.append(f"Ghi chú: {d.notes}")
    return lines


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
