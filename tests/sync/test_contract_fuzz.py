"""Schemathesis against the live reference server on 127.0.0.1, from sync/openapi.yaml: no server
errors, and every answer (status, headers, body) matches the contract.

SCHEMATHESIS_EXAMPLES (default 10) sets the examples per operation. The server accepts unsigned
device requests here, so the item, dossier, rating and blob operations are exercised beyond their
signature check; pulls and code blocks answer 401 to unsigned requests, as documented. The admin
operations get the server's admin token (and schemathesis checks they refuse a request without
it). Every other
check of schemathesis runs (server errors, status codes, content types, headers, bodies, 405 with
Allow for undeclared methods, refusal of schema-invalid data)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from sync.central_server import CentralServer

SPEC = Path(__file__).parents[2] / "sync" / "openapi.yaml"
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10"))
schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")
schema = schemathesis.openapi.from_path(SPEC)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    srv = CentralServer(tmp_path_factory.mktemp("central"), port=0).start()
    yield srv
    srv.stop()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_live_server_keeps_its_contract(case, live):
    # Not checked: "schema-valid data is accepted". A payload's SHA-256, a signature and a blob's
    # hash are constraints no schema can state, so most generated items are rightly refused.
    case.call_and_validate(
        base_url=live.url,
        headers={"Authorization": f"Bearer {live.admin_token}"},  # the admin operations' token
        excluded_checks=[positive_data_acceptance],
    )
    assert live.unhandled == 0
