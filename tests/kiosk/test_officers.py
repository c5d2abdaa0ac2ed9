"""Officer accounts: scrypt hashes, uniform refusal, a rate limit that survives a restart, roles,
audit."""

import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select

from kiosk import audit
from kiosk.db import open_store, sqlite_url
from kiosk.errors import InvalidInput
from kiosk.models import AuditEvent, Officer, local_now
from kiosk.officers import (
    BAD_CREDENTIALS,
    FORGIVE_EVERY,
    FREE_ATTEMPTS,
    OfficerService,
    lockout_delay,
    verify_secret,
)


class Clock:
    def __init__(self):
        self.now = local_now()

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def officers(store, clock):
    return OfficerService(store.sessions, clock=clock)


def stored_hashes(store):
    with store.sessions.begin() as s:
        return {o.username: o.secret_hash for o in s.scalars(select(Officer))}


def events(store):
    with store.sessions.begin() as s:
        return [
            (e.actor, e.action, e.details)
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


def test_officers_hash_is_salted_scrypt_not_the_pin(officers, store):
    officers.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    officers.create("canbo2", "Trần Văn Minh", "officer", "123456")
    hashes = stored_hashes(store)
    assert all(h.startswith("scrypt$") and "123456" not in h for h in hashes.values())
    assert hashes["canbo1"] != hashes["canbo2"]  # a random salt per officer
    assert verify_secret("123456", hashes["canbo1"]) and not verify_secret(
        "123457", hashes["canbo1"]
    )
    assert not verify_secret("123456", "md5$abc")  # a foreign or broken hash never matches


def test_officers_authenticate_normalises_username_and_returns_info(officers):
    created = officers.create("CanBo1", "  Nguyễn   Thị Lan ", "officer", "Mật-khẩu-dài")
    info = officers.authenticate(" canbo1 ", "Mật-khẩu-dài")
    assert info == created
    assert (info.username, info.full_name, info.role) == ("canbo1", "Nguyễn Thị Lan", "officer")


@pytest.mark.parametrize(
    "username, secret", [("canbo1", "654321"), ("khongco", "123456"), ("", "123456")]
)
def test_officers_refusal_does_not_say_which_part_is_wrong(officers, username, secret):
    officers.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    with pytest.raises(InvalidInput) as err:
        officers.authenticate(username, secret)
    assert err.value.message == BAD_CREDENTIALS


def test_officers_inactive_officer_is_refused_like_a_wrong_pin(officers):
    officers.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    officers.deactivate("canbo1")
    with pytest.raises(InvalidInput, match="Sai tên đăng nhập"):
        officers.authenticate("canbo1", "123456")
    assert [o.active for o in officers.list()] == [False]


@pytest.mark.parametrize(
    "secret, words",
    [
        ("12345", "ít nhất 6 chữ số"),
        ("abc1234", "ít nhất 8 ký tự"),
        (" 123456", "khoảng trắng"),
        ("", "trống"),
    ],
)
def test_officers_weak_secret_is_refused_and_nothing_saved(officers, secret, words):
    with pytest.raises(InvalidInput, match=words):
        officers.create("canbo1", "Nguyễn Thị Lan", "officer", secret)
    assert officers.list() == []


def test_officers_username_role_and_duplicates_are_checked(officers):
    with pytest.raises(InvalidInput, match="Tên đăng nhập"):
        officers.create("cán bộ", "Nguyễn Thị Lan", "officer", "123456")
    with pytest.raises(InvalidInput, match="Vai trò"):
        officers.create("canbo1", "Nguyễn Thị Lan", "admin", "123456")
    officers.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    with pytest.raises(InvalidInput, match="đã có người dùng"):
        officers.create("CANBO1", "Người khác", "officer", "999999")


def test_officers_lockout_delay_grows_and_is_capped():
    delays = [lockout_delay(n) for n in range(1, 12)]
    assert delays[: FREE_ATTEMPTS - 1] == [None] * (FREE_ATTEMPTS - 1)
    grown = [d for d in delays if d]
    assert grown == sorted(grown) and grown[1] == 2 * grown[0]
    assert lockout_delay(100) == timedelta(minutes=30)


def test_officers_rate_limit_survives_reopening_the_store(open_db, clock):
    store = open_db()
    service = OfficerService(store.sessions, clock=clock)
    service.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(InvalidInput, match="Sai tên"):
            service.authenticate("canbo1", "000000")
    store.close()

    store = open_db()  # the app restarted
    service = OfficerService(store.sessions, clock=clock)
    with pytest.raises(InvalidInput, match="thử lại sau 30 giây"):
        service.authenticate("canbo1", "123456")  # even the right PIN waits
    clock.now += timedelta(seconds=31)
    assert service.authenticate("canbo1", "123456").username == "canbo1"
    assert service.failures("canbo1") == 0  # success clears the count
    store.close()


def test_officers_unknown_usernames_are_throttled_too(officers, clock):
    for _ in range(FREE_ATTEMPTS + 1):
        clock.now += timedelta(minutes=5)
        with pytest.raises(InvalidInput):
            officers.authenticate("doan-ten", "123456")
    with pytest.raises(InvalidInput, match="thử lại sau 1 phút"):
        officers.authenticate("doan-ten", "123456")  # 6 failures: 60 s


def fail(service, username="giamsat", times=1):
    for _ in range(times):
        with pytest.raises(InvalidInput, match="Sai tên"):
            service.authenticate(username, "000000")


def test_officers_one_slip_every_half_hour_never_locks_out(officers, clock):
    officers.create("giamsat", "Lê Hoàng Nam", "supervisor", "654321")
    for _ in range(20):  # ten hours of occasional slips
        fail(officers)
        clock.now += timedelta(minutes=30)
        assert officers.failures("giamsat") == 0
    assert officers.authenticate("giamsat", "654321").role == "supervisor"


def test_officers_the_delay_grows_with_recent_failures_only(officers, clock):
    officers.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    fail(officers, "canbo1", FREE_ATTEMPTS)  # a burst: locked for 30 s
    for _ in range(2):  # two more, each after the delay
        clock.now += timedelta(minutes=1, seconds=1)
        fail(officers, "canbo1")
    with pytest.raises(InvalidInput, match="thử lại sau 2 phút"):
        officers.authenticate("canbo1", "123456")
    assert officers.failures("canbo1") == FREE_ATTEMPTS + 2
    clock.now += 3 * FORGIVE_EVERY  # three failures forgiven
    assert officers.failures("canbo1") == FREE_ATTEMPTS - 1
    fail(officers, "canbo1")  # 5 recent again: 30 s, not 4 min
    with pytest.raises(InvalidInput, match="thử lại sau 30 giây"):
        officers.authenticate("canbo1", "123456")
    clock.now += 5 * FORGIVE_EVERY
    assert officers.failures("canbo1") == 0
    fail(officers, "canbo1")
    assert officers.authenticate("canbo1", "123456").username == "canbo1"


def test_officers_a_supervisor_unlocks_and_it_is_audited(officers, store, clock):
    officers.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    boss = officers.create("giamsat", "Lê Hoàng Nam", "supervisor", "654321")
    fail(officers, "canbo1", FREE_ATTEMPTS)
    with pytest.raises(InvalidInput, match="thử lại sau"):
        officers.authenticate("canbo1", "123456")
    assert officers.unlock("CanBo1 ", by=boss, counter=2) == FREE_ATTEMPTS
    assert officers.failures("canbo1") == 0
    assert officers.authenticate("canbo1", "123456").username == "canbo1"
    unlocked = [e for e in events(store) if e[1] == "officer.unlocked"]
    assert unlocked == [("giamsat", "officer.unlocked", {"counter": 2, "failures": FREE_ATTEMPTS})]
    with store.sessions.begin() as s:
        assert audit.verify_chain(s) is None


def test_officers_only_an_active_supervisor_can_unlock(officers, store):
    clerk = officers.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    tech = officers.create("kythuat", "Phạm Quốc Huy", "technician", "111222")
    boss = officers.create("giamsat", "Lê Hoàng Nam", "supervisor", "654321")
    fail(officers, "canbo1", FREE_ATTEMPTS)
    officers.deactivate("giamsat")
    before = events(store)
    for caller in (clerk, tech, boss):
        with pytest.raises(InvalidInput, match="Chỉ giám sát viên"):
            officers.unlock("canbo1", by=caller)
    assert officers.failures("canbo1") == FREE_ATTEMPTS and events(store) == before
    second = officers.create("giamsat2", "Võ Minh Châu", "supervisor", "135790")
    with pytest.raises(InvalidInput, match="Không có cán bộ"):
        officers.unlock("khong-co", by=second)


def test_officers_set_secret_replaces_pin_and_clears_delay(officers):
    officers.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(InvalidInput):
            officers.authenticate("canbo1", "000000")
    officers.set_secret("canbo1", "Mật khẩu mới 2026")
    with pytest.raises(InvalidInput):
        officers.authenticate("canbo1", "123456")
    assert officers.authenticate("canbo1", "Mật khẩu mới 2026").username == "canbo1"


def test_officers_verify_supervisor_needs_the_supervisor_role(officers):
    officers.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    officers.create("giamsat", "Lê Hoàng Nam", "supervisor", "654321")
    officers.create("kythuat", "Phạm Quốc Huy", "technician", "111222")
    assert officers.verify_supervisor("giamsat", "654321").role == "supervisor"
    for name, pin in (("canbo1", "123456"), ("kythuat", "111222")):
        with pytest.raises(InvalidInput, match="không có quyền giám sát"):
            officers.verify_supervisor(name, pin)
    with pytest.raises(InvalidInput, match="Sai tên"):
        officers.verify_supervisor("giamsat", "000000")
    assert sorted(o.role for o in officers.list()) == ["officer", "supervisor", "technician"]


def test_officers_signin_failure_lock_and_signout_are_audited_without_secrets(officers, store):
    info = officers.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    officers.authenticate("canbo1", "123456", counter=3)
    with pytest.raises(InvalidInput):
        officers.authenticate("canbo1", "987654", counter=3)
    with pytest.raises(InvalidInput):
        officers.authenticate("444555666", "123456", counter=3)  # a PIN typed into the name field
    officers.record_lock(info.id, counter=3, reason="idle")
    officers.sign_out(info.id, counter=3)
    log = events(store)
    assert [a for _, a, _ in log] == [
        "officer.created",
        "officer.signin",
        "officer.signin_failed",
        "officer.signin_failed",
        "officer.locked",
        "officer.signout",
    ]
    assert log[2][2]["reason"] == "bad_secret" and log[3] == (
        "unknown",
        "officer.signin_failed",
        {"purpose": "signin", "counter": 3, "reason": "unknown_user", "failures": 1},
    )
    text = repr(log)
    assert "123456" not in text and "987654" not in text and "444555666" not in text
    with store.sessions.begin() as s:
        assert audit.verify_chain(s) is None


def test_officers_cli_add_reads_pin_from_stdin_and_lists(tmp_path):
    env = {
        "KIOSK_DATA_DIR": str(tmp_path / "data"),
        "KIOSK_CONFIG_DIR": str(tmp_path / "config"),
        "PATH": "/usr/bin:/bin",
    }

    def kiosk(*args, stdin=""):
        return subprocess.run(
            [sys.executable, "-m", "app", "officers", *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )

    added = kiosk("add", "canbo9", "--name", "Đỗ Thu Hà", "--role", "supervisor", stdin="246810\n")
    assert added.returncode == 0, added.stderr
    assert "Đã thêm canbo9 — Đỗ Thu Hà (giám sát)" in added.stdout
    weak = kiosk("add", "canbo8", "--name", "Ai Đó", stdin="12\n")
    assert weak.returncode == 2 and "ít nhất 6 chữ số" in weak.stderr
    listed = kiosk("list")
    assert "canbo9" in listed.stdout and "canbo8" not in listed.stdout
    store = open_store(sqlite_url(tmp_path / "data" / "kiosk.sqlite3"))
    assert OfficerService(store.sessions).authenticate("canbo9", "246810").role == "supervisor"
    store.close()


def test_officers_cli_unlock_needs_the_supervisors_pin(tmp_path):
    env = {
        "KIOSK_DATA_DIR": str(tmp_path / "data"),
        "KIOSK_CONFIG_DIR": str(tmp_path / "config"),
        "PATH": "/usr/bin:/bin",
    }
    store = open_store(sqlite_url(tmp_path / "data" / "kiosk.sqlite3"))
    service = OfficerService(store.sessions)
    service.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    service.create("giamsat", "Lê Hoàng Nam", "supervisor", "654321")
    fail(service, "canbo1", FREE_ATTEMPTS)

    def unlock(pin):
        return subprocess.run(
            [sys.executable, "-m", "app", "officers", "unlock", "canbo1", "--by", "giamsat"],
            input=pin + "\n",
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )

    wrong = unlock("999999")
    assert wrong.returncode == 2 and "Sai tên đăng nhập" in wrong.stderr
    assert service.failures("canbo1") == FREE_ATTEMPTS
    done = unlock("654321")
    assert done.returncode == 0, done.stderr
    assert "Đã mở khóa đăng nhập cho canbo1" in done.stdout
    assert service.failures("canbo1") == 0
    store.close()
