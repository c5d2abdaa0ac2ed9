"""Officers: accounts, PIN/password hashing, sign-in with a persisted rate limit, and audit.

Secrets are hashed with scrypt (``hashlib``); ``Officer.secret_hash`` holds the algorithm, its
parameters and a random salt, so the parameters can be raised later without breaking old hashes
(a sign-in with old parameters re-hashes). A secret is a PIN of at least 6 digits or a password of
at least 8 characters.

Rate limit: after ``FREE_ATTEMPTS`` recent failures for one typed username (known or not, so
nothing tells which names exist), further attempts are refused for a delay that doubles with each
failure, up to ``MAX_DELAY``. Failures are forgiven one per ``FORGIVE_EVERY`` since the last one,
so the delay grows with recent failures only: an occasional slip never adds up to a lock-out, and
a lock ends at most ``MAX_DELAY`` after the last attempt. A supervisor can lift it at once
(``unlock``). Failures are rows of ``signin_failures`` and survive a restart. Every sign-in,
failure, lock and sign-out is audited without the secret; the username of a failed attempt is
recorded only if it names an officer (someone may have typed the PIN into the username field).

Each public method is one transaction (``BEGIN IMMEDIATE``); call them off the GUI thread.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import math
import re
import secrets as _secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk import audit
from kiosk.errors import InvalidInput
from kiosk.models import Officer, SigninFailure, local_now
from kiosk.timeutil import aware

ROLES = ("officer", "supervisor", "technician")
ROLE_NAMES = {
    "officer": "cán bộ tiếp nhận",
    "supervisor": "giám sát",
    "technician": "kỹ thuật viên",
}
SCRYPT_N, SCRYPT_R, SCRYPT_P, DKLEN = 2**15, 8, 1, 32
FREE_ATTEMPTS = 5
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=30)
FORGIVE_EVERY = timedelta(minutes=15)  # one failure forgiven per this time since the last failure
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
BAD_CREDENTIALS = "Sai tên đăng nhập hoặc mã PIN."


@dataclass(frozen=True)
class OfficerInfo:
    """An officer as the rest of the app sees it (never the hash)."""

    id: int
    username: str
    full_name: str
    role: str
    active: bool = True

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


# --- hashing --------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """Return ``scrypt$n$r$p$salt$hash`` for ``secret`` with a fresh random salt."""
    salt = _secrets.token_bytes(16)
    digest = hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=DKLEN, maxmem=256 * n * r + 2**20
    )
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def verify_secret(secret: str, stored: str) -> bool:
    """True if ``secret`` matches ``stored`` (constant-time comparison); False for a malformed
    hash."""
    try:
        algo, n, r, p, salt, digest = stored.split("$")
        if algo != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            secret.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=256 * int(n) * int(r) + 2**20,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def _needs_rehash(stored: str) -> bool:
    return not stored.startswith(f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}$")


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the username is unknown, so both cases take the same time."""
    return hash_secret("không-phải-mã-pin")


# --- validation -----------------------------------------------------------------------------------


def normalize_username(username: str) -> str:
    return username.strip().lower()


def validate_username(username: str) -> str:
    name = normalize_username(username)
    if not _USERNAME.match(name):
        raise InvalidInput(
            f"Tên đăng nhập “{username.strip()}” không hợp lệ: 3–64 ký tự gồm chữ không dấu, số, "
            "dấu chấm, gạch ngang hoặc gạch dưới.",
            english="Invalid username: 3-64 characters, unaccented letters, digits, "
            "'.', '-' or '_'.",
        )
    return name


def validate_secret(secret: str) -> str:
    """A PIN (digits only) needs at least 6 digits; anything else is a password of 8+ characters."""
    if secret != secret.strip() or not secret:
        raise InvalidInput(
            "Mã PIN hoặc mật khẩu không được trống hay bắt đầu, kết thúc bằng khoảng trắng.",
            english="The PIN or password must not be empty or start or end with a space.",
        )
    if secret.isdigit():
        if len(secret) < 6:
            raise InvalidInput(
                "Mã PIN phải có ít nhất 6 chữ số.", english="A PIN needs at least 6 digits."
            )
    elif len(secret) < 8:
        raise InvalidInput(
            "Mật khẩu phải có ít nhất 8 ký tự (hoặc dùng mã PIN từ 6 chữ số).",
            english="A password needs at least 8 characters (or use a PIN of 6+ digits).",
        )
    return secret


def validate_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(
            f"Vai trò “{role}” phải là officer, supervisor hoặc technician.",
            english=f"Role '{role}' must be officer, supervisor or technician.",
        )
    return role


def _info(o: Officer) -> OfficerInfo:
    return OfficerInfo(o.id, o.username, o.full_name, o.role, o.active)


def lockout_delay(failures: int) -> timedelta | None:
    """The wait imposed after ``failures`` consecutive failures (None while still free)."""
    if failures < FREE_ATTEMPTS:
        return None
    return min(FIRST_DELAY * 2 ** min(failures - FREE_ATTEMPTS, 16), MAX_DELAY)


def recent_failures(failures: int, last_failure_at: datetime | None, now: datetime) -> int:
    """The failures still counted at ``now``: one is forgiven per FORGIVE_EVERY since the last."""
    if last_failure_at is None or now <= last_failure_at:
        return failures
    return max(0, failures - (now - last_failure_at) // FORGIVE_EVERY)


def _wait_text(seconds: int) -> tuple[str, str]:
    if seconds < 60:
        return f"{seconds} giây", f"{seconds} seconds"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} phút", f"{minutes} minutes"


class OfficerService:
    """Accounts and sign-in. ``clock`` returns naive local time (tests move it forward)."""

    def __init__(
        self, sessions: sessionmaker[Session], clock: Callable[[], datetime] = local_now
    ) -> None:
        self._sessions = sessions
        self._clock = lambda: aware(clock())  # a naive clock is Vietnam time

    # --- accounts ---------------------------------------------------------------------------------

    def create(
        self, username: str, full_name: str, role: str, secret: str, *, actor: str = "system"
    ) -> OfficerInfo:
        """Add an officer; raise InvalidInput for a bad or taken username, role, name or secret."""
        name = validate_username(username)
        full_name = " ".join(full_name.split())
        if not full_name:
            raise InvalidInput(
                "Họ tên cán bộ không được để trống.", english="The full name is empty."
            )
        validate_role(role)
        hashed = hash_secret(validate_secret(secret))
        try:
            with self._sessions.begin() as s:
                if s.scalar(select(Officer.id).where(Officer.username == name)) is not None:
                    raise InvalidInput(
                        f"Tên đăng nhập “{name}” đã có người dùng.",
                        english=f"Username '{name}' is taken.",
                    )
                officer = Officer(username=name, full_name=full_name, role=role, secret_hash=hashed)
                s.add(officer)
                s.flush()
                audit.append(s, actor, "officer.created", f"officer:{officer.id}", {"role": role})
                return _info(officer)
        except IntegrityError:
            raise InvalidInput(
                f"Tên đăng nhập “{name}” đã có người dùng.", english=f"Username '{name}' is taken."
            ) from None

    def list(self, *, include_inactive: bool = True) -> list[OfficerInfo]:
        with self._sessions.begin() as s:
            query = select(Officer).order_by(Officer.username)
            if not include_inactive:
                query = query.where(Officer.active.is_(True))
            return [_info(o) for o in s.scalars(query)]

    def get(self, username: str) -> OfficerInfo | None:
        with self._sessions.begin() as s:
            o = s.scalar(select(Officer).where(Officer.username == normalize_username(username)))
            return _info(o) if o else None

    def set_secret(self, username: str, secret: str, *, actor: str = "system") -> None:
        """Replace an officer's PIN or password; this also clears the failed-attempt delay."""
        hashed = hash_secret(validate_secret(secret))
        with self._sessions.begin() as s:
            o = self._require(s, username)
            o.secret_hash = hashed
            self._clear_failures(s, o.username)
            audit.append(s, actor, "officer.secret_changed", f"officer:{o.id}")

    def deactivate(self, username: str, *, actor: str = "system") -> None:
        """Refuse this officer's sign-ins from now on (the row and its history stay)."""
        with self._sessions.begin() as s:
            o = self._require(s, username)
            o.active = False
            audit.append(s, actor, "officer.deactivated", f"officer:{o.id}")

    def _require(self, s: Session, username: str) -> Officer:
        o = s.scalar(select(Officer).where(Officer.username == normalize_username(username)))
        if o is None:
            raise InvalidInput(
                f"Không có cán bộ “{username.strip()}”.", english=f"No officer '{username}'."
            )
        return o

    # --- sign-in ----------------------------------------------------------------------------------

    def authenticate(
        self, username: str, secret: str, *, counter: int | None = None, purpose: str = "signin"
    ) -> OfficerInfo:
        """Check a username and PIN/password; return the officer or raise InvalidInput.

        ``purpose`` (signin | unlock | supervisor) names the audit action. A wrong name, wrong
        secret or inactive account all get the same message; a refused attempt is committed (and
        audited) before the error is raised, so the delay holds across restarts.
        """
        name = normalize_username(username)[:64]
        now = self._clock()
        error: InvalidInput | None = None
        with self._sessions.begin() as s:
            failure = s.get(SigninFailure, name)
            officer = s.scalar(select(Officer).where(Officer.username == name)) if name else None
            entity = f"officer:{officer.id}" if officer else None
            actor = name if officer else "unknown"
            details = {"purpose": purpose, "counter": counter}
            if (
                failure is not None
                and failure.locked_until is not None
                and failure.locked_until > now
            ):
                wait_vi, wait_en = _wait_text(
                    math.ceil((failure.locked_until - now).total_seconds())
                )
                audit.append(
                    s, actor, "officer.signin_refused", entity, details | {"reason": "locked"}
                )
                error = InvalidInput(
                    f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {wait_vi}, "
                    "hoặc nhờ giám sát viên mở khóa.",
                    english=f"Too many failed sign-ins. Try again in {wait_en}, "
                    "or ask a supervisor to unlock.",
                )
            else:
                stored = officer.secret_hash if officer else _dummy_hash()
                ok = verify_secret(secret, stored) and officer is not None and officer.active
                if ok:
                    self._clear_failures(s, name)
                    if _needs_rehash(stored):
                        officer.secret_hash = hash_secret(secret)
                    audit.append(s, actor, f"officer.{purpose}", entity, details)
                    return _info(officer)
                reason = (
                    "unknown_user"
                    if officer is None
                    else "inactive"
                    if not officer.active
                    else "bad_secret"
                )
                count = self._record_failure(s, name, now)
                audit.append(
                    s,
                    actor,
                    "officer.signin_failed",
                    entity,
                    details | {"reason": reason, "failures": count},
                )
                error = InvalidInput(BAD_CREDENTIALS, english="Wrong username or PIN.")
        raise error

    def verify_supervisor(
        self, username: str, secret: str, *, counter: int | None = None
    ) -> OfficerInfo:
        """Authenticate a supervisor approving an action (e.g. a second supplement request)."""
        info = self.authenticate(username, secret, counter=counter, purpose="supervisor")
        if info.role != "supervisor":
            raise InvalidInput(
                "Tài khoản này không có quyền giám sát; cần giám sát viên xác nhận.",
                english="This account is not a supervisor; a supervisor must approve.",
            )
        return info

    def verify_technician(
        self, username: str, secret: str, *, counter: int | None = None, purpose: str = "kiosk_exit"
    ) -> OfficerInfo:
        """Authenticate a technician (leaving the citizen kiosk's full screen); audited either
        way, and an officer of another role is refused."""
        info = self.authenticate(username, secret, counter=counter, purpose=purpose)
        if info.role != "technician":
            self._audit_officer(info.id, f"officer.{purpose}_refused", {"counter": counter})
            raise InvalidInput(
                "Chỉ kỹ thuật viên mới được thoát khỏi ki-ốt công dân.",
                english="Only a technician may leave the citizen kiosk.",
            )
        return info

    def failures(self, username: str) -> int:
        """Recent failed attempts for ``username`` (older ones are forgiven, see FORGIVE_EVERY)."""
        with self._sessions.begin() as s:
            row = s.get(SigninFailure, normalize_username(username))
            return recent_failures(row.failures, row.last_failure_at, self._clock()) if row else 0

    def unlock(self, username: str, *, by: OfficerInfo, counter: int | None = None) -> int:
        """Lift the sign-in delay of ``username``; ``by`` must be an active supervisor.

        The supervisor is checked against the store, not trusted from the caller. Returns the
        number of recent failures cleared (0 if there was no delay). Audited as ``officer.unlocked``
        with the supervisor as actor.
        """
        with self._sessions.begin() as s:
            supervisor = s.get(Officer, by.id)
            if supervisor is None or not supervisor.active or supervisor.role != "supervisor":
                raise InvalidInput(
                    "Chỉ giám sát viên đang hoạt động mới mở khóa đăng nhập được.",
                    english="Only an active supervisor can lift a sign-in lock-out.",
                )
            o = self._require(s, username)
            row = s.get(SigninFailure, o.username)
            cleared = (
                recent_failures(row.failures, row.last_failure_at, self._clock()) if row else 0
            )
            self._clear_failures(s, o.username)
            audit.append(
                s,
                supervisor.username,
                "officer.unlocked",
                f"officer:{o.id}",
                {"counter": counter, "failures": cleared},
            )
            return cleared

    def record_lock(
        self, officer_id: int, *, counter: int | None = None, reason: str = "manual"
    ) -> None:
        """Audit that the counter screen was locked (``reason``: manual | idle)."""
        self._audit_officer(officer_id, "officer.locked", {"counter": counter, "reason": reason})

    def sign_out(self, officer_id: int, *, counter: int | None = None) -> None:
        """Audit a sign-out (the UI forgets the officer)."""
        self._audit_officer(officer_id, "officer.signout", {"counter": counter})

    def _audit_officer(self, officer_id: int, action: str, details: dict) -> None:
        with self._sessions.begin() as s:
            o = s.get(Officer, officer_id)
            audit.append(
                s, o.username if o else "unknown", action, f"officer:{officer_id}", details
            )

    def _record_failure(self, s: Session, name: str, now: datetime) -> int:
        row = s.get(SigninFailure, name)
        if row is None:
            row = SigninFailure(username=name, failures=0)
            s.add(row)
        row.failures = recent_failures(row.failures, row.last_failure_at, now) + 1
        row.last_failure_at = now
        delay = lockout_delay(row.failures)
        row.locked_until = now + delay if delay else None
        s.flush()
        return row.failures

    def _clear_failures(self, s: Session, name: str) -> None:
        row = s.get(SigninFailure, name)
        if row is not None:
            s.delete(row)
