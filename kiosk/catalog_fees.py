"""Fees and time limits of a procedure version, as values and as the Vietnamese text shown for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.public_text import public_text


def money(amount: int) -> str:
    """``200000`` → ``"200.000 đồng"`` (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


@dataclass(frozen=True)
class FeeTier:
    from_page: int
    to_page: int | None
    amount: int


@dataclass(frozen=True)
class Fee:
    """rule: free | fixed (``amount`` per ``per``) | per_page (``tiers``, ``maximum``) | set_by_province."""

    rule: str
    amount: int | None = None
    per: str | None = None
    tiers: tuple[FeeTier, ...] = ()
    maximum: int | None = None
    text: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Fee:
        data = data or {"rule": "free"}
        tiers = tuple(FeeTier(t["from_page"], t.get("to_page"), t["amount"]) for t in data.get("tiers", ()))
        return cls(data["rule"], data.get("amount"), data.get("per"), tiers, data.get("maximum"),
                   data.get("text", ""))

    def for_pages(self, pages: int) -> int | None:
        """The fee for one copy of ``pages`` pages (None when the province sets it)."""
        if self.rule == "free":
            return 0
        if self.rule == "fixed":
            return self.amount or 0
        if self.rule == "set_by_province":
            return None
        total = 0
        for page in range(1, pages + 1):
            tier = next((t for t in reversed(self.tiers)
                         if t.from_page <= page and (t.to_page is None or page <= t.to_page)), None)
            total += tier.amount if tier else 0
        return min(total, self.maximum) if self.maximum is not None else total

    def describe(self) -> str:
        if self.rule == "free":
            head = "Miễn phí, lệ phí"
        elif self.rule == "fixed":
            head = f"{money(self.amount or 0)}/{self.per}"
        elif self.rule == "per_page":
            parts = []
            for t in self.tiers:
                pages = (f"trang {t.from_page}" if t.to_page == t.from_page
                         else f"trang {t.from_page}–{t.to_page}" if t.to_page else f"từ trang {t.from_page}")
                parts.append(f"{money(t.amount)}/trang ({pages})")
            head = "; ".join(parts)
            if self.maximum is not None:
                head += f"; tối đa {money(self.maximum)}/bản"
        else:
            head = "Theo mức do Hội đồng nhân dân cấp tỉnh quyết định"
        text = public_text(self.text)
        return f"{head}. {text}" if text else head


def describe_time_limit(days: int, cutoff: str | None, note: str | None = None) -> str:
    """``0, "15:00"`` → "Trong ngày (nhận sau 15:00 thì trả trong ngày làm việc tiếp theo)"."""
    if days == 0:
        head = "Trong ngày"
        if cutoff:
            head += f" (nhận sau {cutoff} thì trả trong ngày làm việc tiếp theo)"
    else:
        head = f"{days} ngày làm việc"
    note = public_text(note)
    return f"{head}. {note}" if note else head
