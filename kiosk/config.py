"""The machine's configuration: one validated TOML file, loaded once and passed explicitly.

``kiosk.toml`` lives in the platform config folder (``kiosk.paths.config_dir()``); ``kiosk demo``
uses ``resources/config/demo.toml``. Every bad value is reported with its key, in Vietnamese.

Loading has three steps, each raising ``ConfigError`` and nothing else: ``read_text`` (the file),
``parse_toml`` (the syntax) and ``build`` (the values). Nothing is written by any of them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.codes import FallbackPlan, validate_agency_code
from kiosk.errors import ConfigError, InvalidInput
from kiosk.paths import config_dir, resource
from kiosk.signing.counter import SigningSetup
from kiosk.signing.token import TokenConfig
from kiosk.vietqr import CollectionAccount

MODES = ("officer", "citizen")
LANGUAGES = ("vi", "en")
MAX_BYTES = 256 * 1024  # a real kiosk.toml is about 1 kB
_PRINTER = re.compile(
    r"pdf|cups:[\w.@-]+|escpos:(usb:[0-9a-fA-F]{4}:[0-9a-fA-F]{4}|net:[\w.-]+(:[0-9]+)?|dummy)"
)
_SCANNER = re.compile(r"none|file|sane:\S+|escl:https?://\S+|folder:\S+")
_HHMM = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_KINDS = {
    str: ("chuỗi", "a string"),
    int: ("số nguyên", "an integer"),
    list: ("danh sách", "a list"),
    bool: ("true hoặc false", "true or false"),
}


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
    # [payment] the office's fee collection account: the checklist handout carries a VietQR
    collection_account: CollectionAccount | None = None
    citizen_idle_seconds: int = 90  # [ui] citizen kiosk: idle time before the countdown
    # [signing] the officers' USB token (PKCS#11 driver, token label) and the software fallback
    signing: SigningSetup = SigningSetup()


def default_path() -> Path:
    return config_dir() / "kiosk.toml"


def demo_path() -> Path:
    return resource("config", "demo.toml")


def load(path: Path | None = None) -> KioskConfig:
    """Load and validate the config file; ConfigError with a Vietnamese message if it is bad."""
    path = Path(path) if path else default_path()
    return build(parse_toml(read_text(path), path), path)


def read_text(path: Path) -> str:
    """The file's text (UTF-8, a leading BOM allowed); ConfigError if it cannot be read."""
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(
            f"Chưa có tệp cấu hình {path}. Hãy chép resources/config/demo.toml thành tệp này "
            "và sửa mã cơ quan, tên cơ quan, số quầy; hoặc chạy “kiosk demo”.",
            english=f"No config file {path}. Copy resources/config/demo.toml there and edit it.",
        ) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise _unreadable(
            path,
            f"không mở được ({_shown(exc.strerror or exc)})",
            f"cannot be opened ({_shown(exc.strerror or exc)})",
        ) from None
    if len(raw) > MAX_BYTES:
        raise _unreadable(
            path, f"lớn quá {MAX_BYTES // 1024} kB", f"is larger than {MAX_BYTES // 1024} kB"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _unreadable(
            path,
            f"không phải văn bản UTF-8 (byte lỗi ở vị trí {exc.start})",
            f"is not UTF-8 text (bad byte at offset {exc.start})",
        ) from None


def parse_toml(text: str, path: Path) -> dict:
    """The parsed TOML document; ConfigError for bad syntax, huge numbers or deep nesting."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _unreadable(
            path,
            f"sai cú pháp TOML ({_shown(exc, 120)})",
            f"has a TOML syntax error ({_shown(exc, 120)})",
        ) from None
    except ValueError:  # an integer literal longer than Python converts (4300 digits)
        raise _unreadable(path, "có một số quá lớn", "holds a number that is too large") from None
    except RecursionError:
        raise _unreadable(
            path, "có mảng hoặc bảng lồng nhau quá sâu", "nests arrays or tables too deeply"
        ) from None


def build(data: dict, path: Path) -> KioskConfig:
    """Validate the parsed document into a KioskConfig; ConfigError names the first bad key."""
    r = _Reader(data, path)
    return KioskConfig(
        agency_code=_agency_code(r),
        agency_name=_nonempty(r, "agency.name"),
        agency_parent=r.get("agency.parent", str, ""),
        province=r.get("agency.province", str, ""),
        counter=r.number("counter.number", 1, FallbackPlan().max_counters),
        mode=r.one_of(
            "counter.mode", "officer", MODES, "officer (quầy cán bộ) hoặc citizen (ki-ốt công dân)"
        ),
        receipt_printer=_printer(r, "printing.receipt"),
        ticket_printer=_printer(r, "printing.ticket"),
        scanner=_choice(
            r,
            "scanning.scanner",
            "none",
            _SCANNER,
            "none, file, sane:THIẾT_BỊ, escl:URL hoặc folder:THƯ_MỤC",
            "none, file, sane:DEVICE, escl:URL or folder:FOLDER",
        ),
        central_url=_central_url(r),
        cutoff=r.hhmm("hours.cutoff", r.get("hours.cutoff", str, "15:00")),
        office_hours=_office_hours(r),
        language=r.one_of("ui.language", "vi", LANGUAGES, "vi hoặc en"),
        idle_lock_minutes=r.number("ui.idle_lock_minutes", 1, 240, default=10, unit=" phút"),
        source=path,
        draft_retention_days=r.number(
            "reception.draft_retention_days", 1, 365, default=30, unit=" ngày"
        ),
        collection_account=_collection_account(r),
        citizen_idle_seconds=r.number("ui.citizen_idle_seconds", 20, 600, default=90, unit=" giây"),
        signing=_signing(r),
    )


def _signing(r: _Reader) -> SigningSetup:
    """``[signing]``: ``pkcs11_module`` (absolute path of the token's driver; empty: no token),
    ``token_label`` (empty: the one token plugged in), ``key_label`` (empty: the key with a
    signing certificate), ``software_fallback`` (the software key when the token fails)."""
    module = r.get("signing.pkcs11_module", str, "").strip()
    fallback = r.get("signing.software_fallback", bool, False)
    labels = {}
    for key in ("token_label", "key_label"):
        labels[key] = r.get(f"signing.{key}", str, "").strip()
        if len(labels[key].encode()) > 32 or not labels[key].isprintable():
            raise r.fail(
                f"signing.{key}",
                "phải là nhãn in được, tối đa 32 byte (như PKCS#11 quy định).",
                "must be a printable label of at most 32 bytes (PKCS#11).",
            )
    if not module:
        return SigningSetup(None, fallback)
    if "\0" in module or not Path(module).is_absolute():
        raise r.fail(
            "signing.pkcs11_module",
            f"“{_shown(module)}” phải là đường dẫn đầy đủ tới thư viện PKCS#11 của USB token "
            "(ví dụ /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so).",
            f"'{_shown(module)}' must be the absolute path of the token's PKCS#11 library.",
        )
    return SigningSetup(TokenConfig(Path(module), **labels), fallback)


def _collection_account(r: _Reader) -> CollectionAccount | None:
    if "payment" not in r.data:
        return None
    bank_bin = r.get("payment.bank_bin", str).strip()
    try:
        return CollectionAccount(
            bank_bin, r.get("payment.account", str).strip(), r.get("payment.name", str, "").strip()
        )
    except InvalidInput as exc:
        raise r.fail("payment", exc.message, exc.english) from None


class _Reader:
    """Reads typed values out of the parsed TOML, naming the key in every error."""

    def __init__(self, data: dict, path: Path) -> None:
        self.data, self.path = data, path

    def fail(self, key: str, vi: str, en: str) -> ConfigError:
        return ConfigError(
            f"Cấu hình {self.path}: “{key}” {vi}", english=f"Config {self.path}: '{key}' {en}"
        )

    def get(self, key: str, kind: type, default=None):
        section, _, name = key.partition(".")
        table = self.data.get(section, {})
        if not isinstance(table, dict):
            raise self.fail(
                section,
                f"phải là một bảng [{section}], không phải giá trị “{_shown(table)}”.",
                f"must be a table [{section}], not the value '{_shown(table)}'.",
            )
        value = table.get(name, default)
        if value is None:
            raise self.fail(key, "bị thiếu.", "is missing.")
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            vi, en = _KINDS[kind]
            raise self.fail(
                key,
                f"có giá trị “{_shown(value)}” sai kiểu (phải là {vi}).",
                f"has a value of the wrong type: '{_shown(value)}' (must be {en}).",
            )
        return value

    def number(self, key: str, low: int, high: int, default=None, unit: str = "") -> int:
        value = self.get(key, int, default)
        if not low <= value <= high:
            raise self.fail(key, f"phải từ {low} đến {high}{unit}.", f"must be {low}-{high}.")
        return value

    def one_of(self, key: str, default: str, allowed: tuple[str, ...], vi_list: str) -> str:
        value = self.get(key, str, default)
        if value not in allowed:
            raise self.fail(
                key,
                f"“{_shown(value)}” phải là {vi_list}.",
                f"'{_shown(value)}' must be {' or '.join(allowed)}.",
            )
        return value

    def hhmm(self, key: str, text: str) -> time:
        m = _HHMM.fullmatch(text)
        if not m:
            raise self.fail(
                key,
                f"“{_shown(text)}” phải có dạng GG:PP (ví dụ 15:00).",
                f"'{_shown(text)}' must be HH:MM.",
            )
        return time(int(m[1]), int(m[2]))


def _agency_code(r: _Reader) -> str:
    try:
        return validate_agency_code(r.get("agency.code", str))
    except InvalidInput as exc:
        raise r.fail("agency.code", exc.message, exc.english) from None


def _nonempty(r: _Reader, key: str) -> str:
    value = r.get(key, str).strip()
    if not value:
        raise r.fail(key, "trống.", "is empty.")
    return value


def _choice(r: _Reader, key: str, default: str, pattern: re.Pattern, vi: str, en: str) -> str:
    value = r.get(key, str, default)
    if not pattern.fullmatch(value):
        raise r.fail(key, f"“{_shown(value)}” phải là {vi}.", f"'{_shown(value)}' must be {en}.")
    return value


def _printer(r: _Reader, key: str) -> str:
    return _choice(
        r,
        key,
        "pdf",
        _PRINTER,
        "pdf, cups:TÊN_HÀNG_IN, escpos:usb:VID:PID hoặc escpos:net:MÁY[:CỔNG]",
        "pdf, cups:QUEUE, escpos:usb:VID:PID or escpos:net:HOST[:PORT]",
    )


def _central_url(r: _Reader) -> str:
    url = r.get("central.url", str)
    not_url = r.fail(
        "central.url", f"“{_shown(url)}” không phải địa chỉ web.", f"'{_shown(url)}' is not a URL."
    )
    if any(c.isspace() or not c.isprintable() for c in url):
        raise not_url
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port  # .port raises ValueError when out of range
    except ValueError:  # e.g. http://[::1/ (an unclosed IPv6 address)
        raise not_url from None
    if parts.scheme not in ("http", "https") or not host:
        raise not_url
    if parts.scheme == "http" and host not in _LOOPBACK:
        raise r.fail(
            "central.url",
            "phải dùng https (chỉ máy này, 127.0.0.1, mới được dùng http).",
            "must use https (http only for 127.0.0.1).",
        )
    return url.rstrip("/")


def _office_hours(r: _Reader) -> tuple[tuple[time, time], ...]:
    office = []
    for span in r.get("hours.office", list, ["07:30-11:30", "13:30-17:00"]):
        start, sep, end = span.partition("-") if isinstance(span, str) else ("", "", "")
        if not sep:
            raise r.fail(
                "hours.office",
                f"“{_shown(span)}” phải có dạng GG:PP-GG:PP.",
                f"'{_shown(span)}' must be HH:MM-HH:MM.",
            )
        a, b = r.hhmm("hours.office", start), r.hhmm("hours.office", end)
        if a >= b:
            raise r.fail(
                "hours.office",
                f"“{span}”: giờ mở phải trước giờ đóng.",
                f"'{span}': opening must precede closing.",
            )
        office.append((a, b))
    return tuple(office)


def _unreadable(path: Path, vi: str, en: str) -> ConfigError:
    return ConfigError(
        f"Không đọc được tệp cấu hình {path}: tệp {vi}.",
        english=f"Cannot read config file {path}: it {en}.",
    )


def _shown(value: object, limit: int = 60) -> str:
    """A short, always printable rendering of a value for a message (no huge or nested reprs)."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int):
        text = str(value) if value.bit_length() < 256 else "(số rất lớn)"
    elif isinstance(value, list):
        text = "[…]"
    elif isinstance(value, dict):
        text = "{…}"
    else:
        text = str(value)
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
