"""Documents first: a decision's PDF is rendered and on disk before its write transaction opens.

Rendering a form and fsyncing it take tens of milliseconds; holding the store's write lock through
them stalls every other writer (the print queue, the other counters on a shared PostgreSQL). So a
decision runs twice:

1. a dry run in a transaction that is rolled back: it validates, allocates, and computes the
   snapshot the document shows; :meth:`DocumentFirst.document` stops it there
   (:class:`DocumentNeeded`);
2. with no transaction open, the document is rendered and written (temp file, fsync, rename);
3. the decision runs again for real; if the snapshot is the one rendered (nothing changed in
   between), the rows point to the file already on disk and commit. If it changed (another writer
   took the code), the file is discarded and the loop renders again. After a few such rounds (two
   counters taking numbers from one block can keep changing each other's snapshot) the last
   attempt renders inside its transaction, so a decision always finishes.

The rule "the file is on disk before a row points to it" holds, and a failed transaction leaves no
orphan file: the file written for it is deleted unless another row references it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker

from kiosk.blobs import BlobStore
from kiosk.dossier_types import DossierSnapshot
from kiosk.errors import StoreError
from kiosk.failures import classify, storage_failure

log = logging.getLogger(__name__)
T = TypeVar("T")
ATTEMPTS = 3
MEDIA_TYPE = "application/pdf"


class DocumentNeeded(Exception):
    """Raised inside the dry run's transaction (which then rolls back): render this first."""

    def __init__(self, kind: str, snapshot: DossierSnapshot, is_copy: bool) -> None:
        super().__init__(kind)
        self.kind, self.snapshot, self.is_copy = kind, snapshot, is_copy


@dataclass(frozen=True)
class _Prepared:
    kind: str
    is_copy: bool
    shows: DossierSnapshot
    sha256: str
    size: int


def _shown(snapshot: DossierSnapshot) -> DossierSnapshot:
    """What a document shows of a snapshot (event times differ between the two runs)."""
    return replace(snapshot, events=())


class DocumentFirst:
    """Runs decisions so that their document is written before their transaction opens."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        blobs: BlobStore,
        render: Callable[[str, DossierSnapshot, bool], bytes],
    ) -> None:
        self._sessions, self._blobs, self._render = sessions, blobs, render
        self._local = threading.local()

    def run(
        self, decision: Callable[[], T], what: tuple[str, str] = ("quyết định", "the decision")
    ) -> T:
        """Run ``decision`` (which opens its own transaction and calls :meth:`document` inside).

        ``what`` names the action (Vietnamese, English) for the message of a storage failure, which
        says that it was NOT saved (:func:`kiosk.failures.storage_failure`).
        """
        try:
            return self._run(decision)
        except Exception as exc:
            failure = explain(exc, *what)
            if failure is None or failure is exc:
                raise
            raise failure from exc

    def _run(self, decision: Callable[[], T]) -> T:
        prepared: _Prepared | None = None
        self._local.written = None
        try:
            for attempt in range(ATTEMPTS + 1):
                self._local.prepared = prepared
                # Last resort when other writers keep changing the snapshot (two counters taking
                # numbers from one block): render with the transaction open, so it must finish.
                self._local.inside = attempt == ATTEMPTS
                try:
                    result = decision()
                    if self._local.written is not None and prepared is not None:
                        self.discard(prepared.sha256)  # rendered inside instead: unreferenced
                    return result
                except DocumentNeeded as need:  # its transaction has rolled back
                    if prepared is not None:
                        self.discard(prepared.sha256)
                        prepared = None
                    pdf = self._render(need.kind, need.snapshot, need.is_copy)
                    sha = self._blobs.write_file(pdf)  # fsynced, with no transaction open
                    prepared = _Prepared(
                        need.kind, need.is_copy, _shown(need.snapshot), sha, len(pdf)
                    )
                finally:
                    self._local.prepared, self._local.inside = None, False
            raise StoreError(
                "Hồ sơ đang được sửa ở nơi khác; quyết định CHƯA được lưu. Hãy thử lại.",
                english="The dossier kept changing; the decision was not saved. Try again.",
            )
        except BaseException:
            for sha in {prepared.sha256 if prepared else None, self._local.written} - {None}:
                self.discard(sha)  # the transaction that would have pointed to it failed
            raise
        finally:
            self._local.written = None

    def document(self, s: Session, kind: str, snapshot: DossierSnapshot, is_copy: bool) -> str:
        """Inside the decision's transaction: the SHA-256 of its document, already on disk.

        In the dry run (or when the snapshot is not the one rendered) this raises
        :class:`DocumentNeeded`, which rolls the transaction back.
        """
        prepared: _Prepared | None = getattr(self._local, "prepared", None)
        if (
            prepared is None
            or prepared.kind != kind
            or prepared.is_copy != is_copy
            or prepared.shows != _shown(snapshot)
        ):
            if not getattr(self._local, "inside", False):
                raise DocumentNeeded(kind, snapshot, is_copy)
            pdf = self._render(kind, snapshot, is_copy)
            sha = self._local.written = self._blobs.write_file(pdf)
            self._blobs.add_row(s, sha, len(pdf), MEDIA_TYPE)
            return sha
        self._blobs.add_row(s, prepared.sha256, prepared.size, MEDIA_TYPE)
        return prepared.sha256

    def discard(self, sha256: str) -> None:
        """Delete the file written for a transaction that failed, unless a row references it."""
        try:
            with self._sessions() as s:
                self._blobs.discard_unreferenced(s, sha256)
                s.rollback()
        except Exception:  # the store is unreachable: start-up cleaning will find the orphan
            log.warning(
                "could not check whether blob %s… is referenced", sha256[:12], exc_info=True
            )


def explain(exc: Exception, what_vi: str, what_en: str) -> StoreError | None:
    """The storage failure behind ``exc`` as a message about ``what``; None if it is not one."""
    cause = exc.__cause__
    if isinstance(exc, StoreError) and cause is not None and classify(cause):
        return storage_failure(cause, what_vi, what_en)
    return storage_failure(exc, what_vi, what_en)
