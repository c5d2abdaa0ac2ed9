"""Searchable text for sealed papers (issue 11 §7), with Tesseract (``tesseract-ocr-vie``).

Order of work, and why. The sealed PDF is the legal copy: the officer's signature covers every
byte of it, and Circular 01/2023 Art. 8 has the person who scanned sign it at the counter. A text
layer added to that file afterwards would be a change after signing (pyHanko reports it, and
:func:`kiosk.scanning.seal.verify_sealed` refuses it); re-signing it later would need the
officer's token and PIN when the officer is no longer there. So:

1. at the counter the paper is sealed and signed at once, with no OCR (nothing waits on it);
2. afterwards, in a background process (:func:`submit_text_layer` on the app's process pool),
   :func:`add_text_layer` makes a **separate searchable copy**: the same page images, taken out of
   the sealed file, each with Tesseract's invisible text over it, plus the plain text for the
   search index. The copy records the SHA-256 of the sealed file it was made from
   (``/KioskSealedSha256``) and the same paper metadata (``/KioskSeal``), so it always points at
   its original; it is a working copy for search and copy-paste, never a substitute for it.

When Tesseract or its Vietnamese data is missing the step is skipped, and the result says so in
Vietnamese (``status == "skipped"``); the sealed paper is unaffected either way.

:class:`TextLayers` keeps the outcome per sealed PDF (``paper_text_layers``, migration 0014):
``catch_up`` queues every sealed paper still without one (and the skipped ones once Tesseract is
installed) on the process pool, and records each result as it arrives.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.scanning.seal import SEAL_KEY, read_seal_record

log = logging.getLogger(__name__)

SEALED_SHA_KEY = "/KioskSealedSha256"
PAGE_TIMEOUT_S = 300  # a wedged tesseract is stopped; never reached by a normal page


@dataclass(frozen=True)
class TextLayer:
    """The outcome of one OCR run: ``status`` is ``done``, ``skipped`` or ``failed``."""

    status: str
    message: str  # Vietnamese, for the officer's status line
    english: str
    sealed_sha256: str
    pdf: bytes | None = None  # the searchable copy
    text: str = ""  # plain text of every page, pages separated by form feeds
    pages: int = 0


def tesseract_status(lang: str = "vie") -> tuple[str | None, str]:
    """(path of tesseract, '') when it can read ``lang``; (None, Vietnamese reason) otherwise."""
    exe = shutil.which("tesseract")
    if exe is None:
        return None, (
            "Chưa cài Tesseract nên chưa tạo lớp chữ tìm kiếm được cho bản số hóa "
            "(cài gói tesseract-ocr và tesseract-ocr-vie). Bản đã ký số không bị ảnh hưởng."
        )
    try:
        langs = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        langs = []
    if lang not in langs:
        return None, (
            f"Tesseract chưa có dữ liệu ngôn ngữ “{lang}” (gói tesseract-ocr-{lang}) nên chưa "
            "tạo lớp chữ tìm kiếm được. Bản đã ký số không bị ảnh hưởng."
        )
    return exe, ""


def add_text_layer(sealed_pdf: bytes, *, lang: str = "vie") -> TextLayer:
    """The searchable copy of a sealed paper (see the module docstring). Never raises: a missing
    Tesseract gives ``skipped``, a damaged file or a failing run gives ``failed``."""
    sealed_sha = hashlib.sha256(sealed_pdf).hexdigest()
    exe, why = tesseract_status(lang)
    if exe is None:
        return TextLayer("skipped", why, "Tesseract or its language data is missing.", sealed_sha)
    try:
        images = _page_images(sealed_pdf)
    except Exception:  # noqa: BLE001 (a damaged file must not crash the background worker)
        return TextLayer(
            "failed",
            "Không đọc được ảnh các trang trong tệp đã ký số nên chưa tạo lớp chữ.",
            "Cannot read the page images of the sealed file.",
            sealed_sha,
        )
    pdfs: list[bytes] = []
    texts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-ocr-") as tmp:
        for n, (data, suffix, dpi) in enumerate(images, start=1):
            src = Path(tmp) / f"p{n}{suffix}"
            src.write_bytes(data)
            base = Path(tmp) / f"o{n}"
            try:
                done = subprocess.run(
                    [exe, str(src), str(base), "-l", lang, "--dpi", str(round(dpi)), "pdf", "txt"],
                    capture_output=True,
                    timeout=PAGE_TIMEOUT_S,
                    check=False,
                    env={
                        **os.environ,
                        "OMP_THREAD_LIMIT": "1",
                    },  # one core: the counter comes first
                )
                ok = done.returncode == 0 and base.with_suffix(".pdf").is_file()
            except (OSError, subprocess.SubprocessError):
                ok = False
            if not ok:
                return TextLayer(
                    "failed",
                    f"Tesseract không đọc được trang {n}; chưa tạo lớp chữ tìm kiếm được.",
                    f"Tesseract failed on page {n}.",
                    sealed_sha,
                )
            pdfs.append(base.with_suffix(".pdf").read_bytes())
            texts.append(base.with_suffix(".txt").read_text(encoding="utf-8", errors="replace"))
    copy = _merge(pdfs, sealed_pdf, sealed_sha)
    return TextLayer(
        "done",
        f"Đã tạo lớp chữ tìm kiếm được cho {len(pdfs)} trang.",
        f"Searchable text made for {len(pdfs)} pages.",
        sealed_sha,
        pdf=copy,
        text="\f".join(t.strip() for t in texts),
        pages=len(pdfs),
    )


def submit_text_layer(
    executor: Executor,
    sealed_pdf: bytes,
    *,
    lang: str = "vie",
    on_done: Callable[[TextLayer], None] | None = None,
) -> Future[TextLayer]:
    """Queue :func:`add_text_layer` on ``executor`` (the app's process pool) and return at once;
    ``on_done`` is called with the result in the thread that completes the future."""
    future = executor.submit(add_text_layer, sealed_pdf, lang=lang)
    if on_done is not None:
        future.add_done_callback(lambda f: on_done(f.result()))
    return future


def _page_images(sealed_pdf: bytes) -> list[tuple[bytes, str, float]]:
    """Each page's image as a file Tesseract reads: (data, suffix, dpi). A JPEG comes out byte
    for byte; a Flate image is rebuilt from its pixels as PNG."""
    from PIL import Image
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(sealed_pdf))
    record = read_seal_record(sealed_pdf)
    out: list[tuple[bytes, str, float]] = []
    for n in range(int(reader.root["/Pages"]["/Count"])):
        page, _ = reader.find_page_for_modification(n)
        page = page.get_object()
        image = page["/Resources"]["/XObject"]["/Im0"]
        width, height = int(image["/Width"]), int(image["/Height"])
        media_w = float(page["/MediaBox"][2])
        dpi = width * 72.0 / media_w
        if image.get("/Filter") == "/DCTDecode":
            out.append((image.encoded_data, ".jpg", dpi))
            continue
        if image.get("/Filter") == "/CCITTFaxDecode":
            out.append((g4_tiff(image.encoded_data, width, height), ".tif", dpi))
            continue
        bits = int(image["/BitsPerComponent"])
        mode = "1" if bits == 1 else ("L" if image["/ColorSpace"] == "/DeviceGray" else "RGB")
        img = Image.frombytes(mode, (width, height), image.data)
        buf = io.BytesIO()
        img.save(buf, "PNG", dpi=(dpi, dpi))
        out.append((buf.getvalue(), ".png", dpi))
    if record and record.get("page_count") != len(out):
        raise ValueError("page count differs from the seal record")
    return out


def g4_tiff(strip: bytes, width: int, height: int) -> bytes:
    """A single-strip CCITT G4 TIFF around a raw G4 stream (black-is-zero, as the sealed PDF's
    ``/BlackIs1 true`` image came from), so Tesseract can read the page as it was embedded."""
    import struct

    tags = [  # (tag, type, count, value): type 3 SHORT, 4 LONG
        (256, 4, 1, width),
        (257, 4, 1, height),
        (258, 3, 1, 1),
        (259, 3, 1, 4),
        (262, 3, 1, 1),
        (273, 4, 1, 0),  # strip offset, filled in below
        (277, 3, 1, 1),
        (278, 4, 1, height),
        (279, 4, 1, len(strip)),
    ]
    ifd_size = 2 + 12 * len(tags) + 4
    data_at = 8 + ifd_size
    body = struct.pack("<2sHI", b"II", 42, 8) + struct.pack("<H", len(tags))
    for tag, kind, count, value in tags:
        value = data_at if tag == 273 else value
        packed = struct.pack("<HI", value, 0)[:4] if kind == 3 else struct.pack("<I", value)
        body += struct.pack("<HHI", tag, kind, count) + packed
    return body + struct.pack("<I", 0) + strip


def _merge(pdfs: list[bytes], sealed_pdf: bytes, sealed_sha: str) -> bytes:
    """One PDF from Tesseract's one-page PDFs, carrying the sealed file's record and hash."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

    writer = PdfFileWriter()
    for n, data in enumerate(pdfs):
        reader = PdfFileReader(io.BytesIO(data))
        page, _ = reader.find_page_for_modification(0)
        box = [float(v) for v in page.get_object()["/MediaBox"]]
        form = writer.import_page_as_xobject(reader, 0)  # image plus invisible text, as drawn
        content = writer.add_object(generic.StreamObject(stream_data=b"q /P0 Do Q"))
        resources = generic.DictionaryObject(
            {pdf_name("/XObject"): generic.DictionaryObject({pdf_name("/P0"): form})}
        )
        writer.insert_page(PageObject(content, box, resources), after=n - 1)
    record: dict[str, Any] = read_seal_record(sealed_pdf)
    info = generic.DictionaryObject(
        {
            pdf_name(SEALED_SHA_KEY): pdf_string(sealed_sha),
            pdf_name(SEAL_KEY): pdf_string(json.dumps(record, ensure_ascii=False, sort_keys=True)),
            pdf_name("/Title"): pdf_string(
                f"Bản tìm kiếm được (không có giá trị thay bản ký số) — {record.get('item', '')}"
            ),
        }
    )
    writer._info = writer.add_object(info)  # no public setter (see seal.py)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- the text layers of this store's sealed papers -----------------------------------------------


def layer_states(s: Any, sealed: list[str]) -> dict[str, tuple[str, str]]:
    """(status, Vietnamese message) of the text layer of each sealed PDF that has one (one query;
    a paper still waiting for its layer is absent)."""
    from sqlalchemy import select

    from kiosk.models import PaperTextLayer

    if not sealed:
        return {}
    rows = s.execute(
        select(PaperTextLayer.sealed_sha256, PaperTextLayer.status, PaperTextLayer.message).where(
            PaperTextLayer.sealed_sha256.in_(sealed)
        )
    )
    return {sha: (status, message) for sha, status, message in rows}


class TextLayers:
    """Which sealed papers have their text layer, and making the missing ones in the background.

    ``catch_up`` (after each sealing, and at start-up) sends every sealed PDF with no row yet,
    and every ``skipped`` one once Tesseract is there, to the process pool; each result becomes a
    ``paper_text_layers`` row (the searchable copy's blob written before the row), so the officer
    sees "done", "skipped: Tesseract missing" or "failed" for each paper.
    """

    def __init__(self, sessions: Any, blobs: Any, *, lang: str = "vie") -> None:
        self._sessions, self._blobs, self._lang = sessions, blobs, lang

    @property
    def lang(self) -> str:
        """Tesseract's language for the text layers ("vie")."""
        return self._lang

    def sealed_pdf(self, sealed_sha256: str) -> bytes:
        """The sealed file a text layer is made from (checked against its hash)."""
        return self._blobs.read(sealed_sha256)

    def pending(self, limit: int = 50) -> list[str]:
        """SHA-256 of the sealed PDFs still waiting for their text layer, oldest first."""
        from sqlalchemy import func, or_, select

        from kiosk.models import PaperTextLayer, ScanPaper

        retry_skipped = tesseract_status(self._lang)[0] is not None
        waiting = PaperTextLayer.sealed_sha256.is_(None)
        if retry_skipped:
            waiting = or_(waiting, PaperTextLayer.status == "skipped")
        query = (
            select(ScanPaper.pdf_sha256)
            .outerjoin(PaperTextLayer, PaperTextLayer.sealed_sha256 == ScanPaper.pdf_sha256)
            .where(ScanPaper.pdf_sha256.is_not(None), waiting)
            .group_by(ScanPaper.pdf_sha256)
            .order_by(func.min(ScanPaper.sealed_at))
            .limit(limit)
        )
        with self._sessions() as s:
            return [sha for sha in s.scalars(query) if sha]

    def record(self, layer: TextLayer) -> None:
        """Store one result: the copy's file first, then its blob row and the layer's row."""
        from kiosk.models import PaperTextLayer

        copy_sha = self._blobs.write_file(layer.pdf) if layer.pdf is not None else None
        with self._sessions.begin() as s:
            if copy_sha is not None:
                self._blobs.add_row(s, copy_sha, len(layer.pdf or b""), "application/pdf")
            row = s.get(PaperTextLayer, layer.sealed_sha256) or PaperTextLayer(
                sealed_sha256=layer.sealed_sha256
            )
            row.status, row.message, row.pages = layer.status, layer.message, layer.pages
            row.copy_sha256, row.text = copy_sha, layer.text or None
            s.add(row)

    def status(self, sealed_sha256: str) -> tuple[str, str] | None:
        """(status, Vietnamese message) of a sealed paper's text layer; None while waiting."""
        return self.statuses([sealed_sha256]).get(sealed_sha256)

    def statuses(self, sealed: list[str]) -> dict[str, tuple[str, str]]:
        """:func:`layer_states` of these sealed PDFs, in one read."""
        with self._sessions() as s:
            return layer_states(s, sealed)

    def catch_up(self, executor: Executor, limit: int = 50) -> list[Future[TextLayer]]:
        """Queue every pending paper on ``executor`` (returns at once); results are recorded as
        they arrive, in the executor's callback thread."""
        futures = []
        for sha in self.pending(limit):
            data = self._blobs.read(sha)
            futures.append(
                submit_text_layer(executor, data, lang=self._lang, on_done=self._record_quietly)
            )
        return futures

    def _record_quietly(self, layer: TextLayer) -> None:
        try:
            self.record(layer)
        except Exception:  # noqa: BLE001 (a callback thread has no one to raise to)
            log.warning("text layer not recorded (%s); retried at the next catch-up", layer.status)
