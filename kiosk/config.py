"""The machine's configuration: one validated TOML file, loaded once and passed explicitly.

``kiosk.toml`` lives in the platform config folder (``kiosk.paths.config_dir()``); ``kiosk demo``
uses ``resources/config/demo.toml``. Every bad value is reported with its key, in Vietnamese.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from urllib.parse import urlparse

from kiosk.codes import FallbackPlan, validate_agency_code
from kiosk.errors import ConfigError, InvalidInput
from kiosk.paths import config_dir, resource

MODES = ("officer", "citizen")
LANGUAGES = ("vi", "en")
_PRINTER = re.compile(r"^(pdf|cups:[\w.@-]+|escpos:(usb:[0-9a-fA-F]{4}:[0-9a-fA-F]{4}|net:[\w.-]+(:\d+)?|dummy))$")
_SCANNER = re.compile(r"^(none|file|sane:\S+|escl:https?://\S+)$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class KioskConfig:
    agency_code: str
    agency_name: str
    agency_parent: str
    province: str
    counter: int
    mode: str
    receipt_printer: str
    ticket_printer: str
    scanner: str
    central_url: str
    cutoff: time
    office_hours: tuple[tuple[time, time], ...]
    language: str
    idle_lock_minutes: int
    source: Path
    draft_retention_days: int = 30  # [reception] drafts untouched this long are purged at start-up


def default_path() -> Path:
    return config_dir() / "kiosk.toml"


def demo_path() -> Path:
    return resource("config", "demo.toml")


class _Reader:
    """Reads typed values out of the parsed TOML, naming the key in every error."""

    def __init__(self, data: dict, path: Path) -> None:
        self.data, self.path = data, path

    def fail(self, key: str, vi: str, en: str) -> ConfigError:
        return ConfigError(f"Cấu hình {self.path}: “{key}” {vi}", english=f"Config {self.path}: '{key}' {en}")

    def get(self, key: str, kind: type, default=None):
        section, _, name = key.partition(".")
        value = self.data.get(section, {}).get(name, default)
        if value is None:
            raise self.fail(key, "bị thiếu.", "is missing.")
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(key, f"có giá trị {value!r} sai kiểu.", f"has a value of the wrong type: {value!r}.")
        return value

    def hhmm(self, key: str, text: str) -> time:
        m = _HHMM.match(text)
        if not m:
            raise self.fail(key, f"“{text}” phải có dạng GG:PP (ví dụ 15:00).", f"'{text}' must be HH:MM.")
        return time(int(m[1]), int(m[2]))


def load(path: Path | None = None) -> KioskConfig:
    """Load and validate the config file; raise ConfigError with a Vietnamese message if it is bad."""
    path = Path(path) if path else default_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"Chưa có tệp cấu hình {path}. Hãy chép resources/config/demo.toml thành tệp này và sửa "
            "mã cơ quan, tên cơ quan, số quầy; hoặc chạy “kiosk demo”.",
            english=f"No config file {path}. Copy resources/config/demo.toml there and edit it.") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Không đọc được tệp cấu hình {path}: {exc}",
                          english=f"Cannot read config file {path}: {exc}") from None
    r = _Reader(data, path)
    try:
        agency_code = validate_agency_code(r.get("agency.code", str))
    except InvalidInput as exc:
        raise r.fail("agency.code", exc.message, exc.english) from None
    counter = r.get("counter.number", int)
    if not 1 <= counter <= FallbackPlan().max_counters:
        raise r.fail("counter.number", f"phải từ 1 đến {FallbackPlan().max_counters}.",
                     f"must be 1-{FallbackPlan().max_counters}.")
    mode = r.get("counter.mode", str, "officer")
    if mode not in MODES:
        raise r.fail("counter.mode", f"“{mode}” phải là officer (quầy cán bộ) hoặc citizen (ki-ốt công dân).",
                     f"'{mode}' must be officer or citizen.")
    printers = {}
    for key in ("printing.receipt", "printing.ticket"):
        value = r.get(key, str, "pdf")
        if not _PRINTER.match(value):
            raise r.fail(key, f"“{value}” phải là pdf, cups:TÊN_HÀNG_IN, escpos:usb:VID:PID hoặc escpos:net:MÁY[:CỔNG].",
                         f"'{value}' must be pdf, cups:QUEUE, escpos:usb:VID:PID or escpos:net:HOST[:PORT].")
        printers[key] = value
    scanner = r.get("scanning.scanner", str, "none")
    if not _SCANNER.match(scanner):
        raise r.fail("scanning.scanner", f"“{scanner}” phải là none, file, sane:THIẾT_BỊ hoặc escl:URL.",
                     f"'{scanner}' must be none, file, sane:DEVICE or escl:URL.")
    url = r.get("central.url", str)
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise r.fail("central.url", f"“{url}” không phải địa chỉ web.", f"'{url}' is not a URL.")
    if parsed.scheme == "http" and parsed.hostname not in _LOOPBACK:
        raise r.fail("central.url", "phải dùng https (chỉ máy này, 127.0.0.1, mới được dùng http).",
                     "must use https (http only for 127.0.0.1).")
    cutoff = r.hhmm("hours.cutoff", r.get("hours.cutoff", str, "15:00"))
    office = []
    for span in r.get("hours.office", list, ["07:30-11:30", "13:30-17:00"]):
        start, sep, end = str(span).partition("-")
        if not sep:
            raise r.fail("hours.office", f"“{span}” phải có dạng GG:PP-GG:PP.", f"'{span}' must be HH:MM-HH:MM.")
        a, b = r.hhmm("hours.office", start), r.hhmm("hours.office", end)
        if a >= b:
            raise r.fail("hours.office", f"“{span}”: giờ mở phải trước giờ đóng.", f"'{span}': opening must precede closing.")
        office.append((a, b))
    language = r.get("ui.language", str, "vi")
    if language not in LANGUAGES:
        raise r.fail("ui.language", f"“{language}” phải là vi hoặc en.", f"'{language}' must be vi or en.")
    idle = r.get("ui.idle_lock_minutes", int, 10)
    if not 1 <= idle <= 240:
        raise r.fail("ui.idle_lock_minutes", "phải từ 1 đến 240 phút.", "must be 1-240 minutes.")
    drafts = r.get("reception.draft_retention_days", int, 30)
    if not 1 <= drafts <= 365:
        raise r.fail("reception.draft_retention_days", "phải từ 1 đến 365 ngày.",
                     "must be 1-365 days.")
    return KioskConfig(
        agency_code=agency_code,
        agency_name=r.get("agency.name", str).strip() or _raise(r.fail("agency.name", "trống.", "is empty.")),
        agency_parent=r.get("agency.parent", str, ""),
        province=r.get("agency.province", str, ""),
        counter=counter, mode=mode,
        receipt_printer=printers["printing.receipt"], ticket_printer=printers["printing.ticket"],
        scanner=scanner, central_url=url.rstrip("/"), cutoff=cutoff, office_hours=tuple(office),
        language=language, idle_lock_minutes=idle, source=path, draft_retention_days=drafts,
    )


def _raise(exc: Exception):
    raise exc
