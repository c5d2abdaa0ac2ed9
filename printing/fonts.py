"""Register the shipped TrueType fonts with reportlab once per process.

Forms use Liberation Serif (metric-compatible with Times New Roman, which official forms use);
handouts and tickets use Noto Sans. Both cover the 146 precomposed Vietnamese letters. reportlab
embeds a subset of each TTF in every PDF, so output looks the same on every machine.
"""

from __future__ import annotations

import threading
import unicodedata

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.paths import resource

SERIF = "VnSerif"
SERIF_BOLD = "VnSerif-Bold"
SERIF_ITALIC = "VnSerif-Italic"
SERIF_BOLD_ITALIC = "VnSerif-BoldItalic"
SANS = "VnSans"
SANS_BOLD = "VnSans-Bold"

_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
}
_lock = threading.Lock()
_done = False


def register_fonts() -> None:
    """Register every shipped font (idempotent, thread-safe)."""
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        # Binary font streams: ASCII85 (reportlab's default) costs ~2 ms a font in pure Python
        # and makes the file 25 % larger; every PDF reader and printer takes binary streams.
        rl_config.useA85 = 0
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
        for family, (r, b, i, bi) in {
            SERIF: (SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC),
            SANS: (SANS, SANS_BOLD, SANS, SANS_BOLD),
        }.items():
            addMapping(family, 0, 0, r)
            addMapping(family, 1, 0, b)
            addMapping(family, 0, 1, i)
            addMapping(family, 1, 1, bi)
        _done = True


def font_path(name: str) -> str:
    """The TTF file of a registered font name (used by the thermal raster, which draws with
    Pillow)."""
    return str(resource("fonts", _FILES[name]))


def nfc(text: object) -> str:
    """Any value as NFC text; every string drawn on a document passes through here."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))
