"""From the national portal's procedure records to our catalog file (issue #10).

``convert`` maps each record the portal publishes (one JSON object per line, see
``../shared/data/README.md``) to one catalog version, keeps what it cannot map as text, and
returns the reasons a person must look at a record. It never guesses silently: a record it cannot
read fully is still converted with the portal's own words, and listed in the review report. A
person's decisions live in an overrides file (``resources/catalog/portal-overrides.json``) that
the converter applies on every run, so a newer snapshot keeps them.

Qt-free and store-free: the result is a plain catalog document for ``kiosk catalog import``.
"""

from __future__ import annotations

import gzip
import json
import lzma
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.canonical import canonical_sha256
from kiosk.errors import InvalidInput
from kiosk.paths import resource
from kiosk.portal_papers import papers
from kiosk.portal_time import read as read_limit
from kiosk.portal_time import same, unclear
from kiosk.text import fold, nfc

SOURCE = "Cổng Dịch vụ công quốc gia — Cơ sở dữ liệu quốc gia về thủ tục hành chính"
LEVEL_KEYS = {"commune": "isWard", "province": "isProvince"}
CHANNELS = {"DIRECT": "direct", "ONLINE": "online", "POSTAL": "postal"}
REASONS = {
    "time_other_empty": "Thời hạn ghi “khác” (OTHER) nhưng không có lời mô tả",
    "time_text": "Thời hạn chỉ có bằng chữ, chưa đọc được chắc chắn",
    "time_zero": "Thời hạn bằng 0 với đơn vị ngày/giờ",
    "time_fraction": "Thời hạn là số lẻ (ví dụ 0,5 ngày làm việc)",
    "time_disagree": "Các kênh nộp hoặc các trường hợp ghi thời hạn khác nhau",
    "time_missing": "Không có thời hạn giải quyết",
    "fee_province": "Phí, lệ phí do HĐND tỉnh quyết định: cần mức của tỉnh",
    "fee_channels": "Phí, lệ phí khác nhau giữa các kênh nộp",
    "no_papers": "Không có thành phần hồ sơ (chỉ có ghi chú)",
    "paper_count": "Số lượng bản giấy tờ lớn bất thường",
    "no_decision": "Thiếu quyết định công bố",
    "unreadable": "Hồ sơ không đúng cấu trúc của Cổng: chưa chuyển được",
}
_PROVINCE_FEE = re.compile(
    r"(hdnd|hoi dong nhan dan)[^.;]{0,80}(tinh|thanh pho)[^.;]{0,60}"
    r"quyet dinh|(tinh|thanh pho)[^.;]{0,40}quy dinh muc thu"
)
_PER = re.compile(r"\s*/\s*([^\d.;,()]{2,30})$")
_VN = timedelta(hours=7)


@dataclass
class Review:
    """What the converter could not decide alone, plus what it left out and why."""

    flagged: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # reason → records
    decided: list[tuple[str, str, str]] = field(default_factory=list)  # code, name, reason
    excluded: dict[str, int] = field(default_factory=dict)
    converted: int = 0
    changes: dict[str, list[str]] = field(default_factory=dict)  # added/changed/ended → codes

    def flag(self, reason: str, code: str, name: str) -> None:
        self.flagged.setdefault(reason, []).append((code, name))

    def counts(self) -> dict[str, int]:
        return {reason: len(rows) for reason, rows in sorted(self.flagged.items())}

    def needing_a_person(self) -> set[str]:
        return {code for rows in self.flagged.values() for code, _ in rows}


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a portal file (.jsonl, .jsonl.gz or .jsonl.xz), one dict per line."""
    path = Path(path)
    opener = {".gz": gzip.open, ".xz": lzma.open}.get(path.suffix, open)
    try:
        with opener(path, "rt", encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    raise InvalidInput(
                        f"Dòng {number} của tệp {path.name} không phải JSON hợp lệ.",
                        english=f"Line {number} is not valid JSON.",
                    ) from None
                if not isinstance(record, dict) or not isinstance(record.get("detail"), dict):
                    raise InvalidInput(
                        f"Dòng {number} của tệp {path.name} không phải một hồ sơ "
                        "thủ tục của Cổng (thiếu “detail”).",
                        english=f"Line {number} is not a portal record.",
                    )
                yield record
    except (OSError, EOFError, lzma.LZMAError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            f"Không đọc được tệp {path.name}: tệp không có, hỏng hoặc sai định dạng.",
            english=f"Cannot read {path}: {exc}",
        ) from None


def load_overrides(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """The recorded decisions, by procedure code."""
    path = path or resource("catalog", "portal-overrides.json")
    if not Path(path).exists():
        return {}
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return dict(data.get("decisions", {}))


def _day(epoch_ms: Any) -> date | None:
    if not isinstance(epoch_ms, (int, float)):
        return None
    return (datetime.fromtimestamp(epoch_ms / 1000, UTC) + _VN).date()


def _names(rows: Iterable[dict[str, Any]] | None) -> list[str]:
    return [nfc(r["name"]) for r in rows or () if isinstance(r, dict) and nfc(r.get("name") or "")]


def _fee(fees: list[dict[str, Any]]) -> dict[str, Any]:
    """One channel's fees: total amount (VND) and the portal's text."""
    amount = sum(int(f.get("value") or 0) for f in fees)
    text = " ".join(nfc(f.get("description") or "") for f in fees).strip()
    kinds = sorted({f.get("type") for f in fees if f.get("type")})
    return {"amount": amount, "text": text, "types": kinds}


def _fees(methods: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    channels = {
        CHANNELS.get(m.get("submissionMethod"), "other"): _fee(m.get("fees") or []) for m in methods
    }
    problems: list[str] = []
    main = channels.get("direct") or next(iter(channels.values()), {"amount": 0, "text": ""})
    texts = " ".join(c["text"] for c in channels.values())
    if _PROVINCE_FEE.search(fold(texts)):
        fee: dict[str, Any] = {"rule": "set_by_province"}
        problems.append("fee_province")
    elif main["amount"] == 0:
        fee = {"rule": "free"}
    else:
        per = _PER.match(main["text"])
        fee = {
            "rule": "fixed",
            "amount": main["amount"],
            "per": per.group(1).strip() if per else "lần",
        }
    if main["text"]:
        fee["text"] = main["text"]
    amounts = {c["amount"] for c in channels.values()}
    if len(amounts) > 1 and fee["rule"] == "fixed" and not _explained(channels):
        problems.append("fee_channels")
    if channels:
        fee["channels"] = {
            k: {"amount": v["amount"], "text": v["text"]} for k, v in channels.items()
        }
    return fee, problems


def _explained(channels: dict[str, dict[str, Any]]) -> bool:
    """Every channel says something about its fee: a stated rule (e.g. online costs less)."""
    return all(c["text"] or c["amount"] == 0 for c in channels.values())


def _time_limits(d: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """(procedure limit, variants, problems)."""
    problems: list[str] = []
    channel_limits = []
    stated_qty = set()
    for m in d.get("executionMethods") or ():
        parsed, problem = read_limit(
            m.get("processingTime"), m.get("processingTimeUnit"), m.get("description") or ""
        )
        if problem:
            problems.append(problem)
        if parsed and parsed["unit"] != "text":
            channel_limits.append(parsed)
        elif (
            m.get("processingTimeUnit") == "OTHER"
            and isinstance(m.get("processingTime"), int)
            and m["processingTime"] > 0
        ):
            stated_qty.add(m["processingTime"])
    variants = []
    for case in d.get("cases") or ():
        day = case.get("processingDay") or {}
        parsed, problem = read_limit(day.get("qty"), day.get("type"), "")
        if problem == "time_fraction":
            problems.append(problem)
        variants.append(
            {
                "code": case.get("code") or "",
                "name": nfc(case.get("name") or ""),
                "time_limit": parsed
                or unclear(f"{day.get('qty', '')} {day.get('type', '')}".strip()),
            }
        )
    distinct = _distinct(channel_limits)
    case_limits = [v["time_limit"] for v in variants if v["time_limit"]["unit"] != "text"]
    if len(distinct) > 1:
        problems.append("time_disagree")
        main = unclear("; ".join(x["text"] for x in distinct))
    elif distinct:
        main = distinct[0]
        if case_limits and not any(same(main, c) for c in case_limits):
            problems.append("time_disagree")
            main = unclear(
                f"{main['text']} (theo kênh nộp); "
                + "; ".join(c["text"] for c in case_limits)
                + " (theo trường hợp)"
            )
    elif case_limits:
        cases = _distinct(case_limits)
        main = (
            cases[0]
            if len(cases) == 1
            else {"unit": "variant", "value": None, "text": "Tùy trường hợp"}
        )
    else:
        main = unclear(
            " ".join(str(m.get("description") or "") for m in d.get("executionMethods") or ())
        )
        if not problems:
            problems.append("time_missing")
    if stated_qty and case_limits and not stated_qty & {c.get("value") for c in case_limits}:
        problems.append("time_disagree")
        main = unclear(
            ", ".join(str(q) for q in sorted(stated_qty)) + " (theo kênh nộp, đơn vị "
            "không ghi); " + "; ".join(c["text"] for c in case_limits) + " (theo trường hợp)"
        )
    return main, variants, sorted(set(problems))


def _distinct(limits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for x in limits:
        if not any(same(x, y) for y in out):
            out.append(x)
    return out


def _belongs(d: dict[str, Any], province: str | None) -> bool:
    """Province-specific procedures (LOCAL_REGULATION) only for their own province."""
    if d.get("formalityType") != "LOCAL_REGULATION":
        return True
    if not province:
        return False
    issuer = ((d.get("procedureProposal") or {}).get("issuingAgency") or {}).get("name") or ""
    return fold(province) in fold(f"{d.get('name', '')} {issuer}")


def map_record(record: dict[str, Any], level: str) -> tuple[dict[str, Any], list[str]]:
    """One portal record → (catalog version, review reasons)."""
    d = record["detail"]
    problems: list[str] = []
    limit, variants, time_problems = _time_limits(d)
    problems += time_problems
    fee, fee_problems = _fees(d.get("executionMethods") or [])
    problems += fee_problems
    checklist, paper_notes, paper_problems = papers(d.get("executionCases") or [])
    problems += paper_problems
    proposal = d.get("procedureProposal") or {}
    start = _day(proposal.get("decisionDate")) or _day(proposal.get("publicationDate"))
    if start is None or not proposal.get("proposalNumber"):
        problems.append("no_decision")
        start = start or _day(d.get("updatedAt")) or date(2026, 1, 1)
    agencies = _names(d.get("departmentsExecuting")) or [nfc(d.get("executingAgencies") or "")]
    legal = [
        nfc(f"{b.get('name', '')} ({b['code']})" if b.get("code") else b.get("name", ""))
        for b in d.get("legalBasisesDetails") or ()
        if nfc(b.get("name") or b.get("code") or "")
    ]
    results = _names(d.get("resultsDetails"))
    field_names = _names(d.get("categoriesDetails"))
    name = nfc(str(d.get("name") or record.get("name") or ""))
    if not name:
        raise ValueError("a procedure without a name")
    version: dict[str, Any] = {
        "version": 1,
        "status": "published",
        "name": name,
        "field": field_names[0] if field_names else "Chưa phân loại",
        "level": level,
        "agency": "; ".join(a for a in agencies if a) or "Chưa ghi cơ quan thực hiện",
        "time_limit": limit,
        "fee": fee,
        "legal_basis": legal or ["Chưa ghi căn cứ pháp lý trên Cổng"],
        "result": "; ".join(results) or "Chưa ghi kết quả trên Cổng",
        "checklist": checklist
        or [
            {
                "name": "Xem thành phần hồ sơ trên Cổng Dịch vụ công quốc gia",
                "kind": "present",
                "required": True,
                "originals": 0,
            }
        ],
        "effective_from": start.isoformat(),
        "effective_to": None,
        "source": {
            "decision": nfc(proposal.get("proposalNumber") or "Chưa rõ quyết định công bố"),
            "date": (_day(proposal.get("decisionDate")) or start).isoformat(),
            "publisher": SOURCE,
            "portal_id": str(record.get("id") or d.get("id") or ""),
        },
        "variants": variants,
        "subjects": _names(d.get("subjectTypesDetails")),
        "life_events": [
            {"name": nfc(g["name"]), "type": g.get("type") or ""}
            for g in d.get("serviceGroupsDetails") or ()
            if g.get("name")
        ],
        "paper_notes": paper_notes,
        "portal": {
            "field": record.get("portal_field") or "",
            "kind": d.get("formalityType") or "",
            "type": d.get("type") or "",
            "field_code": (d.get("categoriesDetails") or [{}])[0].get("code") or "",
        },
    }
    return version, sorted(set(problems))


def load_eforms(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """The counter's e-forms by procedure code (``resources/forms/eforms.json``): the product's
    interactive forms, attached to the converted version of the same code."""
    path = path or resource("forms", "eforms.json")
    if not Path(path).exists():
        return {}
    return dict(json.loads(Path(path).read_text(encoding="utf-8")).get("eforms", {}))


def _apply(version: dict[str, Any], problems: list[str], decision: dict[str, Any]) -> list[str]:
    """A person's decision: its keys replace the converted ones; what it resolves is cleared."""
    for key, value in decision.items():
        if key in ("reason", "resolves", "decided_by", "decided_on"):
            continue
        if key == "variant_limits":
            for variant in version["variants"]:
                if variant["code"] in value:
                    variant["time_limit"] = value[variant["code"]]
            continue
        version[key] = value
    version["decision"] = nfc(decision.get("reason") or "")
    resolves = set(decision.get("resolves") or ())
    return [p for p in problems if p not in resolves]


def convert(
    records: Iterable[dict[str, Any]],
    level: str = "commune",
    province: str | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
    previous: dict[str, Any] | None = None,
    eforms: dict[str, dict[str, Any]] | None = None,
) -> tuple[dict[str, Any], Review]:
    """The catalog document and its review. ``previous``: the catalog of an older snapshot,
    whose versions are kept unchanged; a changed record gets a new version, a record that is gone
    has its open version ended. ``eforms``: the counter's e-forms by code (default: the bundled
    ``resources/forms/eforms.json``)."""
    if level not in LEVEL_KEYS:
        raise InvalidInput(
            f"Cấp “{level}” không hợp lệ; dùng commune hoặc province.",
            english=f"Unknown level '{level}'.",
        )
    overrides = overrides if overrides is not None else load_overrides()
    eforms = eforms if eforms is not None else load_eforms()
    review = Review()
    procedures: dict[str, dict[str, Any]] = {}
    for record in records:
        d = record["detail"]
        code = nfc(str(d.get("code") or record.get("code") or ""))
        if not d.get(LEVEL_KEYS[level]):
            review.excluded["other_level"] = review.excluded.get("other_level", 0) + 1
            continue
        if not _belongs(d, province):
            review.excluded["other_province"] = review.excluded.get("other_province", 0) + 1
            continue
        if not re.fullmatch(r"\d\.\d{6}", code) or code in procedures:
            review.excluded["bad_code"] = review.excluded.get("bad_code", 0) + 1
            continue
        try:
            version, problems = map_record(record, level)
        except (TypeError, AttributeError, KeyError, ValueError, IndexError):
            # a record whose shape is not the portal's: left out, and listed for a person
            review.flag("unreadable", code, nfc(str(d.get("name") or record.get("name") or "")))
            continue
        if code in overrides:
            problems = _apply(version, problems, overrides[code])
            review.decided.append((code, version["name"], version["decision"]))
        if code in eforms:
            version["eform"] = eforms[code]
        for reason in problems:
            review.flag(reason, code, version["name"])
        version["review"] = problems
        procedures[code] = {"code": code, "versions": [version]}
        review.converted += 1
    if previous is not None:
        procedures = _merge(previous, procedures, review)
    doc = {
        "format": "mot-cua-catalog/1",
        "title": f"Danh mục thủ tục hành chính {'cấp xã' if level == 'commune' else 'cấp tỉnh'}"
        + (f" — {province}" if province else ""),
        "description": f"Chuyển từ hồ sơ thủ tục của {SOURCE} bằng “kiosk catalog from-portal”."
        " Các điểm cần người quyết định nằm trong báo cáo rà soát.",
        "procedures": [procedures[c] for c in sorted(procedures)],
    }
    return doc, review


def content_key(version: dict[str, Any]) -> str:
    """What makes two versions the same content (not their number, dates or review notes)."""
    skip = {"version", "status", "effective_from", "effective_to", "review"}
    return canonical_sha256({k: v for k, v in version.items() if k not in skip})


def _merge(
    previous: dict[str, Any], fresh: dict[str, dict[str, Any]], review: Review
) -> dict[str, dict[str, Any]]:
    today = date.today()
    out: dict[str, dict[str, Any]] = {}
    for proc in previous.get("procedures", []):
        code = proc["code"]
        versions = [dict(v) for v in proc["versions"]]
        last = versions[-1]
        new = fresh.pop(code, None)
        if new is None:
            if last.get("effective_to") is None:
                last["effective_to"] = today.isoformat()
                review.changes.setdefault("ended", []).append(code)
        elif content_key(new["versions"][0]) != content_key(last):
            version = dict(new["versions"][0])
            version["version"] = last["version"] + 1
            version["status"] = "amended"
            start = date.fromisoformat(version["effective_from"])
            if start <= date.fromisoformat(last["effective_from"]):
                version["effective_from"] = today.isoformat()
            versions.append(version)
            review.changes.setdefault("changed", []).append(code)
        out[code] = {"code": code, "versions": versions}
    for code, proc in fresh.items():
        out[code] = proc
        review.changes.setdefault("added", []).append(code)
    return out


def render_report(review: Review, level: str, province: str | None = None) -> str:
    """The review report (Markdown): every record needing a person, grouped by reason."""
    lines = [
        f"# Rà soát chuyển đổi danh mục thủ tục ({level}"
        + (f", {province}" if province else "")
        + ")",
        "",
        f"Nguồn: {SOURCE}.",
        "",
        f"- Đã chuyển: {review.converted} thủ tục",
        f"- Cần người quyết định: {len(review.needing_a_person())} thủ tục",
        f"- Đã có quyết định (tệp overrides): {len(review.decided)} thủ tục",
    ]
    for key, label in (
        ("other_level", "khác cấp"),
        ("other_province", "thủ tục riêng của tỉnh khác"),
        ("bad_code", "mã không hợp lệ hoặc trùng"),
    ):
        if review.excluded.get(key):
            lines.append(f"- Không đưa vào ({label}): {review.excluded[key]}")
    lines += ["", "## Số thủ tục theo lý do", "", "| Lý do | Mã | Số thủ tục |", "|---|---|---|"]
    for reason, count in review.counts().items():
        lines.append(f"| {REASONS.get(reason, reason)} | `{reason}` | {count} |")
    for reason, rows in sorted(review.flagged.items()):
        lines += ["", f"## {REASONS.get(reason, reason)} ({len(rows)})", ""]
        lines += [f"- {code} — {name}" for code, name in sorted(rows)]
    if review.decided:
        lines += ["", f"## Đã quyết định ({len(review.decided)})", ""]
        lines += [f"- {code} — {name}: {why}" for code, name, why in sorted(review.decided)]
    for key, label in (
        ("added", "Thủ tục mới"),
        ("changed", "Nội dung thay đổi: phiên bản mới"),
        ("ended", "Không còn trên Cổng: kết thúc hiệu lực"),
    ):
        if review.changes.get(key):
            lines += ["", f"## {label} ({len(review.changes[key])})", ""]
            lines += [f"- {code}" for code in sorted(review.changes[key])]
    return "\n".join(lines) + "\n"
