"""Whatever a network answers (any status, headers, bytes), the client classifies it and never
raises: a captive portal, a proxy or a broken server only makes an item wait."""

from __future__ import annotations

import json

import requests
from hypothesis import given
from hypothesis import strategies as st

from sync.client import MAX_RETRY_AFTER, _retry_after, classify
from tests.fuzzing import fuzz

KINDS = {"ok", "conflict", "auth", "fatal", "transient"}


def response(status: int, content_type: str, body: bytes, retry_after: str | None):
    answer = requests.Response()
    answer.status_code = status
    answer.headers["Content-Type"] = content_type
    if retry_after is not None:
        answer.headers["Retry-After"] = retry_after
    answer._content = body
    return answer


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


@fuzz()
@given(
    status=st.integers(100, 599),
    content_type=st.sampled_from(["application/json", "text/html", "", "application/json; x"]),
    body=st.one_of(
        st.binary(max_size=200),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.fixed_dictionaries(
            {"status": st.sampled_from(["acknowledged", "x"])},
            optional={"error": st.text(max_size=50)},
        ).map(lambda v: json.dumps(v).encode()),
    ),
    retry_after=st.none() | st.text(max_size=40) | st.integers(-5, 10**9).map(str),
)
def test_any_answer_is_classified(status, content_type, body, retry_after):
    outcome = classify(response(status, content_type, body, retry_after))
    assert outcome.kind in KINDS and outcome.detail
    if outcome.kind == "ok":
        assert status in (200, 201) and outcome.receipt["status"] == "acknowledged"
    if "json" not in content_type:
        assert outcome.kind == "transient"  # HTML or nothing: never taken for the central system
    if outcome.retry_after is not None:
        assert 0 <= outcome.retry_after <= MAX_RETRY_AFTER


def test_retry_after_forms():
    assert _retry_after("120") == 120.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past: now
    assert _retry_after("10" * 10) == MAX_RETRY_AFTER
    assert _retry_after("soon") is None and _retry_after(None) is None
    assert _retry_after("²") is None and _retry_after("٣٠") is None  # found by the fuzzer
