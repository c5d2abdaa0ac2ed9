"""uvicorn's h11 protocol with the central server's manners on the wire.

- A request uvicorn cannot parse (bad request line, headers, Content-Length) gets a JSON 400 with
  a Vietnamese message, like every other answer, instead of a plain-text one.
- A connection that never sends a request is closed after the keep-alive timeout (uvicorn arms
  that timer only after a first answer).
- A client that half-closes its side still gets its answer (a body cut short ends there, and
  the app answers 408).
- The app can reach the connection (``scope["extensions"]["kiosk.transport"]``) for the one thing
  ASGI cannot express: the fault switch that drops a connection without an answer.
"""

from __future__ import annotations

import json
from http import HTTPStatus

from uvicorn.protocols.http.h11_impl import H11Protocol

from sync.server.errors import BAD_FRAMING, Refused


class KioskH11Protocol(H11Protocol):
    _eof = False

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None:
            extensions = self.cycle.scope.setdefault("extensions", {})
            extensions.setdefault("kiosk.transport", self.transport)

    def eof_received(self) -> bool | None:
        cycle = self.cycle
        if cycle is None or cycle.response_complete:
            return None  # nothing in flight: close
        if cycle.more_body:  # the body stops short of its Content-Length: the app sees it end
            cycle.more_body = False  # here, and answers (408, or 413 for a length it refuses)
            cycle.message_event.set()
        self._eof = True
        return True  # keep our side open for the answer

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._eof and not self.transport.is_closing():
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        self._refuse(BAD_FRAMING)

    def _refuse(self, refusal: Refused) -> None:
        """Write a JSON refusal and close (the request could not be read, so nothing else
        follows on this connection)."""
        body = json.dumps(refusal.body(), ensure_ascii=False).encode("utf-8")
        phrase = HTTPStatus(refusal.status).phrase.encode()
        head = (
            b"HTTP/1.1 %d %s\r\ncontent-type: application/json; charset=utf-8\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n"
        ) % (refusal.status, phrase, len(body))
        if self.cycle is not None:
            self.cycle.disconnected = True  # the app, if it runs, answers no one
            self.cycle.message_event.set()
        self.transport.write(head + body)
        self.transport.close()
