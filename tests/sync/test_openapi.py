"""sync/openapi.yaml is a valid OpenAPI 3.1 document, and the real server's answers match it."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import requests
import yaml
from openapi_spec_validator import validate

from kiosk.canonical import canonical_sha256
from sync.central_server import CentralServer

SPEC = yaml.safe_load((Path(__file__).parents[2] / "sync" / "openapi.yaml").read_text("utf-8"))


def test_the_contract_is_valid_openapi_3_1():
    validate(SPEC)
    assert SPEC["openapi"].startswith("3.1")


@pytest.fixture
def server(tmp_path):
    srv = CentralServer(tmp_path, port=0).start()
    yield srv
    srv.stop()


def _check(path: str, method: str, answer: requests.Response) -> None:
    """The answer's status is documented and its body matches the documented schema."""
    responses = SPEC["paths"][path][method]["responses"]
    assert str(answer.status_code) in responses, answer.status_code
    spec = responses[str(answer.status_code)]
    if "$ref" in spec:
        spec = SPEC["components"]["responses"][spec["$ref"].rsplit("/", 1)[1]]
    schema = spec["content"]["application/json"]["schema"]
    jsonschema.validate(
        answer.json(), {"$ref": "#/x", "x": schema, "components": SPEC["components"]}
    )
    if answer.status_code == 503:
        assert int(answer.headers["Retry-After"]) >= 0


def _item(payload, key="k-1", revision=1):
    return {
        "idempotency_key": key,
        "kind": "dossier.accepted",
        "entity_id": "d-1",
        "revision": revision,
        "payload": payload,
        "payload_sha256": canonical_sha256(payload),
    }


def test_every_answer_of_the_server_matches_the_contract(server):
    items = f"{server.url}/api/v1/items"
    body = _item({"code": "X-1"})
    jsonschema.validate(
        body, {"$ref": "#/components/schemas/Item", "components": SPEC["components"]}
    )
    answers = [
        requests.post(items, json=body, timeout=5),  # 201
        requests.post(items, json=body, timeout=5),  # 200 duplicate
        requests.post(items, json=_item({"code": "X-2"}, key="k-2"), timeout=5),  # 409
        requests.post(items, data=b"not json", timeout=5),  # 400
        requests.post(
            items, json={**_item({"a": 1}, key="k-3"), "payload_sha256": "0" * 64}, timeout=5
        ),  # 422
        requests.post(f"{server.url}/api/v1/nowhere", json=body, timeout=5),  # 404
    ]
    server.faults.inject("503", "500")
    answers += [requests.post(items, json=_item({"b": 1}, key="k-4"), timeout=5) for _ in "ab"]
    assert [a.status_code for a in answers] == [201, 200, 409, 400, 422, 404, 503, 500]
    for answer in answers:
        _check("/api/v1/items", "post", answer)
    _check("/api/v1/health", "get", requests.get(f"{server.url}/api/v1/health", timeout=5))
