"""Scanned pages as data: each page a blob on disk before its row, bound to its draft and item.

A page arrives (from the scanner worker, a file, a rescan), is processed (kiosk.scanning.pipeline,
in a worker process when the UI asks), its image and thumbnail are written as content-addressed
blobs (temp file, fsync, rename), and only then its row is committed, bound to the draft dossier
and the checklist item it belongs to. So a crash or a kill at any moment leaves either a page the
store names, with its file, or a file no row names (cleaned at start-up); after a restart
:meth:`PageStore.recoverable` lists the drafts holding pages not sealed yet, and the app offers
them back (Circular 03/2025 Art. 5: the papers kept are digitised at reception).

Until a paper is sealed the officer can reorder, rotate, delete and rescan its pages, split a
feeder batch between items, and mark a page as carrying handwritten notes, which then needs its
second scan (Circular 01/2023 Art. 8). :meth:`PageStore.seal` refuses, whatever the UI shows, a
paper whose page count is not the one counted or whose handwritten page lacks its second scan; a
sealed paper is one signed PDF (``kiosk.scanning.seal``), a blob linked to its checklist item.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk import audit
from kiosk.blobs import BlobStore
from kiosk.dossier_types import DRAFT, ItemCounts
from kiosk.errors import InvalidInput
from kiosk.models import (
    ChecklistItem,
    Dossier,
    DossierItem,
    Officer,
    Procedure,
    ProcedureVersion,
    ScanBatch,
    ScanPage,
    ScanPaper,
)
from kiosk.scanning.seal import paper_sealer
from kiosk.text import fold
from kiosk.timeutil import vietnam_now

DRAFT_PAGE, SEALED_PAGE, DELETED_PAGE = "draft", "sealed", "deleted"
SPOOL_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pnm", ".pgm", ".ppm", ".pbm", ".bmp")
MAX_PAGE_BYTES = 80 * 1024 * 1024


# --- plain data returned to callers ---------------------------------------------------------------


@dataclass(frozen=True)
class Processed:
    """A page after the pipeline: what :meth:`PageStore.add_page` stores (duck-typed: the
    pipeline's ``ProcessedPage`` has these fields too)."""

    data: bytes
    mime: str
    width: int
    height: int
    dpi: int
    blank: bool
    sha256: str
    thumbnail_png: bytes


@dataclass(frozen=True)
class PageInfo:
    id: int
    dossier_id: str
    item_id: int
    position: int
    sha256: str
    media_type: str
    thumbnail_sha256: str | None
    width: int
    height: int
    dpi: int
    rotation: int
    blank: bool
    handwritten: bool
    second_scan_of: int | None
    state: str
    batch_id: int | None


@dataclass(frozen=True)
class PaperState:
    """A checklist item as the digitise step shows it: what to scan and what is there."""

    item_id: int
    name: str
    kind: str  # submit | present | conditional | voluntary
    wanted: ItemCounts
    received: ItemCounts
    expected_pages: int  # the physical pages counted (default: one per paper received)
    pages: tuple[PageInfo, ...]
    sealed: bool
    pdf_sha256: str | None
    reused_from: int | None = None
    problems: tuple[str, ...] = field(default=())

    @property
    def to_scan(self) -> bool:
        """A paper kept in the dossier and received: it is digitised (a paper only shown is not)."""
        return self.kind != "present" and self.received.total > 0

    @property
    def counted(self) -> int:
        """Pages that count against the physical pages (second scans and deleted ones do not)."""
        return sum(1 for p in self.pages if p.second_scan_of is None)

    @property
    def missing_second_scans(self) -> tuple[PageInfo, ...]:
        seconds = {p.second_scan_of for p in self.pages if p.second_scan_of is not None}
        return tuple(p for p in self.pages if p.handwritten and p.id not in seconds)

    @property
    def blank_pages(self) -> tuple[PageInfo, ...]:
        return tuple(p for p in self.pages if p.blank)

    @property
    def ready(self) -> bool:
        return bool(self.pages) and not self.problems and not self.sealed


@dataclass(frozen=True)
class Recoverable:
    """A draft holding scanned pages not sealed yet (left by a crash, a kill or a sign-out)."""

    dossier_id: str
    procedure_name: str
    applicant_name: str
    updated_at: datetime
    items: tuple[tuple[int, str, int], ...]  # (item id, paper name, pages)

    @property
    def pages(self) -> int:
        return sum(n for _i, _n, n in self.items)


@dataclass(frozen=True)
class SealMeta:
    """What the sealed PDF records besides its pages (kiosk.scanning.seal)."""

    dossier_id: str
    dossier_code: str | None
    procedure_code: str
    procedure_name: str
    item_name: str
    officer_name: str
    sealed_at: datetime
    page_sha256: tuple[str, ...]
    dpi: int
    officer_id: int | None = None  # whose key signs (kiosk.signing.counter)


@dataclass(frozen=True)
class SealPage:
    """One page handed to the sealer: the stored image and how to turn it."""

    data: bytes
    mime: str
    rotation: int
    sha256: str
    dpi: int
    second_scan: bool


Sealer = Callable[[list[SealPage], SealMeta], bytes]
Processor = Callable[[bytes], Processed]


def paper_kind(name: str) -> str:
    """What paper an item is, to find the same paper in another dossier: the folded name without
    its parenthesised notes ("Giấy chứng sinh (bản chính)" → "giay chung sinh")."""
    text, depth, out = fold(name), 0, []
    for ch in text:
        depth += ch == "("
        if depth == 0:
            out.append(ch if ch.isalnum() else " ")
        depth -= ch == ")" and depth > 0
    return " ".join("".join(out).split())


# --- processing (kiosk.scanning.pipeline) ---------------------------------------------------------


def process_page(data: bytes, *, dpi: int | None = None, profile: str = "gray") -> Processed:
    """Process one raw page through the pipeline (CPU-heavy: run it in a worker process):
    crop, deskew, blank flag, the profile's compression, thumbnail. Corrupt data is refused."""
    from kiosk.scanning.pipeline import process_page as pipeline

    if len(data) > MAX_PAGE_BYTES:
        raise InvalidInput("Trang quét quá lớn.", english="The scanned page is too large.")
    page = pipeline(data, profile=profile, dpi=max(200, int(dpi or 300)), rotation=0)
    return Processed(
        page.data,
        page.mime,
        page.width,
        page.height,
        int(page.dpi),
        bool(page.blank),
        page.sha256,
        page.thumbnail_png,
    )


def process_file(path: Path, dpi: int | None = None, profile: str = "gray") -> Processed:
    """:func:`process_page` of a page file the scanner worker wrote (for the process pool)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(
            f"Không đọc được trang vừa quét ({exc.strerror}).",
            english="Cannot read the page just scanned.",
        ) from None
    return process_page(data, dpi=dpi, profile=profile)


def officer_sealer(keys: Path) -> Sealer:
    """Seal with the sealing officer's own software key in ``keys`` (``kiosk signing demo-key``;
    AppPaths.seal_keys) when there is one, unsigned otherwise: a counter with no USB token set
    up (the app builds its sealer from ``kiosk.signing.counter.CounterSigning``)."""
    from kiosk.signing.counter import CounterSigning, SigningSetup

    return CounterSigning(SigningSetup(), keys).sealer()


# --- the service ----------------------------------------------------------------------------------


class PageStore:
    """The pages of the drafts at this counter. Thread-safe; each public method is one
    transaction (the files are written before it opens)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        blobs: BlobStore,
        *,
        seal: Sealer | None = None,
        process: Processor = process_page,
        clock: Callable[[], datetime] = vietnam_now,
        spool_root: Path | None = None,
    ) -> None:
        self._sessions, self._blobs = sessions, blobs
        # unsigned until the composition root hands the officer's signer (kiosk.scanning.seal)
        self._seal = seal if seal is not None else paper_sealer(None)
        self._process, self._clock = process, clock
        # where this machine's scans land page by page (``<data>/scans``); only batches spooled
        # under it are taken in after a crash (another counter's folders are not ours)
        self.spool_root = (
            Path(spool_root) if spool_root is not None else blobs.root.parent / "scans"
        )

    def new_spool(self) -> Path:
        """A fresh folder for the next scan's pages (the scanner worker creates it)."""
        return self.spool_root / uuid.uuid4().hex

    # --- batches --------------------------------------------------------------------------------

    def begin_batch(
        self,
        dossier_id: str,
        item_id: int,
        device: str,
        *,
        spool: Path | None = None,
        officer_id: int | None = None,
    ) -> int:
        """Record a scan about to start (its spool folder, if any, is where pages land)."""
        with self._sessions.begin() as s:
            _item(s, dossier_id, item_id)
            batch = ScanBatch(
                dossier_id=dossier_id,
                dossier_item_id=item_id,
                device=device[:200],
                spool=str(spool) if spool is not None else None,
                officer_id=officer_id,
            )
            s.add(batch)
            s.flush()
            return batch.id

    def end_batch(self, batch_id: int, status: str = "done") -> None:
        """The scan finished, was cancelled or failed; its pages stay."""
        with self._sessions.begin() as s:
            batch = s.get(ScanBatch, batch_id)
            if batch is not None and batch.status == "scanning":
                batch.status, batch.finished_at = status, self._clock()
        self._clear_spool(batch_id)

    # --- adding pages ---------------------------------------------------------------------------

    def add_page(
        self,
        dossier_id: str,
        item_id: int,
        page: Processed | bytes,
        *,
        batch_id: int | None = None,
        second_scan_of: int | None = None,
        replaces: int | None = None,
    ) -> PageInfo:
        """Store one page at the end of the item's paper (or in place of ``replaces``: a rescan;
        or right after the page it is the ``second_scan_of``). Raw bytes are processed here."""
        if isinstance(page, bytes | bytearray):
            page = self._process(bytes(page))
        sha = self._blobs.write_file(page.data)  # on disk before the row (fsynced)
        thumb = self._blobs.write_file(page.thumbnail_png) if page.thumbnail_png else None
        with self._sessions.begin() as s:
            editable_item(s, dossier_id, item_id)
            self._blobs.add_row(s, sha, len(page.data), page.mime)
            if thumb:
                self._blobs.add_row(s, thumb, len(page.thumbnail_png), "image/png")
            live = _live(s, item_id)
            position, rotation, handwritten, old = len(live) + 1, 0, False, None
            if replaces is not None:  # a rescan takes the old page's place, turn and marks
                old = _page(s, dossier_id, replaces)
                editable_item(s, dossier_id, old.dossier_item_id)
                position, rotation, handwritten = old.position, old.rotation, old.handwritten
                second_scan_of, old.state = old.second_scan_of, DELETED_PAGE
            elif second_scan_of is not None:
                first = _page(s, dossier_id, second_scan_of)
                if not first.handwritten or first.dossier_item_id != item_id:
                    raise InvalidInput(
                        "Chỉ trang có ghi chú viết tay mới cần quét lần hai.",
                        english="Only a page with handwritten notes needs a second scan.",
                    )
                position = first.position + 1
                for other in live:
                    if other.position >= position:
                        other.position += 1
            row = ScanPage(
                dossier_id=dossier_id,
                dossier_item_id=item_id,
                batch_id=batch_id,
                position=position,
                sha256=sha,
                media_type=page.mime,
                thumbnail_sha256=thumb,
                width=page.width,
                height=page.height,
                dpi=page.dpi,
                rotation=rotation,
                blank=page.blank,
                handwritten=handwritten,
                second_scan_of=second_scan_of,
            )
            s.add(row)
            s.flush()
            if old is not None:  # its second scan now belongs to the new page
                for child in live:
                    if child.second_scan_of == old.id:
                        child.second_scan_of = row.id
            if batch_id is not None:
                batch = s.get(ScanBatch, batch_id)
                if batch is not None:
                    batch.pages += 1
            touch_draft(s, dossier_id)
            return _info(row)

    # --- editing --------------------------------------------------------------------------------

    def reorder(self, dossier_id: str, item_id: int, page_ids: Sequence[int]) -> list[PageInfo]:
        """Put the item's pages in this order (every live page exactly once)."""
        with self._sessions.begin() as s:
            editable_item(s, dossier_id, item_id)
            live = {p.id: p for p in _live(s, item_id)}
            if sorted(page_ids) != sorted(live):
                raise InvalidInput(
                    "Thứ tự trang không khớp với các trang đã quét; hãy tải lại.",
                    english="The page order does not match the scanned pages; reload.",
                )
            for position, page_id in enumerate(page_ids, start=1):
                live[page_id].position = position
            touch_draft(s, dossier_id)
            return [_info(p) for p in _live(s, item_id)]

    def rotate(self, dossier_id: str, page_id: int, degrees: int = 90) -> PageInfo:
        """Turn a page clockwise by ``degrees`` (a multiple of 90)."""
        if degrees % 90:
            raise InvalidInput("Chỉ xoay được từng góc vuông.", english="Rotate by 90° steps.")
        with self._sessions.begin() as s:
            page = self._draft_page(s, dossier_id, page_id)
            page.rotation = (page.rotation + degrees) % 360
            touch_draft(s, dossier_id)
            return _info(page)

    def delete(self, dossier_id: str, page_id: int) -> None:
        """Take a page out of its paper (the row stays, marked deleted; its second scan too)."""
        with self._sessions.begin() as s:
            page = self._draft_page(s, dossier_id, page_id)
            for other in _live(s, page.dossier_item_id):
                if other.id == page.id or other.second_scan_of == page.id:
                    other.state = DELETED_PAGE
            _renumber(s, page.dossier_item_id)
            touch_draft(s, dossier_id)

    def mark_handwritten(self, dossier_id: str, page_id: int, on: bool = True) -> PageInfo:
        """Mark a page "có ghi chú viết tay": its second scan (note removed) is then needed."""
        with self._sessions.begin() as s:
            page = self._draft_page(s, dossier_id, page_id)
            if page.second_scan_of is not None:
                raise InvalidInput(
                    "Đây là bản quét lần hai; hãy đánh dấu trang gốc.",
                    english="This is a second scan; mark the original page.",
                )
            page.handwritten = on
            if not on:
                for other in _live(s, page.dossier_item_id):
                    if other.second_scan_of == page.id:
                        other.second_scan_of = None
            touch_draft(s, dossier_id)
            return _info(page)

    def split(self, dossier_id: str, page_id: int, to_item_id: int) -> None:
        """Move ``page_id`` and the pages after it in its paper to the end of ``to_item_id``'s
        paper: a feeder batch holding several papers is split between their items."""
        with self._sessions.begin() as s:
            page = self._draft_page(s, dossier_id, page_id)
            editable_item(s, dossier_id, to_item_id)
            if to_item_id == page.dossier_item_id:
                return
            source = page.dossier_item_id
            moving = [p for p in _live(s, source) if p.position >= page.position]
            base = len(_live(s, to_item_id))
            for offset, other in enumerate(moving, start=1):
                other.dossier_item_id, other.position = to_item_id, base + offset
            s.flush()
            _renumber(s, source)
            touch_draft(s, dossier_id)

    def set_expected_pages(self, dossier_id: str, item_id: int, pages: int) -> None:
        """The physical pages the officer counted for this paper (what the scans must match)."""
        if not 1 <= pages <= 999:
            raise InvalidInput(
                "Số trang của giấy tờ phải từ 1 đến 999.", english="Pages must be 1 to 999."
            )
        with self._sessions.begin() as s:
            item = editable_item(s, dossier_id, item_id)
            paper_row(s, item).expected_pages = pages
            touch_draft(s, dossier_id)

    # --- reading --------------------------------------------------------------------------------

    def pages(self, dossier_id: str, item_id: int) -> list[PageInfo]:
        with self._sessions() as s:
            _item(s, dossier_id, item_id)
            return [_info(p) for p in _live(s, item_id)]

    def papers(self, dossier_id: str) -> list[PaperState]:
        """Every item of the dossier with its pages, in checklist order."""
        with self._sessions() as s:
            return _papers(s, dossier_id)

    def paper(self, dossier_id: str, item_id: int) -> PaperState:
        with self._sessions() as s:
            _item(s, dossier_id, item_id)
            return next(p for p in _papers(s, dossier_id) if p.item_id == item_id)

    def read(self, sha256: str) -> bytes:
        return self._blobs.read(sha256)

    # --- sealing --------------------------------------------------------------------------------

    def seal(
        self, dossier_id: str, item_id: int, officer_id: int | None, now: datetime | None = None
    ) -> PaperState:
        """Make the paper's signed PDF from its pages and link it to the item; refused when the
        page count is not the one counted or a handwritten page lacks its second scan."""
        now = now or self._clock()
        with self._sessions() as s:  # read what to seal (no write lock while signing)
            paper = self._sealable(s, dossier_id, item_id)
            pages = [
                SealPage(
                    self._blobs.read(p.sha256),
                    p.media_type,
                    p.rotation,
                    p.sha256,
                    p.dpi,
                    p.second_scan_of is not None,
                )
                for p in paper.pages
            ]
            meta = _seal_meta(s, dossier_id, paper, officer_id, now)
        pdf = self._seal(pages, meta)
        sha = self._blobs.write_file(pdf)  # on disk before the rows point to it
        with self._sessions.begin() as s:
            again = self._sealable(s, dossier_id, item_id)
            if [p.id for p in again.pages] != [p.id for p in paper.pages] or [
                p.rotation for p in again.pages
            ] != [p.rotation for p in paper.pages]:
                raise InvalidInput(
                    "Các trang vừa thay đổi trong lúc niêm phong; hãy niêm phong lại.",
                    english="The pages changed while sealing; seal again.",
                )
            self._blobs.add_row(s, sha, len(pdf), "application/pdf")
            item = s.get(DossierItem, item_id)
            item.pdf_sha256, item.pages = sha, len(paper.pages)
            row = paper_row(s, item)
            row.pdf_sha256, row.pages = sha, len(paper.pages)
            row.sealed_at, row.sealed_by, row.reused_from_item_id = now, officer_id, None
            for p in _live(s, item_id):
                p.state = SEALED_PAGE
            audit.append(
                s,
                f"officer:{officer_id}",
                "paper.sealed",
                f"dossier:{dossier_id}",
                {"item": item_id, "pages": len(paper.pages), "sha256": sha},
            )
            touch_draft(s, dossier_id)
            s.flush()
            return next(p for p in _papers(s, dossier_id) if p.item_id == item_id)

    def _sealable(self, s: Session, dossier_id: str, item_id: int) -> PaperState:
        editable_item(s, dossier_id, item_id)
        paper = next(p for p in _papers(s, dossier_id) if p.item_id == item_id)
        if paper.sealed:
            raise InvalidInput(
                f"“{paper.name}” đã được niêm phong.", english="This paper is already sealed."
            )
        if not paper.pages:
            raise InvalidInput(
                f"“{paper.name}” chưa có trang nào được quét.",
                english="No page of this paper has been scanned.",
            )
        if paper.problems:
            raise InvalidInput(
                f"Chưa niêm phong được “{paper.name}”: " + " ".join(paper.problems),
                english="The paper cannot be sealed yet: page count or second scans.",
            )
        return paper

    # --- recovery -------------------------------------------------------------------------------

    def recoverable(self) -> list[Recoverable]:
        """Drafts holding pages not sealed yet, newest first (offered back after a restart).
        Pages a scan wrote into its spool folder before the app died are taken in first."""
        self.recover_spools()
        with self._sessions() as s:
            rows = s.execute(
                select(ScanPage.dossier_id, ScanPage.dossier_item_id, func.count())
                .join(Dossier, Dossier.id == ScanPage.dossier_id)
                .where(ScanPage.state == DRAFT_PAGE, Dossier.status == DRAFT)
                .group_by(ScanPage.dossier_id, ScanPage.dossier_item_id)
            ).all()
            by_dossier: dict[str, list[tuple[int, int]]] = {}
            for dossier_id, item_id, count in rows:
                by_dossier.setdefault(dossier_id, []).append((item_id, count))
            found = []
            for dossier_id, items in by_dossier.items():
                dossier = s.get(Dossier, dossier_id)
                version = s.get(ProcedureVersion, dossier.procedure_version_id)
                names = {i.id: (i.position, i.name) for i in dossier.items}
                applicant = dossier.applicant or {}
                who = _applicant_name(applicant)
                found.append(
                    Recoverable(
                        dossier_id,
                        version.name,
                        who,
                        dossier.updated_at,
                        tuple(
                            (item_id, names[item_id][1], count)
                            for item_id, count in sorted(items, key=lambda x: names[x[0]][0])
                        ),
                    )
                )
            return sorted(found, key=lambda r: r.updated_at, reverse=True)

    def recover_spools(self) -> int:
        """Take in the pages that unfinished scans (app killed mid-batch) left in their spool
        folders and no row names yet; close those batches. Returns the pages taken in."""
        with self._sessions() as s:
            open_batches = [
                (b.id, b.dossier_id, b.dossier_item_id, b.spool)
                for b in s.scalars(select(ScanBatch).where(ScanBatch.status == "scanning"))
            ]
        taken = 0
        root = self.spool_root.resolve()
        for batch_id, dossier_id, item_id, spool in open_batches:
            if not spool or not Path(spool).resolve().is_relative_to(root):
                continue  # scanned on another machine sharing the store: not ours to close
            with self._sessions() as s:
                dossier = s.get(Dossier, dossier_id)
                known = set(s.scalars(select(ScanPage.sha256).where(ScanPage.batch_id == batch_id)))
            if dossier is not None and dossier.status == DRAFT and spool:
                for path in spooled_pages(Path(spool)):
                    data = path.read_bytes()
                    if hashlib.sha256(data).hexdigest() in known:
                        continue
                    try:
                        page = self._process(data)
                    except InvalidInput:
                        continue  # a page cut by the crash: the officer rescans it
                    if page.sha256 in known:
                        continue
                    self.add_page(dossier_id, item_id, page, batch_id=batch_id)
                    taken += 1
            self.end_batch(batch_id, "interrupted")
        return taken

    def _clear_spool(self, batch_id: int) -> None:
        with self._sessions() as s:
            batch = s.get(ScanBatch, batch_id)
            spool = batch.spool if batch is not None else None
        if spool:
            shutil.rmtree(spool, ignore_errors=True)  # the pages are blobs now

    # --- helpers --------------------------------------------------------------------------------

    def _draft_page(self, s: Session, dossier_id: str, page_id: int) -> ScanPage:
        page = _page(s, dossier_id, page_id)
        editable_item(s, dossier_id, page.dossier_item_id)
        if page.state != DRAFT_PAGE:
            raise InvalidInput(
                "Trang này đã được niêm phong hoặc đã xóa; không sửa được nữa.",
                english="This page is sealed or deleted and can no longer be changed.",
            )
        return page


# --- module helpers (inside a session) --------------------------------


def unsealed_pages(s: Session, dossier_id: str) -> int:
    """Pages of the dossier scanned but not sealed into a paper yet (acceptance waits for them)."""
    return s.scalar(
        select(func.count())
        .select_from(ScanPage)
        .where(ScanPage.dossier_id == dossier_id, ScanPage.state == DRAFT_PAGE)
    )


def forget_pages(s: Session, blobs: BlobStore, dossier_id: str, *, sealed_too: bool) -> set[str]:
    """Delete a dossier's scanned pages in the caller's transaction: the pages not sealed into a
    paper (a refused dossier), or every page, batch and sealed paper (a discarded draft); then
    the blob rows nothing else names any more (a blob is shared by content: the same page in
    another dossier keeps it). Returns those blobs' SHA-256: the caller removes their files once
    it has committed (``BlobStore.remove_files``)."""
    pages = select(ScanPage).where(ScanPage.dossier_id == dossier_id)
    if not sealed_too:
        pages = pages.where(ScanPage.state != SEALED_PAGE)
    rows = s.scalars(pages).all()
    shas = {r.sha256 for r in rows} | {r.thumbnail_sha256 for r in rows}
    ids = [r.id for r in rows]
    if ids:
        s.execute(
            update(ScanPage).where(ScanPage.second_scan_of.in_(ids)).values(second_scan_of=None)
        )
        s.execute(delete(ScanPage).where(ScanPage.id.in_(ids)))
    if sealed_too:
        items = select(DossierItem.id).where(DossierItem.dossier_id == dossier_id)
        shas |= set(s.scalars(items.with_only_columns(DossierItem.pdf_sha256)))
        shas |= set(
            s.scalars(select(ScanPaper.pdf_sha256).where(ScanPaper.dossier_id == dossier_id))
        )
        s.execute(
            update(ScanPaper)
            .where(ScanPaper.reused_from_item_id.in_(items))
            .values(reused_from_item_id=None)
        )
        s.execute(delete(ScanPaper).where(ScanPaper.dossier_id == dossier_id))
        s.execute(delete(ScanBatch).where(ScanBatch.dossier_id == dossier_id))
        s.execute(
            update(DossierItem).where(DossierItem.dossier_id == dossier_id).values(pdf_sha256=None)
        )
    s.flush()
    return blobs.drop_unreferenced(s, shas)


def spooled_pages(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SPOOL_SUFFIXES
    )


def _applicant_name(applicant: dict) -> str:
    def value(key: str) -> str:
        v = applicant.get(key)
        return str(v.get("value", "") if isinstance(v, dict) else v or "")

    return value("org_name") or value("full_name")


def _item(s: Session, dossier_id: str, item_id: int) -> DossierItem:
    item = s.get(DossierItem, item_id)
    if item is None or item.dossier_id != dossier_id:
        raise InvalidInput(
            "Giấy tờ này không thuộc hồ sơ đang tiếp nhận.",
            english="This paper is not part of the dossier.",
        )
    dossier = s.get(Dossier, dossier_id)
    if dossier.status != DRAFT:
        raise InvalidInput(
            "Hồ sơ đã có quyết định tiếp nhận; không quét thêm được nữa.",
            english="The dossier has been decided; no more pages can be added.",
        )
    return item


def editable_item(s: Session, dossier_id: str, item_id: int) -> DossierItem:
    item = _item(s, dossier_id, item_id)
    paper = s.get(ScanPaper, item_id)
    if paper is not None and paper.sealed_at is not None:
        raise InvalidInput(
            f"“{item.name}” đã được niêm phong; không sửa các trang được nữa.",
            english="This paper is sealed; its pages can no longer be changed.",
        )
    return item


def _page(s: Session, dossier_id: str, page_id: int) -> ScanPage:
    page = s.get(ScanPage, page_id)
    if page is None or page.dossier_id != dossier_id or page.state == DELETED_PAGE:
        raise InvalidInput("Không tìm thấy trang này.", english="Page not found.")
    return page


def _live(s: Session, item_id: int) -> list[ScanPage]:
    return list(
        s.scalars(
            select(ScanPage)
            .where(ScanPage.dossier_item_id == item_id, ScanPage.state != DELETED_PAGE)
            .order_by(ScanPage.position, ScanPage.id)
        )
    )


def _renumber(s: Session, item_id: int) -> None:
    s.flush()
    for position, page in enumerate(_live(s, item_id), start=1):
        page.position = position


def touch_draft(s: Session, dossier_id: str) -> None:
    """The draft was worked on: it is not abandoned (kiosk/drafts.py purges untouched ones)."""
    dossier = s.get(Dossier, dossier_id)
    dossier.updated_at = vietnam_now()


def paper_row(s: Session, item: DossierItem) -> ScanPaper:
    row = s.get(ScanPaper, item.id)
    if row is None:
        row = ScanPaper(
            dossier_item_id=item.id,
            dossier_id=item.dossier_id,
            kind_folded=paper_kind(item.name),
            pages=0,
        )
        s.add(row)
        s.flush()
    return row


def _info(p: ScanPage) -> PageInfo:
    return PageInfo(
        p.id,
        p.dossier_id,
        p.dossier_item_id,
        p.position,
        p.sha256,
        p.media_type,
        p.thumbnail_sha256,
        p.width,
        p.height,
        p.dpi,
        p.rotation,
        p.blank,
        p.handwritten,
        p.second_scan_of,
        p.state,
        p.batch_id,
    )


def _problems(paper_name: str, expected: int, pages: list[PageInfo]) -> tuple[str, ...]:
    problems = []
    counted = sum(1 for p in pages if p.second_scan_of is None)
    if pages and counted != expected:
        problems.append(
            f"Đã quét {counted} trang, giấy tờ có {expected} trang "
            "(số bản quét phải khớp số trang bản giấy)."
        )
    seconds = {p.second_scan_of for p in pages if p.second_scan_of is not None}
    missing = [p.position for p in pages if p.handwritten and p.id not in seconds]
    if missing:
        where = ", ".join(str(n) for n in missing)
        problems.append(
            f"Trang {where} có ghi chú viết tay: cần quét lần hai (sau khi che/bỏ ghi chú)."
        )
    return tuple(problems)


def _papers(s: Session, dossier_id: str) -> list[PaperState]:
    dossier = s.get(Dossier, dossier_id)
    if dossier is None:
        raise InvalidInput("Không tìm thấy hồ sơ.", english="Dossier not found.")
    items = list(
        s.scalars(
            select(DossierItem)
            .where(DossierItem.dossier_id == dossier_id)
            .order_by(DossierItem.position)
        )
    )
    checklist = {
        c.id: c
        for c in s.scalars(
            select(ChecklistItem).where(
                ChecklistItem.id.in_([i.checklist_item_id for i in items if i.checklist_item_id])
            )
        )
    }
    rows = {
        r.dossier_item_id: r
        for r in s.scalars(select(ScanPaper).where(ScanPaper.dossier_id == dossier_id))
    }
    pages: dict[int, list[PageInfo]] = {}
    for p in s.scalars(
        select(ScanPage)
        .where(ScanPage.dossier_id == dossier_id, ScanPage.state != DELETED_PAGE)
        .order_by(ScanPage.position, ScanPage.id)
    ):
        pages.setdefault(p.dossier_item_id, []).append(_info(p))
    out = []
    for item in items:
        c = checklist.get(item.checklist_item_id)
        row = rows.get(item.id)
        received = ItemCounts(item.originals, item.certified_copies, item.photocopies)
        expected = (row.expected_pages if row else None) or max(1, received.total)
        own = pages.get(item.id, [])
        sealed = bool(row and row.sealed_at is not None)
        out.append(
            PaperState(
                item_id=item.id,
                name=item.name,
                kind="voluntary" if item.voluntary else (c.kind if c and c.kind else "submit"),
                wanted=ItemCounts(c.originals, c.certified_copies, c.photocopies)
                if c
                else ItemCounts(),
                received=received,
                expected_pages=expected,
                pages=tuple(own),
                sealed=sealed,
                pdf_sha256=item.pdf_sha256,
                reused_from=row.reused_from_item_id if row else None,
                problems=() if sealed else _problems(item.name, expected, own),
            )
        )
    return out


def _seal_meta(
    s: Session, dossier_id: str, paper: PaperState, officer_id: int | None, now: datetime
) -> SealMeta:
    dossier = s.get(Dossier, dossier_id)
    version = s.get(ProcedureVersion, dossier.procedure_version_id)
    officer = s.get(Officer, officer_id) if officer_id else None
    code = s.scalar(select(Procedure.code).where(Procedure.id == version.procedure_id))
    return SealMeta(
        dossier_id=dossier_id,
        dossier_code=dossier.code,
        procedure_code=code,
        procedure_name=version.name,
        item_name=paper.name,
        officer_name=officer.full_name if officer else "",
        sealed_at=now,
        page_sha256=tuple(p.sha256 for p in paper.pages),
        dpi=max((p.dpi for p in paper.pages), default=200),
        officer_id=officer.id if officer else None,
    )
