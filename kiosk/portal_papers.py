"""The dossier's papers of a portal record (``executionCases``), with their kind (issue #10).

The group heading says more than the ``required`` flag: "phải nộp" is a paper the office keeps,
"phải xuất trình" is shown and handed back (``kind: "present"``, never kept), "trường hợp…" is a
conditional paper with the heading as its condition, "Lưu ý" holds notes. Entries with both
quantities 0 are notes, never papers. Without a heading, a paper whose own name starts with
"Trường hợp…"/"Nếu…" is conditional on that sentence; the others are papers to submit.
"""

from __future__ import annotations

import re
from typing import Any

from kiosk.text import fold, nfc

MAX_COUNT = 20  # the catalog schema's limit per paper
_BULLET = re.compile(r"^[\s\-+*•–.:]+")
_CONDITIONAL = re.compile(r"^(?:[a-z0-9]{1,3}[.)]\s*)?(?:truong hop|doi voi|neu)\b")


def heading_kind(heading: str) -> str:
    """``submit`` | ``present`` | ``conditional`` | ``notes`` | ``none`` (no heading)."""
    folded = _BULLET.sub("", fold(heading)).strip(" :")
    if not folded:
        return "none"
    if folded.startswith("luu y") or folded.startswith("ghi chu"):
        return "notes"
    if "xuat trinh" in folded and "nop" not in folded:
        return "present"
    if _CONDITIONAL.match(folded):
        return "conditional"
    if re.search(r"\b(?:phai nop|ho so nop|thanh phan ho so)\b", folded) or folded in (
        "giay to phai nop",
        "ho so gom",
    ):
        return "submit"
    return "conditional"


def clean(name: str) -> str:
    return nfc(_BULLET.sub("", name or ""))


def papers(groups: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """(checklist items, notes, problems) of a record's ``executionCases``."""
    items: list[dict[str, Any]] = []
    notes: list[str] = []
    problems: list[str] = []
    for group in groups or ():
        heading = clean(group.get("name") or "").rstrip(":").strip()
        kind = heading_kind(heading)
        for entry in group.get("profileComponents") or ():
            name = clean(entry.get("name") or "")
            originals, copies = int(entry.get("originalQty") or 0), int(entry.get("copyQty") or 0)
            if not name:
                continue
            if kind == "notes" or (originals == 0 and copies == 0):
                notes.append(name)
                continue
            if max(originals, copies) > MAX_COUNT:
                problems.append("paper_count")
                originals, copies = min(originals, MAX_COUNT), min(copies, MAX_COUNT)
            item: dict[str, Any] = {"name": name, "originals": originals, "copies": copies}
            own = kind
            if kind == "none":
                own = "conditional" if _CONDITIONAL.match(fold(name)) else "submit"
            item["kind"] = own
            item["required"] = own != "conditional"
            if own == "conditional":
                item["condition"] = heading if kind == "conditional" else name
            templates = [
                a.get("fileName") for a in entry.get("attachments") or () if a.get("fileName")
            ]
            if templates:
                item["templates"] = templates
            if entry.get("code"):
                item["portal_code"] = entry["code"]
            items.append(item)
    if not items:
        problems.append("no_papers")
    return items, notes, problems
