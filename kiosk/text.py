"""Vietnamese text helpers: NFC normalisation for storage, accent folding for search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ have no Unicode decomposition, so stripping combining marks alone leaves them.
_NO_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def nfc(text: str) -> str:
    """Return ``text`` in NFC with runs of whitespace collapsed and the ends trimmed.

    All names are stored this way, so "Nguyễn" typed on a keyboard that sends combining marks and
    "Nguyễn" read from a card compare equal.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower-case, remove accents and map đ→d, for accent-insensitive search.

    >>> fold("Đăng ký KHAI SINH")
    'dang ky khai sinh'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_NO_DECOMPOSITION))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower().translate(_NO_DECOMPOSITION)).strip()
