"""One PDF per paper, sealed and signed (issue 11 §4; Circular 01/2023 Art. 8).

:func:`seal_paper` puts the scanned pages of one checklist paper, in order, into one PDF 1.7:

- each page is its image at its own size (pixels / dpi), nothing else: a JPEG goes in as it was
  scanned (DCTDecode, byte for byte), so does the pipeline's black-and-white page (the CCITT G4
  strip of its TIFF), any other image as lossless Flate with the fewest bits it needs (a 1-bit
  page stays 1 bit). A page with a ``rotation`` (degrees clockwise, the officer's turn) is
  sealed upright: its pixels are turned (a turned JPEG is encoded again, quality 90), so the
  signature block lands top-left of what the reader sees;
- the paper's metadata, readable by people in the document info and XMP (title, subject) and
  by programs in the info key ``/KioskSeal`` (canonical JSON): dossier code, procedure code
  and name, checklist item, page count, resolution, and for each page the SHA-256 of the
  scanned file plus the SHA-256 of the image data as embedded (the two differ when a PNG or
  TIFF is re-encoded, so the verifier can check the embedded pages without the original files);
- an sRGB output intent;
- with a :class:`~kiosk.signing.Signer`, a PAdES baseline signature (pyHanko) as an incremental
  revision, whose visible block sits top-left on page 1 and shows the officer's name and the
  signing time in Vietnam time, drawn with the shipped Noto Sans (embedded subset). The block
  never hides what was scanned: page 1 of a signed paper is its scan plus a strip of blank paper
  above it (``BLOCK_STRIP``, 1 inch; the MediaBox extends upward, the image is drawn unchanged
  at its own size), and the block sits on that strip. So it is top-left of page 1 as Circular
  01/2023 Art. 8 wants, on a page scanned to its top edge too. Page 1 is then 1 inch taller
  than the paper (A4 prints at 91 % when fitted to A4); the record says so
  (``block_strip_pt``), and every page's pixels, size in pixels, dpi and hashes are unchanged.

The document is built with pyHanko's PDF writer, not reportlab: reportlab turns a 1-bit page into
24-bit RGB (a 30 KB black-and-white A4 page became 265 KB and took 1.1 s), which would defeat the
black-and-white profile. PDF/A-2b: the file has what PDF/A needs (embedded fonts only, XMP, an
output intent, no transparency, no encryption) but does not claim conformance, because no PDF/A
validator (veraPDF) is available to check it here.

:func:`verify_sealed` reads a sealed PDF back and reports whether the signature is intact, valid
and trusted, who signed and when, and whether the embedded pages still match the metadata.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.errors import InvalidInput, KioskError
from kiosk.paths import resource
from kiosk.timeutil import to_vietnam_time, vietnam_now

if TYPE_CHECKING:
    from kiosk.signing import Signer

SEAL_KEY = "/KioskSeal"
SEAL_FORMAT = "kiosk-seal/1"
SIGNATURE_FIELD = "ChuKySoHoa"
FONT_FILE = "NotoSans-Regular.ttf"
# Visible signature block, points from the top-left corner of page 1: x, y, width, height.
BLOCK = (14.0, 8.0, 250.0, 56.0)
# Blank paper added above page 1's scan of a signed paper, where the block sits (1 inch: a whole
# number of pixels at every usual resolution, so the scan's pixels render where they were).
BLOCK_STRIP = 72.0
STAMP_TEXT = "Người số hóa: %(signer)s\nThời gian ký: %(ts)s\nĐã ký số bản điện tử"
TIME_FORMAT = "%H:%M:%S ngày %d/%m/%Y (UTC%z)"
JPEG_MODES = {"L", "RGB"}


class SealError(KioskError):
    """The paper cannot be sealed; nothing was written."""


class BadPage(SealError, InvalidInput):
    """A page's image is missing, damaged, or not what its checksum says."""


class SealPage(Protocol):
    """One scanned page as the pipeline hands it over (``kiosk.scanning.pipeline.ProcessedPage``
    fits): the encoded image, its MIME type, its resolution and the SHA-256 of ``data``."""

    @property
    def data(self) -> bytes: ...

    @property
    def mime(self) -> str: ...

    @property
    def dpi(self) -> int | float: ...

    @property
    def sha256(self) -> str: ...


@dataclass(frozen=True)
class PageImage:
    """A plain :class:`SealPage` (file import, tests)."""

    data: bytes
    mime: str
    dpi: int | float
    sha256: str

    @classmethod
    def of(cls, data: bytes, mime: str, dpi: int | float) -> PageImage:
        return cls(data, mime, dpi, hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class PaperMeta:
    """What the sealed paper is: dossier, procedure, checklist item, and when it was scanned.

    ``dossier_code`` may be the dossier's UUID while it has no code yet (a draft)."""

    dossier_code: str
    procedure_code: str
    procedure_name: str
    item: str
    scanned_at: datetime | None = None
    dossier_id: str | None = None

    @classmethod
    def of(cls, meta: Any) -> PaperMeta:
        """From the page store's ``SealMeta`` (kiosk.scanning.pages), read by attribute name:
        dossier_id, dossier_code (None for a draft), procedure_code, procedure_name, item_name,
        sealed_at."""
        dossier_id = getattr(meta, "dossier_id", None)
        return cls(
            dossier_code=getattr(meta, "dossier_code", None) or str(dossier_id or ""),
            procedure_code=str(getattr(meta, "procedure_code", "") or ""),
            procedure_name=str(getattr(meta, "procedure_name", "") or ""),
            item=str(getattr(meta, "item_name", "") or ""),
            scanned_at=getattr(meta, "sealed_at", None),
            dossier_id=str(dossier_id) if dossier_id else None,
        )


@dataclass(frozen=True)
class SealReport:
    """What :func:`verify_sealed` found. ``ok`` only when every check passed."""

    signed: bool
    intact: bool
    valid: bool
    trusted: bool
    whole_file: bool
    pages_match: bool
    signer_name: str | None
    signing_time: datetime | None
    meta: dict[str, Any]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- sealing -------------------------------------------------------------------------------------


def seal_paper(pages: Sequence[SealPage], meta: PaperMeta, signer: Signer | None) -> bytes:
    """The sealed PDF of one paper (pages in the order given); signed when ``signer`` is given.

    Raises :class:`SealError` (no pages, bad metadata), :class:`BadPage` (a damaged image or a
    checksum that does not match) and :class:`~kiosk.signing.SigningError` (token, PIN, key).
    """
    if not pages:
        raise SealError(
            "Chưa có trang nào để đóng gói thành tệp PDF. Hãy quét giấy tờ trước.",
            english="There are no pages to seal. Scan the paper first.",
        )
    if not meta.dossier_code.strip() or not meta.item.strip():
        raise SealError(
            "Thiếu mã hồ sơ hoặc tên giấy tờ cho tệp PDF.",
            english="The dossier code or the paper's name is missing.",
        )
    scanned_at = to_vietnam_time(meta.scanned_at) if meta.scanned_at else vietnam_now()
    images = [
        replace(_embeddable(number, page), second_scan=bool(getattr(page, "second_scan", False)))
        for number, page in enumerate(pages, start=1)
    ]
    unsigned = _build(images, meta, scanned_at, strip=BLOCK_STRIP if signer else 0.0)
    if signer is None:
        return unsigned
    return _sign(unsigned, signer)


@dataclass(frozen=True)
class _Image:
    width: int
    height: int
    dpi: float
    colour: str  # /DeviceGray or /DeviceRGB
    bits: int
    filter: str  # /DCTDecode, /CCITTFaxDecode or /FlateDecode
    stream: bytes  # already encoded
    page_sha256: str
    mime: str
    rotation: int = 0
    ccitt: bool = False
    second_scan: bool = False  # the scan of a handwritten-note page without its note

    @property
    def image_sha256(self) -> str:
        return hashlib.sha256(self.stream).hexdigest()

    @property
    def size_pt(self) -> tuple[float, float]:
        return self.width * 72.0 / self.dpi, self.height * 72.0 / self.dpi


def _embeddable(number: int, page: SealPage) -> _Image:
    """Check one page and turn it into image stream data, turned by its ``rotation`` (degrees
    clockwise, optional attribute) if any."""
    from PIL import Image, UnidentifiedImageError

    data = bytes(getattr(page, "data", b"") or b"")
    if hashlib.sha256(data).hexdigest() != str(getattr(page, "sha256", "")).lower():
        raise BadPage(
            f"Trang {number} không khớp mã kiểm tra SHA-256: tệp ảnh đã bị thay đổi hoặc hỏng. "
            "Hãy quét lại trang này.",
            english=f"Page {number} does not match its SHA-256: rescan it.",
        )
    try:
        dpi = float(page.dpi)
    except (TypeError, ValueError):
        dpi = 0.0
    if not 50 <= dpi <= 2400:
        raise BadPage(
            f"Trang {number} có độ phân giải không hợp lệ ({page.dpi} dpi).",
            english=f"Page {number} has an invalid resolution ({page.dpi} dpi).",
        )
    rotation = getattr(page, "rotation", 0) or 0
    if not isinstance(rotation, int) or rotation % 90:
        raise BadPage(
            f"Trang {number} có góc xoay không hợp lệ ({rotation}°).",
            english=f"Page {number} has an invalid rotation ({rotation}°).",
        )
    rotation %= 360
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format
            img.load()  # a truncated or damaged file fails here, not in a reader's hands
            mime = str(getattr(page, "mime", "") or Image.MIME.get(fmt or "", ""))
            return _encode(img, fmt or "", data, dpi, rotation, page.sha256.lower(), mime)
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise BadPage(
            f"Trang {number} không đọc được (ảnh hỏng hoặc không phải ảnh). "
            "Hãy quét lại trang này.",
            english=f"Page {number} cannot be read (damaged or not an image): rescan it.",
        ) from exc


def _encode(
    img: Any, fmt: str, data: bytes, dpi: float, rotation: int, sha: str, mime: str
) -> _Image:
    """Scanned JPEGs and single-strip CCITT G4 TIFFs go in as they are (when not turned); any
    other page, or a turned one, as lossless Flate (a turned JPEG is encoded again, quality 90)."""
    import zlib

    def image(colour: str, bits: int, filt: str, stream: bytes, **kw: Any) -> _Image:
        w, h = (img.height, img.width) if rotation in (90, 270) else (img.width, img.height)
        return _Image(w, h, dpi, colour, bits, filt, stream, sha, mime, rotation, **kw)

    if fmt == "JPEG" and img.mode in JPEG_MODES:
        colour = "/DeviceGray" if img.mode == "L" else "/DeviceRGB"
        if not rotation:
            return image(colour, 8, "/DCTDecode", data)
        out = io.BytesIO()
        _turn(img, rotation).save(out, "JPEG", quality=90)
        return image(colour, 8, "/DCTDecode", out.getvalue())
    g4 = _g4_strip(img, data) if fmt == "TIFF" and not rotation else None
    if g4 is not None:
        return image("/DeviceGray", 1, "/CCITTFaxDecode", g4, ccitt=True)
    turned = _turn(img, rotation)
    if turned.mode == "1":
        bits, colour, raw = 1, "/DeviceGray", turned.tobytes()
    elif turned.mode in {"L", "I;16", "I", "F"}:
        gray = turned if turned.mode == "L" else turned.convert("L")
        bits, colour, raw = 8, "/DeviceGray", gray.tobytes()
    else:
        bits, colour, raw = 8, "/DeviceRGB", _flatten(turned).tobytes()
    return image(colour, bits, "/FlateDecode", zlib.compress(raw, 6))


def _turn(img: Any, rotation: int) -> Any:
    from PIL import Image

    turns = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180}
    turns[270] = Image.Transpose.ROTATE_90
    return img.transpose(turns[rotation]) if rotation else img


def _g4_strip(img: Any, data: bytes) -> bytes | None:
    """The raw CCITT G4 stream of a single-strip G4 TIFF (the pipeline's black-and-white
    profile, tests/kiosk/scanning/test_pipeline.py holds it to this), or None for any other."""
    tags = getattr(img, "tag_v2", {})
    offsets, counts = tags.get(273), tags.get(279)
    if tags.get(259) != 4 or img.mode != "1" or not offsets or len(offsets) != 1:
        return None
    if tags.get(262) != 1 or tags.get(266, 1) != 1:  # black-is-zero (as Pillow writes), MSB first
        return None
    start, size = int(offsets[0]), int(counts[0])
    return data[start : start + size] if start + size <= len(data) else None


def _flatten(img: Any) -> Any:
    """RGB without transparency (PDF/A forbids it): alpha composed over white paper."""
    from PIL import Image

    if img.mode in {"RGBA", "LA", "PA"} or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return img.convert("RGB")


def seal_record(images: Sequence[_Image], meta: PaperMeta, scanned_at: datetime) -> dict[str, Any]:
    """The machine-readable metadata stored under ``/KioskSeal``."""
    return {
        "format": SEAL_FORMAT,
        "dossier_code": _nfc(meta.dossier_code),
        "dossier_id": meta.dossier_id,
        "procedure_code": _nfc(meta.procedure_code),
        "procedure_name": _nfc(meta.procedure_name),
        "item": _nfc(meta.item),
        "scanned_at": scanned_at.isoformat(timespec="seconds"),
        "page_count": len(images),
        "pages": [
            {
                "number": n,
                "sha256": im.page_sha256,
                "image_sha256": im.image_sha256,
                "mime": im.mime,
                "width": im.width,
                "height": im.height,
                "dpi": round(im.dpi, 2),
                "rotation": im.rotation,
                "second_scan": im.second_scan,
            }
            for n, im in enumerate(images, start=1)
        ],
    }


def _build(
    images: Sequence[_Image], meta: PaperMeta, scanned_at: datetime, *, strip: float = 0.0
) -> bytes:
    """The unsigned PDF; ``strip`` points of blank paper above page 1's scan (for the block)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string
    from pyhanko.pdf_utils.metadata import xmp_xml
    from pyhanko.pdf_utils.metadata.info import update_info_dict
    from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

    record = seal_record(images, meta, scanned_at)
    if strip:
        record["block_strip_pt"] = strip
    dpis = sorted({round(im.dpi) for im in images})
    title = f"{record['item']} — hồ sơ {record['dossier_code']}"
    subject = (
        f"{record['procedure_code']} {record['procedure_name']}; {len(images)} trang; "
        f"{'/'.join(str(d) for d in dpis)} dpi"
    )
    info = generic.DictionaryObject(
        {pdf_name(SEAL_KEY): pdf_string(json.dumps(record, ensure_ascii=False, sort_keys=True))}
    )
    writer = PdfFileWriter()
    writer.document_meta.title = title
    writer.document_meta.subject = subject
    # no keywords: pyHanko writes them to XMP as ``pdf:keywords``, not the schema's ``Keywords``
    writer.document_meta.creator = "Kiosk Một cửa"
    writer.document_meta.created = scanned_at
    update_info_dict(writer.document_meta, info)
    # pyHanko has no public setter for the info dictionary; with XMP present it only updates the
    # keys already there, so they are filled in first (info and XMP then say the same).
    writer._info = writer.add_object(info)
    writer.root[pdf_name("/Metadata")] = writer.add_object(xmp_xml.MetadataStream.from_xmp([]))
    writer.root[pdf_name("/Lang")] = pdf_string("vi-VN")
    writer.root[pdf_name("/OutputIntents")] = generic.ArrayObject([_output_intent(writer)])
    for number, im in enumerate(images):
        image_ref = writer.add_object(
            generic.StreamObject(
                {
                    pdf_name("/Type"): pdf_name("/XObject"),
                    pdf_name("/Subtype"): pdf_name("/Image"),
                    pdf_name("/Width"): generic.NumberObject(im.width),
                    pdf_name("/Height"): generic.NumberObject(im.height),
                    pdf_name("/ColorSpace"): pdf_name(im.colour),
                    pdf_name("/BitsPerComponent"): generic.NumberObject(im.bits),
                    pdf_name("/Filter"): pdf_name(im.filter),
                    **_ccitt_parms(im),
                },
                encoded_data=im.stream,
            )
        )
        w, h = im.size_pt
        content = writer.add_object(
            generic.StreamObject(stream_data=f"q {w:.4f} 0 0 {h:.4f} 0 0 cm /Im0 Do Q".encode())
        )
        resources = generic.DictionaryObject(
            {pdf_name("/XObject"): generic.DictionaryObject({pdf_name("/Im0"): image_ref})}
        )
        top = h + (strip if number == 0 else 0.0)  # the scan stays at the bottom-left, as is
        writer.insert_page(PageObject(content, (0, 0, w, top), resources), after=number - 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _ccitt_parms(im: _Image) -> dict[Any, Any]:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    if not im.ccitt:
        return {}
    parms = {
        pdf_name("/K"): generic.NumberObject(-1),
        pdf_name("/Columns"): generic.NumberObject(im.width),
        pdf_name("/Rows"): generic.NumberObject(im.height),
        pdf_name("/BlackIs1"): generic.BooleanObject(True),
    }
    return {pdf_name("/DecodeParms"): generic.DictionaryObject(parms)}


def _output_intent(writer: Any) -> Any:
    from PIL import ImageCms
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    icc_stream = generic.StreamObject({pdf_name("/N"): generic.NumberObject(3)}, stream_data=icc)
    icc_stream.compress()
    return generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/OutputIntent"),
            pdf_name("/S"): pdf_name("/GTS_PDFA1"),
            pdf_name("/OutputConditionIdentifier"): pdf_string("sRGB IEC61966-2.1"),
            pdf_name("/Info"): pdf_string("sRGB IEC61966-2.1"),
            pdf_name("/DestOutputProfile"): writer.add_object(icc_stream),
        }
    )


def _sign(unsigned: bytes, signer: Signer) -> bytes:
    """Add the PAdES signature with its visible block as a new revision."""
    import asyncio

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
    from pyhanko.stamp import TextStampStyle

    from kiosk.signing import SigningError

    page_h = float(PdfFileReader(io.BytesIO(unsigned)).root["/Pages"]["/Kids"][0]["/MediaBox"][3])
    x, y, w, h = BLOCK
    box = (int(x), int(page_h - y - h), int(x + w), int(page_h - y))
    style = TextStampStyle(
        stamp_text=STAMP_TEXT,
        timestamp_format=TIME_FORMAT,
        text_box_style=TextBoxStyle(
            font=_stamp_font_factory(),
            font_size=10,
            leading=13,
        ),
        border_width=1,
    )
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            name=_nfc(signer.name),
            reason="Số hóa giấy tờ tại Bộ phận Một cửa (TT 01/2023/TT-VPCP Điều 8)",
        ),
        signer=signer.backend,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(SIGNATURE_FIELD, on_page=0, box=box),
    )
    when = vietnam_now().replace(microsecond=0)

    async def run() -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(unsigned))
        session = pdf_signer.init_signing_session(writer)
        session.system_time = when  # the block and the signature carry the same Vietnam time
        validation = await session.perform_presign_validation(writer)
        reserved = await session.estimate_signature_container_size(validation)
        tbs = session.prepare_tbs_document(validation_info=validation, bytes_reserved=reserved)
        digest, output = tbs.digest_tbs_document(output=io.BytesIO())
        done = await tbs.perform_signature(
            document_digest=digest.document_digest,
            pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=when),
        )
        await done.post_signature_processing(output)
        return output.getvalue()

    try:
        return asyncio.run(run())
    except KioskError:
        raise
    except Exception as exc:  # pyHanko and PKCS#11 raise many types; none may reach the counter
        raise SigningError(
            f"Không ký số được tệp PDF ({type(exc).__name__}). Kiểm tra USB token rồi thử lại.",
            english=f"Signing failed ({type(exc).__name__}).",
        ) from exc


@functools.cache
def _stamp_font_bytes() -> bytes:
    """Noto Sans without its OpenType layout tables, made once per process.

    Stamp text is NFC and Noto Sans has every precomposed Vietnamese letter, so no shaping rule
    is needed; but fontTools decompiles the large layout tables on every subset (1.2 s a
    signature). Without them the subset takes milliseconds."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(resource("fonts", FONT_FILE)))
    for tag in ("GSUB", "GPOS", "GDEF"):
        if tag in font:
            del font[tag]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _stamp_font_factory() -> Any:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class InMemoryFont(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer,
                font_handle=io.BytesIO(_stamp_font_bytes()),
                font_size=self.font_size,
                obj_stream=obj_stream,
            )

    return InMemoryFont(FONT_FILE)


def paper_sealer(signer: Signer | None) -> Callable[[Sequence[SealPage], Any], bytes]:
    """A ``Sealer`` for the page store (``(pages, SealMeta) -> bytes``) that signs with ``signer``
    (the one the officer unlocked for this session; None seals unsigned)."""

    def seal(pages: Sequence[SealPage], meta: Any) -> bytes:
        return seal_paper(pages, PaperMeta.of(meta), signer)

    return seal


# --- verifying -----------------------------------------------------------------------------------


def read_seal_record(pdf: bytes) -> dict[str, Any]:
    """The ``/KioskSeal`` metadata of a sealed PDF ({} when absent or unreadable)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        info = PdfFileReader(io.BytesIO(pdf)).trailer["/Info"]
        return dict(json.loads(str(info[SEAL_KEY])))
    except Exception:  # any damage means "no readable record"; the caller reports it
        return {}


def verify_sealed(pdf: bytes, trust_roots: Iterable[Any]) -> SealReport:
    """Check a sealed PDF: its one signature (intact, cryptographically valid, chained to one of
    ``trust_roots``, covering the whole file) and its pages against the metadata.

    ``trust_roots``: certificates as asn1crypto or cryptography objects, PEM/DER bytes or paths.
    Never raises for a damaged or forged file; the report lists the problems in Vietnamese.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    problems: list[str] = []
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        record = read_seal_record(pdf)
        pages_match = _pages_match(reader, record, problems)
        sigs = reader.embedded_signatures
    except Exception:  # a file that is not a readable PDF
        return SealReport(
            False,
            False,
            False,
            False,
            False,
            False,
            None,
            None,
            {},
            ["Tệp không phải PDF hợp lệ hoặc đã bị hỏng."],
        )
    if len(sigs) != 1:
        problems.append("Tệp không có chữ ký số." if not sigs else "Tệp có nhiều hơn một chữ ký.")
        return SealReport(
            False, False, False, False, False, pages_match, None, None, record, problems
        )
    return _check_signature(sigs[0], list(trust_roots), record, pages_match, problems)


def _pages_match(reader: Any, record: dict[str, Any], problems: list[str]) -> bool:
    if record.get("format") != SEAL_FORMAT:
        problems.append("Thiếu siêu dữ liệu số hóa (mã hồ sơ, mã SHA-256 từng trang).")
        return False
    pages = record.get("pages") or []
    count = int(reader.root["/Pages"]["/Count"])
    if count != len(pages) or count != record.get("page_count"):
        problems.append(f"Số trang ({count}) khác số trang ghi trong siêu dữ liệu.")
        return False
    for n, (page, expected) in enumerate(zip(_iter_pages(reader), pages, strict=True), start=1):
        stream = page["/Resources"]["/XObject"]["/Im0"]
        if hashlib.sha256(stream.encoded_data).hexdigest() != expected.get("image_sha256"):
            problems.append(f"Ảnh trang {n} không khớp mã SHA-256 trong siêu dữ liệu.")
            return False
    return True


def _iter_pages(reader: Any) -> Iterable[Any]:
    for n in range(int(reader.root["/Pages"]["/Count"])):
        page, _ = reader.find_page_for_modification(n)
        yield page.get_object()


def _check_signature(
    sig: Any, roots: list[Any], record: dict[str, Any], pages_match: bool, problems: list[str]
) -> SealReport:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    from kiosk.signing import common_name

    context = ValidationContext(
        trust_roots=[_as_asn1_cert(r) for r in roots],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    try:
        status = validate_pdf_signature(sig, context)
    except Exception as exc:  # noqa: BLE001 (a forged file may break pyHanko anywhere)
        problems.append(f"Chữ ký số không đọc được ({type(exc).__name__}).")
        return SealReport(
            True, False, False, False, False, pages_match, None, None, record, problems
        )
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not status.intact:
        problems.append("Nội dung tệp đã bị thay đổi sau khi ký.")
    if not status.valid:
        problems.append("Chữ ký số không hợp lệ.")
    if not status.trusted:
        problems.append("Chứng thư số của người ký không thuộc tổ chức chứng thực được tin cậy.")
    if not whole:
        problems.append("Tệp có nội dung được thêm vào sau khi ký.")
    when = status.signer_reported_dt
    return SealReport(
        signed=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        whole_file=whole,
        pages_match=pages_match,
        signer_name=common_name(status.signing_cert) or None,
        signing_time=to_vietnam_time(when) if when else None,
        meta=record,
        problems=problems,
    )


def _as_asn1_cert(value: Any) -> Any:
    from asn1crypto import pem, x509

    if isinstance(value, x509.Certificate):
        return value
    if hasattr(value, "public_bytes"):  # a cryptography certificate
        from cryptography.hazmat.primitives.serialization import Encoding

        return x509.Certificate.load(value.public_bytes(Encoding.DER))
    data = Path(value).read_bytes() if isinstance(value, str | Path) else bytes(value)
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return x509.Certificate.load(data)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").strip()
