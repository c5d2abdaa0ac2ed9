"""The reference central server (``kiosk central serve``, ``kiosk demo``, tests): FastAPI on
uvicorn (sync/server/app.py says why), a SQLAlchemy store (SQLite by default, PostgreSQL for a
pilot) and blobs on disk behind a seam that maps onto S3 (sync/server/blobstore.py).

``CentralServer`` binds 127.0.0.1 itself (port 0: any free port, known before it starts) and runs
uvicorn in a background thread (``start``) or in the foreground (``serve_forever``).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path

import uvicorn

from kiosk.db import sqlite_url
from sync.server.admin import load_admin_token
from sync.server.app import FAULTS, PORTAL_PAGE, Faults, ServerState, create_app
from sync.server.blobstore import DiskBlobs
from sync.server.protocol import KioskH11Protocol
from sync.server.store import CentralStore

__all__ = ["FAULTS", "PORTAL_PAGE", "CentralServer", "Faults"]
log = logging.getLogger(__name__)
IDLE_TIMEOUT = 30.0  # seconds a connection may stay silent


class CentralServer:
    """The reference server on 127.0.0.1.

    ``require_signatures``: refuse unsigned device requests (401). The default, False, still
    verifies every signature that is sent (a bad one is a 401) and lets unsigned ones through:
    development, ``kiosk demo`` and tests of the outbox alone. ``kiosk central serve`` requires
    them unless told otherwise. Pulls and code blocks always need a signed, enrolled device.

    ``admin_token``: the operator's bearer token for ``/api/v1/admin``; by default
    ``KIOSK_CENTRAL_ADMIN_TOKEN`` or the data directory's ``admin-token`` (made at the first start,
    mode 0600; sync/server/admin.py).
    """

    def __init__(
        self,
        data_dir: Path,
        port: int = 8765,
        *,
        idle_timeout: float = IDLE_TIMEOUT,
        busy_timeout: float = 15.0,
        database_url: str | None = None,
        require_signatures: bool = False,
        admin_token: str | None = None,
    ) -> None:
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        self.admin_token = admin_token or load_admin_token(data_dir)
        self.store = CentralStore(
            database_url or sqlite_url(data_dir / "central.sqlite3"), busy_timeout=busy_timeout
        )
        self.state = ServerState(
            store=self.store,
            blobs=DiskBlobs(data_dir / "blobs"),
            require_signatures=require_signatures,
            idle_timeout=idle_timeout,
            admin_token=self.admin_token,
        )
        self.faults = self.state.faults
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind(("127.0.0.1", port))
        except OSError:
            self.socket.close()
            self.store.close()
            raise
        self.socket.listen(128)
        self.address = self.socket.getsockname()[:2]
        self._server = uvicorn.Server(
            uvicorn.Config(
                create_app(self.state),
                http=KioskH11Protocol,
                ws="none",
                lifespan="off",
                log_level="warning",
                access_log=False,
                timeout_keep_alive=idle_timeout,  # also closes a connection that never speaks
                timeout_graceful_shutdown=2,
            )
        )
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}"

    @property
    def unhandled(self) -> int:
        return self.state.unhandled

    @property
    def upload_bytes(self) -> int:
        """Bytes of upload chunks received so far (resume tests measure it)."""
        return self.state.upload_bytes

    def start(self) -> CentralServer:
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self.socket]},
            name="central-server",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the central server did not start")
            time.sleep(0.01)
        return self

    def serve_forever(self) -> None:
        self._server.run(sockets=[self.socket])

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.close()

    def close(self) -> None:
        """Release the port and the store (a server that was never started, too)."""
        self.socket.close()
        self.store.close()
