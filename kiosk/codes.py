"""Dossier codes ``<agency code>-<YYMMDD>-<NNNN>`` (Circular 01/2018 Art. 19) and agency codes.

The sequence number comes from blocks reserved in advance (by the central system or the office
database); when a machine is offline and has no block left it falls back to a range that belongs to
its counter alone (see :class:`FallbackPlan`), so two machines of one agency never hand out the same
code, connected or not. The allocator itself lives in :mod:`kiosk.code_service`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.errors import InvalidInput

# QCVN 102:2016: V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.00.17.H05 (M is one capital letter).
AGENCY_CODE_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
DOSSIER_CODE_RE = re.compile(r"^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{6})-(\d{4})$")
MAX_SEQUENCE = 9999


@dataclass(frozen=True)
class DossierCode:
    """A parsed dossier code."""

    agency_code: str
    day: date
    sequence: int

    def __str__(self) -> str:
        return format_dossier_code(self.agency_code, self.day, self.sequence)


@dataclass(frozen=True)
class FallbackPlan:
    """The offline fallback: sequence numbers ``base+1 .. 9999`` are never given out in blocks.

    They are split into equal ranges, one per counter number, so counter ``c`` owns
    ``base + (c-1)*size + 1 .. base + c*size``. The central system and the office database reserve
    blocks only below ``base``.
    """

    base: int = 9000
    size: int = 50
    top: int = MAX_SEQUENCE  # the highest number there is (the register's plan has its own)

    @property
    def max_counters(self) -> int:
        return (self.top - self.base) // self.size

    def range_for(self, counter: int) -> tuple[int, int]:
        """First and last sequence number the counter may use offline."""
        if not 1 <= counter <= self.max_counters:
            raise InvalidInput(
                f"Số quầy {counter} nằm ngoài khoảng 1–{self.max_counters} "
                "dành cho dải số dự phòng khi mất kết nối.",
                english=f"Counter {counter} is outside 1-{self.max_counters} "
                "for the fallback range.",
            )
        first = self.base + (counter - 1) * self.size + 1
        return first, first + self.size - 1


def validate_agency_code(code: str) -> str:
    """Return the agency code unchanged if it has the QCVN 102 shape, else raise InvalidInput."""
    if not isinstance(code, str) or not AGENCY_CODE_RE.match(code):
        raise InvalidInput(
            f"Mã định danh cơ quan “{code}” không đúng dạng QCVN 102 "
            "(ví dụ 000.00.17.H05: ba chữ số, hai chữ số, hai chữ số, "
            "một chữ cái in hoa và hai chữ số).",
            english=f"Agency code '{code}' does not have the QCVN 102 shape (e.g. 000.00.17.H05).",
        )
    return code


def format_dossier_code(agency_code: str, day: date, sequence: int) -> str:
    """Format a dossier code; raise InvalidInput for a bad agency code or sequence."""
    validate_agency_code(agency_code)
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise InvalidInput(
            f"Số thứ tự hồ sơ {sequence} phải từ 1 đến {MAX_SEQUENCE}.",
            english=f"Dossier sequence {sequence} must be 1-{MAX_SEQUENCE}.",
        )
    return f"{agency_code}-{day:%y%m%d}-{sequence:04d}"


def parse_dossier_code(text: str) -> DossierCode:
    """Parse ``000.00.17.H05-261205-0001`` (surrounding whitespace allowed)."""
    match = DOSSIER_CODE_RE.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise InvalidInput(
            f"“{text}” không phải mã hồ sơ (dạng 000.00.17.H05-261205-0001).",
            english=f"'{text}' is not a dossier code (like 000.00.17.H05-261205-0001).",
        )
    agency, yymmdd, seq = match.groups()
    try:
        day = datetime.strptime(yymmdd, "%y%m%d").date()
    except ValueError:
        raise InvalidInput(
            f"Mã hồ sơ “{text}” chứa ngày không tồn tại ({yymmdd}).",
            english=f"Dossier code '{text}' holds an impossible date ({yymmdd}).",
        ) from None
    if int(seq) == 0:
        raise InvalidInput(
            f"Mã hồ sơ “{text}” có số thứ tự 0000.",
            english=f"Dossier code '{text}' has sequence 0000.",
        )
    return DossierCode(agency, day, int(seq))
