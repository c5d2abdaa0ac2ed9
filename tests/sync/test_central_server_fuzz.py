"""Fuzzing the reference central server over real HTTP on 127.0.0.1, with raw sockets.

Two generators: outbox items with hostile fields (huge or fractional revisions, wrong types, deep
nesting, lone surrogates, a wrong or right SHA-256) in well-framed requests, and malformed framing
(odd methods, paths, versions, Content-Length values, duplicate or chunked headers, non-UTF-8
bodies). A crash is a 500, an answer that is not JSON with a Vietnamese message, an exception that
reaches the server, or an item stored without a 201.
"""

from __future__ import annotations

import json
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.canonical import canonical_json, canonical_sha256
from sync.central_server import CentralServer
from tests.fuzzing import Tally, fuzz

PAYLOAD = {"code": "000.31.27.H56-250101-0001", "tên": "Nguyễn Văn A"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = CentralServer(tmp_path_factory.mktemp("central"), port=0, idle_timeout=5).start()
    yield srv
    srv.stop()


def exchange(server, data: bytes) -> bytes:
    with socket.create_connection(server.address[:2], timeout=30) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered and closed before reading everything
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except OSError:
            pass  # closed with unread request bytes; what arrived before stands
    return answer


def judge(tally: Tally, server, data: bytes) -> None:
    before, unhandled = server.store.count(), server.unhandled
    tally.cases += 1
    answer = exchange(server, data)
    stored = server.store.count() - before
    if server.unhandled != unhandled:
        tally.crash("an exception reached the server")
    if not answer:
        if data.strip() and stored:
            tally.crash("stored without an answer")
        return  # the client sent nothing usable, or the socket was reset: nothing to answer
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    if status >= 500 and status not in (501, 503):
        tally.crash(f"status {status}")
    try:
        parsed = json.loads(body) if body else None
    except ValueError:
        tally.crash(f"status {status} with a body that is not JSON")
        return
    has_message = isinstance(parsed, dict) and parsed.get("message")
    if status >= 400 and not has_message and not data.startswith(b"HEAD "):
        tally.crash(f"status {status} without a message")
    if stored and status != 201:
        tally.crash(f"stored with status {status}")


def frame(
    body: bytes, method=b"POST", path=b"/api/v1/items", version=b"HTTP/1.1", headers=None
) -> bytes:
    if headers is None:
        headers = [b"Content-Length: " + str(len(body)).encode()]
    return b"%s %s %s\r\n%s\r\n%s" % (
        method,
        path,
        version,
        b"".join(h + b"\r\n" for h in headers),
        body,
    )


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers().map(str),
    st.floats().map(repr),
    st.sampled_from(
        [
            "1e999",
            "-1e999",
            "NaN",
            "Infinity",
            "9" * 5000,
            "1" * 25,
            "-0",
            "0.0",
            '"\\ud800"',
            '"\\udfff x"',
            '"\\u0000"',
        ]
    ),
    st.text(max_size=30).map(lambda s: json.dumps(s)),
).map(lambda v: "null" if v is None else ("true" if v is True else ("false" if v is False else v)))
json_values = st.one_of(
    json_scalars,
    st.recursive(
        json_scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda xs: "[" + ",".join(xs) + "]"),
            st.dictionaries(st.text(max_size=5), inner, max_size=3).map(
                lambda d: "{" + ",".join(f"{json.dumps(k)}:{v}" for k, v in d.items()) + "}"
            ),
        ),
        max_leaves=6,
    ),
    st.integers(1, 50_000).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 200).map(lambda n: '{"a":' * n + "1" + "}" * n),
)


@st.composite
def items(draw) -> bytes:
    """An outbox item, each field kept, dropped or replaced; a payload with its own SHA-256."""
    payload = draw(
        st.one_of(
            st.just(PAYLOAD), st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3)
        )
    )
    good = {
        "idempotency_key": json.dumps(draw(st.uuids()).hex),
        "kind": '"dossier.accepted"',
        "entity_id": json.dumps(draw(st.uuids()).hex),
        "revision": str(draw(st.integers(0, 5))),
        "payload": canonical_json(payload),
        "payload_sha256": json.dumps(canonical_sha256(payload)),
    }
    fields = []
    for name, value in good.items():
        fate = draw(st.sampled_from(["good", "good", "good", "bad", "drop"]))
        if fate != "drop":
            fields.append(f"{json.dumps(name)}:{value if fate == 'good' else draw(json_values)}")
    return ("{" + ",".join(fields) + "}").encode("utf-8", "surrogatepass")


def test_hostile_items_never_crash_the_server(server):
    tally = Tally("central server, outbox items")

    @fuzz()
    @given(items())
    def case(body):
        judge(tally, server, frame(body))

    case()
    tally.check()


lengths = st.one_of(
    st.sampled_from(
        [
            b"",
            b"-1",
            b"abc",
            "１２".encode(),
            b"1e3",
            b" 5",
            b"0x10",
            b"99999999999",
            b"9" * 40,
            b"21000000",
            b"0",
        ]
    ),
    st.integers(0, 400).map(lambda n: str(n).encode()),
)
header_lines = st.lists(
    st.one_of(
        lengths.map(lambda v: b"Content-Length: " + v),
        st.sampled_from(
            [
                b"Transfer-Encoding: chunked",
                b"Expect: 100-continue",
                b"Host: x",
                b"Connection: keep-alive",
                b"no colon here",
                b": empty name",
                b"X-Long: " + b"a" * 70000,
            ]
        ),
        st.binary(max_size=40).filter(lambda b: b"\r\n" not in b),
    ),
    max_size=4,
)


@st.composite
def framings(draw) -> bytes:
    body = draw(st.one_of(st.binary(max_size=200), items()))
    return frame(
        body,
        method=draw(
            st.sampled_from(
                [b"POST", b"POST", b"GET", b"HEAD", b"PUT", b"BREW", b"", b"P\xc3\x96ST"]
            )
        ),
        path=draw(
            st.sampled_from(
                [
                    b"/api/v1/items",
                    b"/api/v1/health",
                    b"/",
                    b"*",
                    b"/api/v1/items?x=\xff",
                    b"/" + b"a" * 70000,
                    b"",
                ]
            )
        ),
        version=draw(
            st.sampled_from([b"HTTP/1.1", b"HTTP/1.0", b"HTTP/9.9", b"HTTP/1", b"", b"FTP/1.0"])
        ),
        headers=draw(st.one_of(st.none(), header_lines)),
    )


def test_malformed_framing_never_crashes_the_server(server):
    tally = Tally("central server, malformed framing")

    @fuzz()
    @given(st.one_of(framings(), st.binary(max_size=300)))
    def case(data):
        judge(tally, server, data)

    case()
    tally.check()
