"""The operator's admin endpoints against the real reference server on 127.0.0.1, and the
``kiosk central …`` commands over them: the token guards every one (401, nothing changed), a bad
catalog is refused with its Vietnamese problem list (nothing published), a published catalog,
status, block or revocation reaches the devices."""

from __future__ import annotations

import copy
import json
import os
import stat
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from app.cli import main
from kiosk.models import CentralStatus, Procedure, RegisterBlock
from sync.central_server import CentralServer
from sync.client import API
from sync.pulls import Puller
from sync.server.admin import load_admin_token
from sync.server.store import catalog_versions, enrolment_codes
from tests.sync.helpers import AGENCY, dossier_payload, enrolled_client, item

ADMIN = f"{API}/admin"
SEED = json.loads(Path("resources/catalog/seed.json").read_text("utf-8"))


@pytest.fixture
def server(tmp_path):
    srv = CentralServer(tmp_path / "central", port=0, require_signatures=True).start()
    yield srv
    srv.stop()


def small_catalog(n: int = 2) -> dict:
    doc = copy.deepcopy(SEED)
    doc["procedures"] = doc["procedures"][:n]
    return doc


def cli(server, tmp_path, *args: str) -> int:
    token = tmp_path / "central" / "admin-token"
    return main(["central", *args, "--url", server.url, "--token-file", str(token)])


def rows(server, table) -> int:
    with server.store.engine.connect() as db:
        return db.scalar(select(func.count()).select_from(table))


def test_the_token_file_is_made_once_private_and_the_env_wins(tmp_path, monkeypatch):
    monkeypatch.delenv("KIOSK_CENTRAL_ADMIN_TOKEN", raising=False)
    first = load_admin_token(tmp_path)
    path = tmp_path / "admin-token"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and len(first) >= 40
    assert load_admin_token(tmp_path) == first  # kept across restarts
    monkeypatch.setenv("KIOSK_CENTRAL_ADMIN_TOKEN", "from-the-environment")
    assert load_admin_token(tmp_path) == "from-the-environment"


@pytest.mark.parametrize("auth", [None, "Bearer wrong-token", "Basic eDp5", "Bearer "])
def test_without_the_admin_token_nothing_changes(server, store, tmp_path, auth):
    device, client = enrolled_client(server, store, tmp_path / "keys")
    client.send_item("dossier.accepted", "d-1", json.dumps(item(dossier_payload())).encode())
    seq, codes = server.store.last_seq(), rows(server, enrolment_codes)
    headers = {"Authorization": auth} if auth else {}
    code = dossier_payload()["dossier"]["code"]
    calls = [
        ("catalog", small_catalog()),
        ("holidays", {"name": "x.toml", "text": "[[day]]\ndate = 2026-12-31\nworking = false\n"}),
        (f"dossiers/{code}/status", {"status": "result_ready"}),
        ("code-blocks", {"device_id": device.device_id, "day": "2026-12-07", "size": 5}),
        ("register-blocks", {"agency_code": AGENCY, "year": 2026, "size": 5}),
        ("enrolment-codes", {"agency_code": AGENCY}),
        (f"devices/{device.device_id}/revoke", None),
    ]
    for path, body in calls:
        answer = requests.post(
            f"{server.url}{ADMIN}/{path}", json=body, headers=headers, timeout=30
        )
        assert answer.status_code == 401, path
        assert "khóa quản trị" in answer.json()["message"]
    assert server.store.last_seq() == seq and rows(server, enrolment_codes) == codes
    assert rows(server, catalog_versions) == 0
    assert server.store.public_dossier(code)["status"] == "accepted"
    assert server.store.device(device.device_id) is not None  # not revoked
    assert Puller(client, store.sessions, device).run_once().stopped is None
    client.close()


def test_a_bad_catalog_is_refused_with_its_problems_and_nothing_is_published(
    server, tmp_path, capsys
):
    doc = small_catalog()
    del doc["procedures"][0]["versions"][0]["name"]
    doc["procedures"][1]["code"] = "không phải mã"
    seq = server.store.last_seq()
    answer = requests.post(
        f"{server.url}{ADMIN}/catalog",
        json=doc,
        headers={"Authorization": f"Bearer {server.admin_token}"},
        timeout=60,
    )
    assert answer.status_code == 422
    refused = answer.json()
    assert refused["error"] == "invalid_catalog" and refused["problem_count"] == 2
    assert "không công bố gì" in refused["message"]
    messages = {p["path"]: p["message"] for p in refused["problems"]}
    assert messages["procedures[0].versions[0].name"] == "thiếu tên"
    assert "không đúng dạng" in messages["procedures[1].code"]
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    assert cli(server, tmp_path, "publish-catalog", str(file)) == 2
    err = capsys.readouterr().err
    assert "Danh mục có 2 lỗi" in err and "procedures[0].versions[0].name: thiếu tên" in err
    file.write_bytes(b"\xff\xfe not json")
    assert cli(server, tmp_path, "publish-catalog", str(file)) == 2
    assert "UTF-8" in capsys.readouterr().err
    assert server.store.last_seq() == seq and rows(server, catalog_versions) == 0


def test_a_published_catalog_is_pulled_by_a_device(server, store, tmp_path, capsys):
    device, client = enrolled_client(server, store, tmp_path / "keys")
    file = tmp_path / "catalog.json"
    doc = small_catalog(3)
    file.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    assert cli(server, tmp_path, "publish-catalog", str(file)) == 0
    assert "3 thủ tục" in capsys.readouterr().out
    report = Puller(client, store.sessions, device).run_once()
    assert report.stopped is None and report.catalog == 1
    with store.sessions.begin() as s:
        assert set(s.scalars(select(Procedure.code))) == {p["code"] for p in doc["procedures"]}
    changed = copy.deepcopy(doc)  # a published version is never edited: a new one is needed
    changed["procedures"][0]["versions"][0]["name"] += " (sửa)"
    file.write_text(json.dumps(changed, ensure_ascii=False), "utf-8")
    assert cli(server, tmp_path, "publish-catalog", str(file)) == 2
    assert "đã công bố với nội dung khác" in capsys.readouterr().err
    file.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")  # the same again: harmless
    assert cli(server, tmp_path, "publish-catalog", str(file)) == 0
    assert "0 phiên bản mới" in capsys.readouterr().out
    client.close()


def test_status_blocks_holidays_and_revocation_reach_the_devices(server, store, tmp_path, capsys):
    assert cli(server, tmp_path, "enrol-code", "--agency", "000.00.17.H5") == 2  # bad shape
    assert "QCVN 102" in capsys.readouterr().err
    device, client = enrolled_client(server, store, tmp_path / "keys")
    body = item(dossier_payload())
    assert client.send_item("dossier.accepted", "d-1", json.dumps(body).encode()).kind == "ok"
    code = dossier_payload()["dossier"]["code"]
    assert cli(server, tmp_path, "set-status", code, "result_ready", "--revision", "0") == 2
    assert "phiên bản 1" in capsys.readouterr().err  # the centre holds revision 1
    assert cli(server, tmp_path, "set-status", code, "ready") == 2
    assert cli(server, tmp_path, "set-status", "000.00.17.H05-261207-9999", "returned") == 2
    assert "Không tìm thấy hồ sơ" in capsys.readouterr().err
    assert cli(server, tmp_path, "set-status", code, "result_ready", "--revision", "1") == 0
    assert "phiên bản 1" in capsys.readouterr().out
    holidays = tmp_path / "2026-extra.toml"
    holidays.write_text('[[day]]\ndate = 2026-12-31\nworking = "no"\n', "utf-8")
    assert cli(server, tmp_path, "publish-holidays", str(holidays)) == 2
    assert "Tệp lịch nghỉ 2026-extra.toml, mục [[day]] thứ 1" in capsys.readouterr().err
    holidays.write_text("[[day]\ndate = 2026-12-31\n", "utf-8")
    assert cli(server, tmp_path, "publish-holidays", str(holidays)) == 2
    assert "không phải TOML hợp lệ (dòng 1, cột" in capsys.readouterr().err
    holidays.write_text('[[day]]\ndate = 2026-12-31\nworking = false\nreason = "Bù"\n', "utf-8")
    assert cli(server, tmp_path, "publish-holidays", str(holidays)) == 0
    owner = ["--device", device.device_id]
    assert cli(server, tmp_path, "reserve-codes", *owner, "--day", "2026-12-07") == 0
    assert cli(server, tmp_path, "reserve-register", *owner, "--year", "2026", "--size", "30") == 0
    assert "01/2026: 1–30" in capsys.readouterr().out
    office = ["--agency", AGENCY, "--year", "2026", "--size", "10"]
    assert cli(server, tmp_path, "reserve-register", *office) == 0  # the office's, not pulled
    assert "01/2026: 31–40" in capsys.readouterr().out

    puller = Puller(client, store.sessions, device, holidays_dir=tmp_path / "holidays")
    report = puller.run_once()
    assert report.stopped is None and report.statuses == 2 and report.holidays == 1
    assert report.blocks == 1 and report.register_blocks == 1
    with store.sessions.begin() as s:
        held = s.get(CentralStatus, "d-1")
        assert (held.status, held.revision) == ("result_ready", 1)
        blocks = s.scalars(select(RegisterBlock)).all()
        assert [(b.first, b.last, b.source) for b in blocks] == [(1, 30, "central")]

    assert cli(server, tmp_path, "enrol-code", "--agency", AGENCY, "--label", "Quầy 2") == 0
    assert "Mã đăng ký thiết bị" in capsys.readouterr().out
    assert cli(server, tmp_path, "revoke", device.device_id) == 0
    assert puller.run_once().stopped == "auth"  # its signatures are refused from now on
    assert cli(server, tmp_path, "revoke", "00000000-0000-0000-0000-000000000000") == 2
    client.close()


def test_the_cli_says_when_it_has_no_token_or_no_server(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("KIOSK_CENTRAL_ADMIN_TOKEN", raising=False)
    args = ["central", "enrol-code", "--agency", AGENCY, "--url", "http://127.0.0.1:9"]
    assert main([*args, "--token-file", str(tmp_path / "none")]) == 2
    assert "khóa quản trị" in capsys.readouterr().err
    monkeypatch.setenv("KIOSK_CENTRAL_ADMIN_TOKEN", "t")
    assert main(args) == 2
    assert "không kết nối được" in capsys.readouterr().err
