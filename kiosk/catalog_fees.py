"""Fees and time limits of a procedure version, as values and as the Vietnamese text shown for
them.
"""

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


CHANNEL_NAMES = {
    "direct": "trực tiếp",
    "online": "trực tuyến",
    "postal": "qua bưu chính",
    "other": "kênh khác",
}


@dataclass(frozen=True)
class ChannelFee:
    channel: str  # direct | online | postal | other
    amount: int
    text: str = ""


@dataclass(frozen=True)
class Fee:
    """rule: free | fixed (``amount`` per ``per``) | per_page (``tiers``, ``maximum``) |
    set_by_province.
    """

    rule: str
    amount: int | None = None
    per: str | None = None
    tiers: tuple[FeeTier, ...] = ()
    maximum: int | None = None
    text: str = ""
    channels: tuple[ChannelFee, ...] = ()  # per channel, as the portal publishes it

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Fee:
        data = data or {"rule": "free"}
        tiers = tuple(
            FeeTier(t["from_page"], t.get("to_page"), t["amount"]) for t in data.get("tiers", ())
        )
        channels = tuple(
            ChannelFee(k, int(v.get("amount") or 0), v.get("text", ""))
            for k, v in (data.get("channels") or {}).items()
        )
        return cls(
            data["rule"],
            data.get("amount"),
            data.get("per"),
            tiers,
            data.get("maximum"),
            data.get("text", ""),
            channels,
        )

    def for_channel(self, channel: str) -> int | None:
        """The amount on one channel (``direct``, ``online``…), None when the province sets it."""
        if self.rule == "set_by_province":
            return None
        for c in self.channels:
            if c.channel == channel:
                return c.amount
        return self.for_pages(1)

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
            tier = next(
                (
                    t
                    for t in reversed(self.tiers)
                    if t.from_page <= page and (t.to_page is None or page <= t.to_page)
                ),
                None,
            )
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
                pages = (
                    f"trang {t.from_page}"
                    if t.to_page == t.from_page
                    else f"trang {t.from_page}–{t.to_page}"
                    if t.to_page
                    else f"từ trang {t.from_page}"
                )
                parts.append(f"{money(t.amount)}/trang ({pages})")
            head = "; ".join(parts)
            if self.maximum is not None:
                head += f"; tối đa {money(self.maximum)}/bản"
        else:
            head = "Theo mức do Hội đồng nhân dân cấp tỉnh quyết định"
        if len({c.amount for c in self.channels}) > 1 and self.rule != "set_by_province":
            head = "; ".join(
                f"{CHANNEL_NAMES.get(c.channel, c.channel).capitalize()}: "
                f"{money(c.amount) if c.amount else 'miễn phí'}"
                for c in sorted(self.channels, key=lambda c: -c.amount)
            )
        text = public_text(self.text)
        return f"{head}. {text}" if text else head


UNIT_WORDS = {
    "working_day": "ngày làm việc",
    "day": "ngày",
    "hour": "giờ",
    "month": "tháng",
    "year": "năm",
}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def describe_time_limit(
    days: int,
    cutoff: str | None,
    note: str | None = None,
    unit: str | None = None,
    value: float | None = None,
) -> str:
    """``0, "15:00"`` → "Trong ngày (nhận sau 15:00 thì trả trong ngày làm việc tiếp theo)";
    ``15, unit="day"`` → "15 ngày" (calendar days, as the rule says), ``unit="hour"`` → "15 giờ"."""
    if unit in ("variant", "text"):
        head = "Tùy trường hợp" if unit == "variant" else "Theo quy định (xem ghi chú)"
        if unit == "text" and note:
            return public_text(note)
        note = public_text(note)
        return f"{head}. {note}" if note else head
    if unit in UNIT_WORDS and unit != "working_day":
        head = f"{_number(value if value is not None else days)} {UNIT_WORDS[unit]}"
    elif days == 0:
        head = "Trong ngày"
        if cutoff:
            head += f" (nhận sau {cutoff} thì trả trong ngày làm việc tiếp theo)"
    else:
        head = f"{days} ngày làm việc"
    note = public_text(note)
    return f"{head}. {note}" if note else head
