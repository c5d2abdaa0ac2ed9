"""Sending blobs (scanned pages, per-paper PDFs) to the central system, resumably, by hash.

1. "Which of these do you have?" (``POST /blobs/missing``): blobs the server already holds are
   done without sending a byte.
2. For each missing blob, ``POST /uploads`` opens (or finds again) the server's one upload of that
   SHA-256 and says how far it got; chunks then go by ``PATCH`` with ``Upload-Offset``, as in the
   tus core protocol. A chunk cut off by the network is not kept by the server, so a resumed
   upload sends at most that one chunk again. The server checks the SHA-256 of the whole file.

Why not tus itself: its creation, termination and checksum extensions add headers and round trips
the kiosk does not need: content addressing already names the upload (one per hash), and the
request's signed Content-Digest covers each chunk.

No transaction is open during network I/O: the list is read in one short transaction, each
outcome is written in another.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.blobs import BlobStore
from kiosk.canonical import canonical_json
from kiosk.models import Blob, BlobUpload
from sync.client import API, CentralClient, json_object
from sync.health import why_unreachable

log = logging.getLogger(__name__)
CHUNK = 1024 * 1024
BATCH = 500  # hashes per "which of these do you have?"
MARK_BATCH = 50  # blobs marked sent per transaction


@dataclass
class UploadReport:
    checked: int = 0
    already_there: int = 0
    uploaded: int = 0
    bytes_sent: int = 0
    failed: int = 0
    stopped: str | None = None  # "offline" / "auth": the pass ended early


class BlobUploader:
    def __init__(
        self,
        client: CentralClient,
        sessions: sessionmaker[Session],
        blob_root: Path,
        *,
        chunk_size: int = CHUNK,
    ) -> None:
        self.client, self.sessions = client, sessions
        self.blobs = BlobStore(blob_root)
        self.chunk_size = chunk_size

    def pending(self, limit: int = BATCH) -> list[tuple[str, int]]:
        with self.sessions.begin() as s:
            return [
                (sha, size)
                for sha, size in s.execute(
                    select(Blob.sha256, Blob.size)
                    .where(Blob.sync_state.not_in(("acknowledged", "failed")))
                    .order_by(Blob.created_at, Blob.sha256)
                    .limit(limit)
                )
            ]

    def run_once(self) -> UploadReport:
        report = UploadReport()
        pending = self.pending()
        if not pending:
            return report
        report.checked = len(pending)
        try:
            answer = self.client.request(
                "POST",
                f"{API}/blobs/missing",
                data=canonical_json({"sha256": [sha for sha, _ in pending]}).encode(),
                headers={"Content-Type": "application/json"},
            )
        except requests.RequestException:
            report.stopped = "offline"
            return report
        if answer.status_code in (401, 403):
            report.stopped = "auth"
            return report
        missing = (json_object(answer) or {}).get("missing") if answer.status_code == 200 else None
        if not isinstance(missing, list):
            report.stopped = "offline"  # a portal or a broken answer: try again later
            return report
        missing = set(missing)
        there = [sha for sha, _ in pending if sha not in missing]
        self._mark_done(there)
        report.already_there = len(there)
        done: list[str] = []  # marked in batches: a kill before that only costs a question
        for sha, size in pending:
            if sha not in missing:
                continue
            outcome = self.upload(sha, size, report, mark=False)
            if outcome == "ok":
                report.uploaded += 1
                done.append(sha)
                if len(done) >= MARK_BATCH:
                    self._mark_done(done)
                    done = []
            elif outcome in ("offline", "auth"):
                report.stopped = outcome
                break
            else:
                report.failed += 1
        self._mark_done(done)
        return report

    def upload(
        self, sha: str, size: int, report: UploadReport | None = None, *, mark: bool = True
    ) -> str:
        """Send one blob from where the server's upload stands; "ok", "offline", "auth" or
        "failed" (this blob only). ``mark``: record it as sent now (else the caller does)."""
        report = report or UploadReport()
        try:
            answer = self.client.request(
                "POST",
                f"{API}/uploads",
                data=canonical_json({"sha256": sha, "size": size}).encode(),
                headers={"Content-Type": "application/json"},
            )
            if answer.status_code in (401, 403):
                return "auth"
            data = json_object(answer) or {}
            if answer.status_code == 200 and data.get("complete") is True:
                if mark:
                    self._mark_done([sha])
                return "ok"
            if answer.status_code != 201 or not isinstance(data.get("upload_id"), str):
                return self._failed(sha, size, f"HTTP {answer.status_code}", answer.status_code)
            upload_id, offset = data["upload_id"], int(data.get("offset", 0))
            with self.blobs.path(sha).open("rb") as f:
                while offset < size:
                    f.seek(offset)
                    chunk = f.read(self.chunk_size)
                    answer = self.client.request(
                        "PATCH",
                        f"{API}/uploads/{upload_id}",
                        data=chunk,
                        headers={
                            "Content-Type": "application/offset+octet-stream",
                            "Upload-Offset": str(offset),
                        },
                    )
                    if answer.status_code in (401, 403):
                        return "auth"
                    if answer.status_code == 204:
                        report.bytes_sent += len(chunk)
                        offset = int(answer.headers.get("Upload-Offset", offset + len(chunk)))
                        if offset < size:  # a blob of several chunks: bytes left for the bar
                            self._progress(sha, size, upload_id, offset, None)
                    elif answer.status_code == 409 and "Upload-Offset" in answer.headers:
                        offset = int(answer.headers["Upload-Offset"])  # the server's truth
                    else:
                        return self._failed(
                            sha, size, f"HTTP {answer.status_code}", answer.status_code
                        )
        except requests.RequestException as exc:
            self._progress(sha, size, None, None, why_unreachable(exc))
            return "offline"
        except OSError:
            return self._failed(sha, size, "không đọc được tệp trên máy", None)
        if mark:
            self._mark_done([sha])
        return "ok"

    # -- short transactions -----------------------------------------------------------------------
    def _mark_done(self, shas: list[str]) -> None:
        if not shas:
            return
        with self.sessions.begin() as s:
            for sha in shas:
                blob = s.get(Blob, sha)
                if blob is not None:
                    blob.sync_state = "acknowledged"
                row = s.get(BlobUpload, sha)
                if row is not None:
                    row.offset, row.last_error = row.size, None

    def _progress(self, sha, size, upload_id, offset, error) -> None:
        with self.sessions.begin() as s:
            row = s.get(BlobUpload, sha) or BlobUpload(sha256=sha, size=size, offset=0)
            if upload_id is not None:
                row.upload_id = upload_id
            if offset is not None:
                row.offset = offset
            row.last_error = error
            s.add(row)

    def _failed(self, sha: str, size: int, why: str, status: int | None) -> str:
        transient = status is None or status >= 500 or status in (408, 429)
        self._progress(sha, size, None, None, f"hệ thống trung tâm chưa nhận tệp ({why})")
        if not transient:
            with self.sessions.begin() as s:
                blob = s.get(Blob, sha)
                if blob is not None:
                    blob.sync_state = "failed"
        log.info("blob upload failed: %s", why)
        return "failed"
