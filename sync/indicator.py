"""What the status bar says about the central system, in Vietnamese (Qt-free: the widget only
displays it).

Quiet and honest: "connected" alone would suggest everything has reached the central system, so
the line says what still waits (dossiers, and the bytes of scans not yet uploaded), how old the
oldest waiting change is, and when a send last succeeded:

    Đang ngoại tuyến — 5 hồ sơ chờ gửi (3,2 MB), cũ nhất 2 giờ trước · gửi được lần cuối 09:14
    Đã đồng bộ · 09:14

The tooltip gives the full detail (the reason the link is down, exact byte counts, dates).
Numbers are written the Vietnamese way: "." between thousands, "," before decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.timeutil import to_vietnam_time
from sync.engine import SyncSummary

OK, BUSY, OFFLINE, ATTENTION = "ok", "busy", "offline", "attention"
_UNITS = (("GB", 10**9), ("MB", 10**6), ("kB", 10**3))


@dataclass(frozen=True)
class Indicator:
    text: str  # the status bar's one line
    tooltip: str  # the full detail, one fact per line
    tone: str  # ok | busy (online, sending) | offline | attention (something was refused)


def number_text(value: int | float, decimals: int = 0) -> str:
    """1234567 → "1.234.567"; 3.2 with one decimal → "3,2" (Vietnamese separators)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def size_text(size: int) -> str:
    """Bytes for a person: "850 byte", "12 kB", "3,2 MB", "1,5 GB" (decimal units, as disks)."""
    for unit, scale in _UNITS:
        if size >= scale:
            value = size / scale
            decimals = 1 if value < 100 and unit != "kB" else 0
            text = number_text(value, decimals)
            if decimals and text.endswith(",0"):
                text = text[:-2]
            return f"{text} {unit}"
    return f"{number_text(size)} byte"


def age_text(since: datetime, now: datetime) -> str:
    """How long ago: "chưa đầy 1 phút trước" (under a minute), "5 phút trước", "2 giờ trước",
    "3 ngày trước"."""
    seconds = max(0.0, (now - since).total_seconds())
    if seconds < 60:
        return "chưa đầy 1 phút trước"
    if seconds < 3600:
        return f"{int(seconds // 60)} phút trước"
    if seconds < 86400:
        return f"{int(seconds // 3600)} giờ trước"
    return f"{number_text(int(seconds // 86400))} ngày trước"


def clock_text(moment: datetime, now: datetime) -> str:
    """09:14 today, "09:14 05/12" on another day of the year, else with the year (Vietnam time)."""
    moment, now = to_vietnam_time(moment), to_vietnam_time(now)
    if moment.date() == now.date():
        return f"{moment:%H:%M}"
    if moment.year == now.year:
        return f"{moment:%H:%M %d/%m}"
    return f"{moment:%H:%M %d/%m/%Y}"


def describe(
    summary: SyncSummary | None, reachable: bool | None, detail: str, now: datetime
) -> Indicator:
    """The indicator for what the last health check found (``reachable``; None: not checked yet,
    ``detail`` its reason in Vietnamese) and what waits (``summary``; None: not read yet)."""
    if reachable is None:
        return Indicator("Hệ thống trung tâm: đang kiểm tra…", "", BUSY)
    lines = [
        "Hệ thống trung tâm: đã kết nối." if reachable else f"Hệ thống trung tâm: {detail}.",
    ]
    if summary is None:
        head = "Đã kết nối" if reachable else "Đang ngoại tuyến"
        return Indicator(head, "\n".join(lines), OK if reachable else OFFLINE)
    last = summary.last_success
    if summary.device_problem:  # nothing can reach the centre until a technician acts
        lines.append(summary.device_problem)
        text = "Không gửi được: khóa thiết bị bị hỏng, cần kỹ thuật viên"
        if summary.pending_dossiers:
            text += f" · {number_text(summary.pending_dossiers)} hồ sơ chờ gửi"
        return Indicator(text, "\n".join(lines), ATTENTION)
    if summary.all_sent:
        if reachable:
            text = "Đã đồng bộ" + (f" · {clock_text(last, now)}" if last else "")
            lines.append("Mọi hồ sơ và tệp đã gửi tới hệ thống trung tâm.")
        else:
            text = "Đang ngoại tuyến — không có gì chờ gửi"
            if last:
                text += f" · gửi được lần cuối {clock_text(last, now)}"
        _add_last(lines, last, now)
        return Indicator(text, "\n".join(lines), OK if reachable else OFFLINE)

    text = "Đã kết nối · " if reachable else "Đang ngoại tuyến — "
    waiting = []
    if summary.pending_dossiers:
        part = f"{number_text(summary.pending_dossiers)} hồ sơ chờ gửi"
        if summary.bytes_left:
            part += f" ({size_text(summary.bytes_left)})"
        waiting.append(part)
    elif summary.bytes_left:
        waiting.append(f"còn {size_text(summary.bytes_left)} tệp chờ gửi")
    elif summary.blobs_left:  # all bytes went, the centre has not confirmed them yet
        waiting.append(f"{number_text(summary.blobs_left)} tệp chờ xác nhận")
    if summary.oldest_pending is not None and waiting:
        waiting[-1] += f", cũ nhất {age_text(summary.oldest_pending, now)}"
    if summary.need_attention:
        waiting.append(f"{number_text(summary.need_attention)} mục cần xử lý")
    text += " · ".join(waiting)
    if last:
        text += f" · gửi được lần cuối {clock_text(last, now)}"

    if summary.pending_dossiers:
        lines.append(
            f"{number_text(summary.pending_dossiers)} hồ sơ chờ gửi "
            f"({number_text(summary.pending_items)} thay đổi)."
        )
    if summary.blobs_left:
        lines.append(files_line(summary))
    if summary.oldest_pending is not None:
        oldest = summary.oldest_pending
        lines.append(f"Chờ lâu nhất: từ {_full(oldest)} ({age_text(oldest, now)}).")
    _add_last(lines, last, now)
    if summary.need_attention:
        lines.append(
            f"{number_text(summary.need_attention)} mục bị từ chối hoặc xung đột, cần người xử "
            "lý: xem trang Đồng bộ."
        )
    if not reachable:
        lines.append(
            "Công việc vẫn tiếp tục bình thường: mọi thay đổi được lưu tại máy và tự gửi khi có "
            "kết nối."
        )
    tone = ATTENTION if summary.need_attention else BUSY if reachable else OFFLINE
    return Indicator(text, "\n".join(lines), tone)


def files_line(summary: SyncSummary) -> str:
    """The files still to upload, exactly (the tooltip, the sync page)."""
    if not summary.blobs_left:
        return "Mọi tệp (bản quét, giấy tờ đã in) đã gửi xong."
    return (
        f"{number_text(summary.blobs_left)} tệp (bản quét, giấy tờ đã in) chưa gửi xong: còn "
        f"{size_text(summary.bytes_left)} ({number_text(summary.bytes_left)} byte)."
    )


def _add_last(lines: list[str], last: datetime | None, now: datetime) -> None:
    if last is None:
        lines.append("Chưa gửi được lần nào tới hệ thống trung tâm.")
    else:
        lines.append(f"Gửi được lần cuối: {_full(last)} ({age_text(last, now)}).")


def _full(moment: datetime) -> str:
    return f"{to_vietnam_time(moment):%H:%M %d/%m/%Y}"
