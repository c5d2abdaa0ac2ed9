"""Shared drawing for every document: a flowing :class:`Sheet` over a reportlab canvas, the national
and agency headings, QR and barcode placement, tables, signature blocks and the MẪU / BẢN SAO marks.

Layout follows the conventions of Vietnamese administrative papers (Decree 30/2020 style): agency
heading on the left with a short rule under the agency name, the national heading on the right with
the motto underlined, the place-and-date line in italics, bold centred title, dotted lines where a
paper form leaves space to fill in. The QR sits in the upper-left corner (Circular 01/2023 Art. 26).
All text passes through :func:`printing.fonts.nfc`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import segno
from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth as _string_width
from reportlab.pdfgen.canvas import Canvas

from printing.data import ORIGINAL, Marking
from printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, nfc, register_fonts

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
STAMP_RED = Color(0.78, 0.05, 0.05)
WATERMARK = Color(0.78, 0.05, 0.05, alpha=0.16)
Run = tuple[str, str]  # (text, font name)
QR_MASK = 4


def vn_date(day: date | datetime) -> str:
    """``ngày 05 tháng 02 năm 2025``: day < 10 and months 1-2 take a leading zero
    (Decree 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_time(moment: datetime) -> str:
    """``09 giờ 30 phút, ngày 15 tháng 8 năm 2025``."""
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, {vn_date(moment)}"


def place_date(place: str, day: date | datetime) -> str:
    text = vn_date(day)
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # a fraction of the table width
    align: str = "left"  # left | center | right


@dataclass(frozen=True)
class Signature:
    title: str  # "NGƯỜI TIẾP NHẬN HỒ SƠ"
    hint: str = "(Ký và ghi rõ họ tên)"
    name: str = ""


class Sheet:
    """A page-flowing writer: a cursor ``y`` moves down; ``ensure`` breaks pages when needed."""

    def __init__(
        self,
        size: tuple[float, float],
        *,
        marking: Marking = ORIGINAL,
        title: str = "",
        author: str = "",
        left: float = 12 * mm,
        right: float = 10 * mm,
        top: float = 8 * mm,
        bottom: float = 9 * mm,
        font: str = SERIF,
        size_pt: float = 9.5,
    ):
        register_fonts()
        self.buf = io.BytesIO()
        self.c = Canvas(
            self.buf,
            pagesize=size,
            pageCompression=1,
            initialFontName=font,
            initialFontSize=size_pt,
        )
        self.c.setTitle(nfc(title))
        self.c.setAuthor(nfc(author))
        self.c.setCreator("mot-cua-kiosk")
        self.page_w, self.page_h = size
        self.x0, self.x1 = left, size[0] - right
        self.top, self.bottom = top, bottom
        self.y = self.page_h - top
        self.marking = marking
        self.font, self.size = font, size_pt
        self.pages = 1
        self.on_new_page: Callable[[Sheet], None] | None = None

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    # --- pages -----------------------------------------------------------------------------------

    def new_page(self) -> None:
        self._end_page()
        self.c.showPage()
        self.pages += 1
        self.y = self.page_h - self.top
        if self.on_new_page:
            self.on_new_page(self)

    def ensure(self, height: float) -> None:
        if self.y - height < self.bottom:
            self.new_page()

    def space(self, height: float) -> None:
        self.y -= height

    def finish(self) -> bytes:
        self._end_page()
        self.c.save()
        return self.buf.getvalue()

    def _end_page(self) -> None:
        draw_markings(self.c, self.page_w, self.page_h, self.marking)

    # --- text ------------------------------------------------------------------------------------

    def leading(self, size: float | None = None) -> float:
        return (size or self.size) * 1.26

    def text(
        self,
        text: str,
        *,
        font: str | None = None,
        size: float | None = None,
        align: str = "left",
        x0: float | None = None,
        x1: float | None = None,
        indent: float = 0,
        dotted: bool = False,
        color=black,
    ) -> None:
        """Write a wrapped paragraph in one font."""
        self.rich(
            [(text, font or self.font)],
            size=size,
            align=align,
            x0=x0,
            x1=x1,
            indent=indent,
            dotted=dotted,
            color=color,
        )

    def rich(
        self,
        runs: Sequence[Run],
        *,
        size: float | None = None,
        align: str = "left",
        x0: float | None = None,
        x1: float | None = None,
        indent: float = 0,
        hanging: float = 0,
        dotted: bool = False,
        color=black,
    ) -> None:
        """Write runs of differently-fonted text as one wrapped paragraph.

        ``hanging`` indents continuation lines; ``dotted`` fills the rest of the last line with a
        dotted rule, as on a paper form.
        """
        size = size or self.size
        left = (self.x0 if x0 is None else x0) + indent
        right = self.x1 if x1 is None else x1
        lines = wrap_runs(runs, size, right - left, right - left - hanging)
        lead = self.leading(size)
        self.c.setFillColor(color)
        for n, line in enumerate(lines):
            self.ensure(lead)
            self.y -= lead
            start = left + (hanging if n else 0)
            width = sum(stringWidth(t, f, size) for t, f in line)
            x = {"center": (start + right - width) / 2, "right": right - width}.get(align, start)
            for text, font in line:
                self.c.setFont(font, size)
                self.c.drawString(x, self.y, text)
                x += stringWidth(text, font, size)
            if dotted and n == len(lines) - 1 and right - x > 4 * mm:
                dotted_rule(self.c, x + 1, right, self.y - 0.6)
        self.c.setFillColor(black)

    def field(
        self,
        label: str,
        value: str,
        *,
        bold_value: bool = True,
        indent: float = 0,
        size: float | None = None,
    ) -> None:
        """``Label: value ........`` with a dotted rule after the value."""
        font = SERIF_BOLD if bold_value else self.font
        self.rich(
            [(f"{label}: ", self.font), (value, font)],
            indent=indent,
            size=size,
            hanging=0,
            dotted=True,
        )

    # --- blocks ----------------------------------------------------------------------------------

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        size: float = 8.5,
        header_size: float | None = None,
        pad: float = 1.2 * mm,
        bold_rows: frozenset[int] = frozenset(),
        space_before: float = 1.5 * mm,
        groups: Sequence[tuple[str, int]] = (),
    ) -> None:
        """A ruled table whose cells wrap; the header repeats after a page break.

        ``space_before`` keeps the descenders of the line above (g, p, y, ọ) off the top rule.
        ``groups`` (title, number of columns), covering every column in order, adds a header
        row above the columns: a group of several columns gets one cell with its title above
        them (e.g. "Ngày, tháng, năm" over the date columns); a column alone spans both rows.
        """
        self.space(space_before)
        total = sum(c.width for c in columns)
        widths = [self.width * c.width / total for c in columns]
        header = [(c.title, SERIF_BOLD) for c in columns]
        hsize = header_size or size

        def draw_header() -> None:
            if groups:
                self._grouped_header(columns, widths, groups, hsize, pad)
            else:
                self._table_row(columns, widths, header, hsize, pad, align_all="center")

        draw_header()
        for i, row in enumerate(rows):
            font = SERIF_BOLD if i in bold_rows else self.font
            cells = [(str(v), font) for v in row]
            if self.y - self._row_height(widths, cells, size, pad) < self.bottom:
                self.new_page()
                draw_header()
            self._table_row(columns, widths, cells, size, pad)

    def _grouped_header(self, columns, widths, groups, size, pad) -> None:
        if sum(span for _, span in groups) != len(columns):
            raise ValueError("table groups must cover every column")
        spans, start = [], 0
        for title, span in groups:
            spans.append((title, start, span))
            start += span
        cols = self._row_height(widths, [(c.title, SERIF_BOLD) for c in columns], size, pad)
        tops = [
            self._row_height([sum(widths[a : a + n])], [(t, SERIF_BOLD)], size, pad)
            for t, a, n in spans
            if n > 1
        ]
        upper = max(tops, default=0)
        top = self.y
        self.c.setLineWidth(0.5)
        for title, first, span in spans:
            x = self.x0 + sum(widths[:first])
            if span == 1:
                self._cell(x, top, widths[first], upper + cols, columns[first].title, size, pad)
                continue
            self._cell(x, top, sum(widths[first : first + span]), upper, title, size, pad)
            for j in range(first, first + span):
                xj = self.x0 + sum(widths[:j])
                self._cell(xj, top - upper, widths[j], cols, columns[j].title, size, pad)
        self.y = top - upper - cols

    def _cell(self, x, top, width, height, text, size, pad) -> None:
        """A ruled header cell with its bold text centred."""
        c = self.c
        c.rect(x, top - height, width, height, stroke=1, fill=0)
        lines = wrap_runs([(text, SERIF_BOLD)], size, width - 2 * pad)
        y = top - (height - len(lines) * self.leading(size)) / 2 - pad * 0.3
        c.setFont(SERIF_BOLD, size)
        for line in lines:
            y -= self.leading(size)
            c.drawCentredString(x + width / 2, y, "".join(t for t, _ in line))

    def _row_height(self, widths, cells, size, pad) -> float:
        lines = max(len(wrap_runs([c], size, w - 2 * pad)) for c, w in zip(cells, widths))
        return lines * self.leading(size) + 1.6 * pad

    def _table_row(self, columns, widths, cells, size, pad, align_all: str | None = None) -> None:
        height = self._row_height(widths, cells, size, pad)
        top, x = self.y, self.x0
        c = self.c
        c.setLineWidth(0.5)
        for col, width, (text, font) in zip(columns, widths, cells):
            c.rect(x, top - height, width, height, stroke=1, fill=0)
            y = top - pad * 0.5
            for line in wrap_runs([(text, font)], size, width - 2 * pad):
                y -= self.leading(size)
                s = "".join(t for t, _ in line)
                align = align_all or col.align
                c.setFont(font, size)
                if align == "center":
                    c.drawCentredString(x + width / 2, y, s)
                elif align == "right":
                    c.drawRightString(x + width - pad, y, s)
                else:
                    c.drawString(x + pad, y, s)
            x += width
        self.y = top - height

    def signatures(
        self, blocks: Sequence[Signature], *, gap: float = 15 * mm, size: float | None = None
    ) -> None:
        """Signature blocks side by side; a single block sits on the right half.

        Each block keeps to its own slot: a long name wraps (at most three lines, shrinking the type
        down to 6.5 pt first) and never runs into the next block; the blocks below move down.
        """
        size = size or self.size
        lead = self.leading(size)
        n = len(blocks)
        if n == 1:
            slots = [(self.x0 + self.width / 2, self.x1)]
        else:
            w = self.width / n
            slots = [(self.x0 + i * w, self.x0 + (i + 1) * w) for i in range(n)]
        laid = []
        for block, (a, b) in zip(blocks, slots):
            title = fit_lines(block.title, SERIF_BOLD, size, b - a - 2 * mm)
            name_size, name = fit_name(block.name, size, b - a - 2 * mm)
            laid.append((block, (a + b) / 2, title, name_size, name))
        height = (
            max(
                len(title) * lead + lead + gap + max(len(name) - 1, 0) * self.leading(name_size)
                for _, _, title, name_size, name in laid
            )
            + lead
        )
        self.ensure(height + lead)
        top = self.y
        for block, mid, title, name_size, name in laid:
            y = top
            self.c.setFont(SERIF_BOLD, size)
            for line in title:
                y -= lead
                self.c.drawCentredString(mid, y, line)
            y -= lead
            self.c.setFont(SERIF_ITALIC, size - 1)
            self.c.drawCentredString(mid, y, nfc(block.hint))
            y -= gap
            self.c.setFont(SERIF_BOLD, name_size)
            for line in name:
                self.c.drawCentredString(mid, y, line)
                y -= self.leading(name_size)
        self.y = top - height


def fit_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in one font wrapped to ``width``, as plain lines (none for blank text)."""
    lines = ["".join(t for t, _ in runs) for runs in wrap_runs([(text, font)], size, width)]
    return [ln for ln in lines if ln]


def fit_name(
    name: str, size: float, width: float, *, max_lines: int = 3, min_size: float = 6.5
) -> tuple[float, list[str]]:
    """The type size and lines of a name under a signature: as large as allows ``max_lines``
    within ``width``; below ``min_size`` it takes more lines rather than being cut."""
    current = size
    while True:
        lines = fit_lines(name, SERIF_BOLD, current, width)
        if len(lines) <= max_lines or current - 0.5 < min_size:
            return current, lines
        current -= 0.5


@lru_cache(maxsize=8192)
def stringWidth(text: str, font: str, size: float) -> float:
    """Cached width: reportlab's pure-Python TTF width costs ~10 µs a call, and words repeat."""
    return _string_width(text, font, size)


# --- wrapping -------------------------------------------------------------------------------------


def wrap_runs(
    runs: Sequence[Run], size: float, width: float, rest_width: float | None = None
) -> list[list[Run]]:
    """Greedy word wrap of font runs; returns lines of merged runs. Text is NFC-normalised.

    Spaces are kept exactly where the source has them (also between runs), and ``\\n`` breaks.
    """
    rest_width = width if rest_width is None else rest_width
    tokens: list[tuple[str, str, bool]] = []  # (word, font, space before)
    space = False
    for raw, font in runs:
        for part_no, part in enumerate(nfc(raw).split("\n")):
            if part_no:
                tokens.append(("\n", font, False))
                space = False
            for i, word in enumerate(part.split(" ")):
                space = space or i > 0
                for piece in _split_wide(word, font, size, min(width, rest_width)):
                    tokens.append((piece, font, space))
                    space = False
    lines: list[list[Run]] = []
    line: list[Run] = []
    used, limit = 0.0, width
    for word, font, space_before in tokens:
        if word == "\n":
            lines.append(line)
            line, used, limit = [], 0.0, rest_width
            continue
        w = stringWidth(word, font, size)
        lead = stringWidth(" ", font, size) if space_before and line else 0.0
        if line and used + lead + w > limit:
            lines.append(line)
            line, used, limit, lead = [], 0.0, rest_width, 0.0
        piece = (" " if lead else "") + word
        if line and line[-1][1] == font:
            line[-1] = (line[-1][0] + piece, font)
        else:
            line.append((piece, font))
        used += lead + w
    lines.append(line)
    return lines


def _split_wide(word: str, font: str, size: float, width: float) -> list[str]:
    """``word``, or pieces of it that each fit ``width`` when it is wider (a 300-letter name with
    no space must still stay inside its column)."""
    if not word or stringWidth(word, font, size) <= width or width <= 0:
        return [word] if word else []
    pieces, start = [], 0
    while start < len(word):
        end = start + 1
        while end < len(word) and stringWidth(word[start : end + 1], font, size) <= width:
            end += 1
        pieces.append(word[start:end])
        start = end
    return pieces


def dotted_rule(c: Canvas, x_from: float, x_to: float, y: float) -> None:
    c.saveState()
    c.setLineWidth(0.6)
    c.setDash(0.6, 1.6)
    c.line(x_from, y, x_to, y)
    c.restoreState()


# --- headings -------------------------------------------------------------------------------------


def draw_heading(
    sheet: Sheet,
    *,
    agency_parent: str,
    agency_name: str,
    date_line: str,
    form_label: str = "",
    qr_text: str = "",
    number: str = "",
    qr_size: float = 24 * mm,
) -> None:
    """Upper part of an A5/A4 form: QR upper-left, agency heading, national heading, date line."""
    c, top = sheet.c, sheet.page_h - sheet.top
    x0 = sheet.x0
    if qr_text:
        draw_qr(c, qr_text, x0, top, qr_size)
        left_a = x0 + qr_size + 2 * mm
    else:
        left_a = x0
    split = sheet.x0 + sheet.width * 0.50 if qr_text else sheet.x0 + sheet.width * 0.42
    if form_label:
        c.setFont(SERIF_ITALIC, 7.5)
        c.drawRightString(sheet.x1, top - 2.2 * mm, nfc(form_label))
    # agency heading (left)
    size, lead = 8.5, 3.7 * mm
    mid_a = (left_a + split) / 2
    y = top - 4 * mm
    for text, font in ((agency_parent.upper(), SERIF), (agency_name.upper(), SERIF_BOLD)):
        if not text:
            continue
        for line in wrap_runs([(text, font)], size, split - left_a - 1 * mm):
            y -= lead
            c.setFont(font, size)
            c.drawCentredString(mid_a, y, "".join(t for t, _ in line))
    _rule_under(c, mid_a, y, 0.35 * stringWidth("M" * 8, SERIF_BOLD, size))
    if number:
        y -= lead + 1.5 * mm
        c.setFont(SERIF, size)
        c.drawCentredString(mid_a, y, nfc(number))
    # national heading (right)
    mid_n = (split + sheet.x1) / 2
    nat_size = min(8.5, 8.5 * (sheet.x1 - split - 1 * mm) / stringWidth(NATION, SERIF_BOLD, 8.5))
    yn = top - 4 * mm - lead
    c.setFont(SERIF_BOLD, nat_size)
    c.drawCentredString(mid_n, yn, NATION)
    yn -= lead
    c.setFont(SERIF_BOLD, 9)
    c.drawCentredString(mid_n, yn, MOTTO)
    _rule_under(c, mid_n, yn, stringWidth(MOTTO, SERIF_BOLD, 9))
    yn -= lead + 2 * mm
    c.setFont(SERIF_ITALIC, 9)
    c.drawCentredString(mid_n, yn, nfc(date_line))
    bottom = min(y, yn, top - qr_size if qr_text else top)
    sheet.y = bottom - 3 * mm


def _rule_under(c: Canvas, mid: float, baseline: float, width: float) -> None:
    c.setLineWidth(0.6)
    c.line(mid - width / 2, baseline - 1.6, mid + width / 2, baseline - 1.6)


def draw_title(sheet: Sheet, title: str, *, size: float = 11.5, subtitle: str = "") -> None:
    sheet.space(1 * mm)
    sheet.text(title, font=SERIF_BOLD, size=size, align="center")
    if subtitle:
        sheet.text(subtitle, font=SERIF_ITALIC, size=sheet.size, align="center")


def draw_qr(c: Canvas, text: str, x: float, y_top: float, size: float) -> None:
    """Draw ``text`` as a QR (ECC at least M) whose top-left corner is ``(x, y_top)``.

    Dark modules are merged into horizontal runs and written as one vector path in module units
    under a scaling matrix: sharp at any resolution and far faster than reportlab's QR widget.
    """
    n, ops = _qr_ops(nfc(text))
    module = size / n
    c.addLiteral(f"q 0 g {module:.5f} 0 0 {module:.5f} {x:.3f} {y_top - size:.3f} cm\n{ops}\nf Q")


@lru_cache(maxsize=16)
def _qr_ops(text: str) -> tuple[int, str]:
    # A fixed mask skips segno's evaluation of all eight (15 ms of pure Python for a version-13
    # symbol); every mask is valid ISO/IEC 18004 and decodes, the tests prove it with zbarimg.
    qr = segno.make_qr(text, error="m", mask=QR_MASK)
    matrix = qr.matrix
    n = len(matrix)
    ops = []
    for row, bits in enumerate(matrix):
        y = n - row - 1
        col = 0
        while col < n:
            if bits[col]:
                start = col
                while col < n and bits[col]:
                    col += 1
                ops.append(f"{start} {y} {col - start} 1 re")
            else:
                col += 1
    return n, "\n".join(ops)


def draw_markings(c: Canvas, width: float, height: float, marking: Marking) -> None:
    """The red box at the top centre and a faint diagonal word: BẢN SAO on reprints, MẪU on
    samples."""
    words = [w for w, on in (("MẪU", marking.sample), ("BẢN SAO", marking.copy)) if on]
    if not words:
        return
    c.saveState()
    label = " - ".join(words)
    size = 10
    w = stringWidth(label, SERIF_BOLD, size) + 4 * mm
    cx, top = width / 2, height - 1.2 * mm
    c.setStrokeColor(STAMP_RED)
    c.setFillColor(STAMP_RED)
    c.setLineWidth(1)
    c.rect(cx - w / 2, top - 5.2 * mm, w, 5.2 * mm, stroke=1, fill=0)
    c.setFont(SERIF_BOLD, size)
    c.drawCentredString(cx, top - 3.9 * mm, label)
    c.setFillColor(WATERMARK)
    big = min(width, height) * (0.28 if len(label) < 6 else 0.15)
    c.translate(width / 2, height / 2)
    c.rotate(35)
    c.setFont(SERIF_BOLD, big)
    c.drawCentredString(0, -big / 3, label)
    c.restoreState()
