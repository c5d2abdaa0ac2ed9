"""VietQR (NAPAS, EMVCo merchant-presented) payloads for paying a procedure's fee by bank transfer.

Format (reference/rules-2023-2025.md §4): data objects ``ID(2) + LEN(2) + VALUE``; tag 38 is the
VietQR merchant account (GUID ``A000000727``, bank BIN and account, service ``QRIBFTTA``); the last
object is the CRC, CRC-16/CCITT-FALSE over everything before it including the literal ``6304``,
four upper-case hex digits, zero-padded. Texts are ASCII (diacritics stripped), so a length is a
byte count and bank apps accept it.

The collection account is office data (``[payment]`` in ``kiosk.toml``); without it no QR is made.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kiosk.errors import InvalidInput

GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
_BIN = re.compile(r"\d{6}")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")
_MAX_TEXT = 25  # tag 62 sub-fields (bill number, purpose)
_MAX_PAYLOAD = 512
_D = str.maketrans({"đ": "d", "Đ": "D"})


@dataclass(frozen=True)
class CollectionAccount:
    """The office's fee collection account (bank BIN per NAPAS, account number, holder name)."""

    bank_bin: str
    account: str
    name: str = ""

    def __post_init__(self) -> None:
        if not _BIN.fullmatch(self.bank_bin):
            raise InvalidInput(
                f"Mã ngân hàng (BIN) “{self.bank_bin}” phải có đúng 6 chữ số.",
                english="A bank BIN has exactly 6 digits.",
            )
        if not _ACCOUNT.fullmatch(self.account):
            raise InvalidInput(
                f"Số tài khoản “{self.account}” phải gồm 1–19 chữ số hoặc chữ cái.",
                english="An account number has 1-19 letters or digits.",
            )


def crc16_ccitt(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def ascii_text(text: str, limit: int = _MAX_TEXT) -> str:
    """``text`` without diacritics (case kept), printable ASCII only, at most ``limit`` long."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c for c in plain if 32 <= ord(c) < 127).split())[:limit].strip()


def tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise InvalidInput("Trường mã QR quá dài.", english=f"VietQR field {tag} is too long.")
    return f"{tag}{len(value):02d}{value}"


def with_crc(body: str) -> str:
    """``body`` (without a CRC) + ``6304`` + its CRC."""
    head = body + "6304"
    return f"{head}{crc16_ccitt(head.encode('ascii')):04X}"


def payment_payload(
    account: CollectionAccount, amount: int | None, *, bill: str = "", purpose: str = ""
) -> str:
    """The VietQR text for a transfer of ``amount`` VND (None: the payer types it) to
    ``account``, with the dossier or procedure code as bill number and a purpose note."""
    if amount is not None and not 0 < amount < 10**13:
        raise InvalidInput(
            "Số tiền trên mã QR phải lớn hơn 0.", english="The amount must be positive."
        )
    beneficiary = tlv("00", account.bank_bin) + tlv("01", account.account)
    merchant = tlv("00", GUID) + tlv("01", beneficiary) + tlv("02", TO_ACCOUNT)
    body = tlv("00", "01") + tlv("01", "12" if amount else "11") + tlv("38", merchant)
    body += tlv("53", CURRENCY_VND)
    if amount:
        body += tlv("54", str(int(amount)))
    body += tlv("58", "VN")
    extra = ""
    if bill := ascii_text(bill):
        extra += tlv("01", bill)
    if purpose := ascii_text(purpose):
        extra += tlv("08", purpose)
    if extra:
        body += tlv("62", extra)
    return with_crc(body)


def parse(payload: str) -> dict[str, str]:
    """The top-level data objects of a payload whose CRC checks; InvalidInput otherwise."""
    bad = InvalidInput(
        "Mã QR thanh toán không đúng định dạng VietQR.", english="Not a VietQR payload."
    )
    if not isinstance(payload, str) or not 8 < len(payload) <= _MAX_PAYLOAD:
        raise bad
    if not payload.isascii() or not payload.isprintable():
        raise bad
    objects = parse_objects(payload, bad)
    if list(objects)[-1:] != ["63"] or not payload.endswith("6304" + objects["63"]):
        raise bad
    expected = f"{crc16_ccitt(payload[:-4].encode('ascii')):04X}"
    if objects["63"].upper() != expected:
        raise InvalidInput(
            "Mã QR thanh toán sai mã kiểm tra (CRC): mã bị hỏng hoặc bị sửa.",
            english="VietQR CRC mismatch.",
        )
    if objects.get("00") != "01":
        raise bad
    return objects


def parse_objects(text: str, bad: InvalidInput | None = None) -> dict[str, str]:
    """``ID LEN VALUE`` objects of ``text`` in order (a repeated ID is refused)."""
    bad = bad or InvalidInput("Dữ liệu VietQR hỏng.", english="Malformed VietQR data.")
    out: dict[str, str] = {}
    i = 0
    while i < len(text):
        tag, size = text[i : i + 2], text[i + 2 : i + 4]
        if len(tag) < 2 or not size.isdigit() or not size.isascii() or tag in out:
            raise bad
        value = text[i + 4 : i + 4 + int(size)]
        if len(value) != int(size):
            raise bad
        out[tag] = value
        i += 4 + int(size)
    return out


@dataclass(frozen=True)
class Transfer:
    """What a bank app reads from a payment payload."""

    bank_bin: str
    account: str
    amount: int | None
    bill: str
    purpose: str


def read_transfer(payload: str) -> Transfer:
    """The account, amount and notes of a VietQR transfer payload (CRC checked)."""
    objects = parse(payload)
    merchant = parse_objects(objects.get("38", ""))
    if merchant.get("00") != GUID:
        raise InvalidInput("Mã QR không phải VietQR.", english="Not a VietQR merchant account.")
    beneficiary = parse_objects(merchant.get("01", ""))
    extra = parse_objects(objects.get("62", ""))
    amount = objects.get("54")
    return Transfer(
        beneficiary.get("00", ""),
        beneficiary.get("01", ""),
        int(amount) if amount and amount.isdigit() else None,
        extra.get("01", ""),
        extra.get("08", ""),
    )
