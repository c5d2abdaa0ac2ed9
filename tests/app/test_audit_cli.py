"""``kiosk audit verify``, the audit check of ``kiosk doctor``, and the OS user as the actor of
officer commands run in a terminal."""

import getpass
import sqlite3
import subprocess
import sys

from sqlalchemy import select

from kiosk.db import open_store
from kiosk.models import AuditEvent
from kiosk.paths import AppPaths


def kiosk(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )


def test_verify_says_ok_with_the_count_then_names_the_broken_event():
    assert (
        kiosk("officers", "add", "lan", "--name", "Nguyễn Thị Lan", stdin="123456\n").returncode
        == 0
    )
    assert kiosk("officers", "deactivate", "lan").returncode == 0
    paths = AppPaths.for_machine()
    store = open_store(paths.store_url)
    with store.reads() as s:
        log = s.execute(
            select(AuditEvent.id, AuditEvent.actor, AuditEvent.action).order_by(AuditEvent.id)
        ).all()
    store.close()
    assert [(a, b) for _, a, b in log] == [
        (f"os:{getpass.getuser()}", "officer.created"),
        (f"os:{getpass.getuser()}", "officer.deactivated"),
    ]

    ok = kiosk("audit", "verify")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "Nhật ký kiểm tra nguyên vẹn: 2 sự kiện, chuỗi khóa hợp lệ."

    with sqlite3.connect(paths.store_file) as con:
        con.execute("UPDATE audit_events SET actor = 'os:someone' WHERE id = ?", (log[1][0],))
    bad = kiosk("audit", "verify")
    assert bad.returncode == 1
    assert f"bị phá vỡ (sự kiện #{log[1][0]})" in bad.stdout and "bị sửa" in bad.stdout

    doctor = kiosk("doctor")
    assert f"✘ Nhật ký kiểm tra: Nhật ký kiểm tra bị phá vỡ (sự kiện #{log[1][0]})" in doctor.stdout


def test_verify_without_a_store_is_an_error_and_creates_nothing():
    result = kiosk("audit", "verify")
    assert result.returncode == 2 and result.stderr.startswith("Lỗi: Chưa có kho dữ liệu")
    assert not AppPaths.for_machine().store_file.exists()


def test_doctor_checks_the_audit_chain():
    open_store(AppPaths.for_machine().store_url).close()
    assert "✔ Nhật ký kiểm tra: 0 sự kiện, chuỗi khóa nguyên vẹn" in kiosk("doctor").stdout
