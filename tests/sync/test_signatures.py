"""RFC 9421 signatures with Ed25519 and Content-Digest (sync/signatures.py): the signature base has
the RFC's shape, a signed request verifies, any change to what is covered does not, and any header
text whatever is refused with a SignatureError, never another exception."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from sync.signatures import (
    SignatureError,
    Signer,
    content_digest,
    load_public_key,
    public_key_text,
    signature_base,
    verify,
)
from tests.fuzzing import fuzz

KEY = Ed25519PrivateKey.generate()
NOW = 1_765_000_000
SIGNER = Signer(KEY, "dev-1", clock=lambda: NOW)


def headers_for(method="PUT", path="/api/v1/dossiers/d-1", query="", body=b"{}") -> dict:
    return {k.lower(): v for k, v in SIGNER.headers(method, path, query, body).items()}


def check(headers, method="PUT", path="/api/v1/dossiers/d-1", query="", body=b"{}", now=NOW):
    keys = {"dev-1": KEY.public_key()}
    return verify(method, path, query, headers, body, keys.get, now=now)


def test_the_signature_base_is_the_rfc_9421_one():
    digest = content_digest(b"{}")
    assert digest == "sha-256=:" + base64.b64encode(hashlib.sha256(b"{}").digest()).decode() + ":"
    params = '("@method" "@path" "@query" "content-digest");created=1;keyid="k";alg="ed25519"'
    base = signature_base("put", "/p", "a=1", digest, params)
    assert base.decode().split("\n") == [
        '"@method": PUT',
        '"@path": /p',
        '"@query": ?a=1',
        f'"content-digest": {digest}',
        f'"@signature-params": {params}',
    ]


def test_a_signed_request_verifies_and_any_change_does_not():
    headers = headers_for()
    signed = check(headers)
    assert signed.key_id == "dev-1" and signed.created == NOW and len(signed.nonce) >= 16
    changes = {
        "method": dict(method="POST"),
        "path": dict(path="/api/v1/dossiers/d-2"),
        "query": dict(query="since=1"),
    }
    for name, change in changes.items():
        with pytest.raises(SignatureError) as err:
            check(headers, **change)
        assert err.value.code == "bad_signature", name
    with pytest.raises(SignatureError, match="Content-Digest"):
        check(headers, body=b"[]")
    with pytest.raises(SignatureError) as err:
        check(headers, now=NOW + 301)
    assert err.value.code == "stale_signature"
    assert load_public_key(public_key_text(KEY.public_key())) is not None
    assert load_public_key("AAAA") is None and load_public_key("%%%") is None


@fuzz()
@given(
    signature_input=st.one_of(
        st.none(),
        st.text(max_size=200),
        st.just(headers_for()["signature-input"]).map(lambda s: s.replace("ed25519", "rsa")),
        st.just(headers_for()["signature-input"]).map(lambda s: s.replace("created=", "x=")),
    ),
    signature=st.one_of(st.none(), st.text(max_size=120), st.just(headers_for()["signature"])),
    digest=st.one_of(st.none(), st.text(max_size=80), st.just(content_digest(b"{}"))),
)
def test_any_header_text_is_refused_cleanly(signature_input, signature, digest):
    headers = {
        name: value
        for name, value in (
            ("signature-input", signature_input),
            ("signature", signature),
            ("content-digest", digest),
        )
        if value is not None
    }
    with pytest.raises(SignatureError) as err:
        check(headers)
    assert err.value.vi and err.value.en and err.value.vi != err.value.en
