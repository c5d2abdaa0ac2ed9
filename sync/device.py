"""This machine as a device of the central system: its Ed25519 key, its enrolment with a one-time
code, and the signer its requests go out with.

The private key is a file in the machine's keys folder (PEM, 0600, created on first use); the
store keeps what the central system answered (``DeviceCredential``: device id, agency), one row per
machine, since several machines may share a PostgreSQL store.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.canonical import canonical_json
from kiosk.errors import InvalidInput, KioskError
from kiosk.models import DeviceCredential, OutboxItem, local_now
from kiosk.receipt_qr import load_or_create_signing_key
from sync.client import API, CentralClient, json_object
from sync.signatures import Signer, public_key_text

log = logging.getLogger(__name__)
KEY_FILE = "device-ed25519.pem"
ENROL_KEY_ID = "enrolment"  # the keyid of the enrolment request, signed by the new key itself


class EnrolmentError(KioskError):
    """Enrolment did not happen (the message says why, in Vietnamese)."""


class DeviceKeyError(InvalidInput):
    """The device key file is damaged: the machine cannot sign its sync requests."""


def damaged_key_error(path: Path) -> DeviceKeyError:
    """What the device key is, that it is damaged, and what the technician does about it."""
    return DeviceKeyError(
        f"Tệp khóa thiết bị {path.name} (khóa thiết bị dùng để ký yêu cầu đồng bộ gửi hệ thống "
        "trung tâm) bị hỏng: máy vẫn tiếp nhận và lưu hồ sơ, nhưng không gửi được lên hệ thống "
        "trung tâm. Kỹ thuật viên: lấy mã đăng ký mới từ hệ thống trung tâm rồi chạy lại "
        "“kiosk sync --enrol MÃ” trên máy này (khóa hỏng được cất sang bên, máy có khóa mới).",
        english=(
            f"The device key file {path.name} (the key that signs this machine's sync requests) "
            "is damaged: nothing reaches the central system. Enrol again with "
            "`kiosk sync --enrol CODE`."
        ),
    )


def load_device_key(path: Path, *, replace_damaged: bool = False) -> Ed25519PrivateKey:
    """The device key (created on first use). A damaged file raises ``DeviceKeyError``, or, when
    enrolling (``replace_damaged``), is moved aside to ``….damaged`` and a new key is made: the
    enrolment registers the new public key, so nothing of the old one is needed."""
    path = Path(path)
    try:
        return load_or_create_signing_key(path)
    except InvalidInput:
        if not replace_damaged:
            raise damaged_key_error(path) from None
    os.replace(path, path.with_name(path.name + ".damaged"))
    log.warning("device key damaged: moved aside, a new one is made for the enrolment")
    return load_or_create_signing_key(path)


@dataclass(frozen=True)
class Device:
    device_id: str
    agency_code: str
    central_url: str


def key_path(keys_folder: Path) -> Path:
    return Path(keys_folder) / KEY_FILE


def enrol(
    sessions: sessionmaker[Session],
    machine: str,
    keys_folder: Path,
    central_url: str,
    code: str,
    label: str = "",
) -> Device:
    """Enrol this machine with a one-time code; the request is signed by the key it registers
    (proof of possession). No transaction is open during the request."""
    key = load_device_key(key_path(keys_folder), replace_damaged=True)
    public = public_key_text(key.public_key())
    body = canonical_json({"code": code.strip(), "public_key": public, "label": label}).encode()
    client = CentralClient(central_url, signer=Signer(key, ENROL_KEY_ID))
    try:
        answer = client.request(
            "POST", f"{API}/devices", data=body, headers={"Content-Type": "application/json"}
        )
    except requests.RequestException:
        raise EnrolmentError(
            f"Không kết nối được tới hệ thống trung tâm ({central_url}): chưa đăng ký thiết bị.",
            english="Cannot reach the central system: the device is not enrolled.",
        ) from None
    finally:
        client.close()
    data = json_object(answer)
    if answer.status_code != 201 or data is None:
        message = (data or {}).get("message") or f"HTTP {answer.status_code}"
        raise EnrolmentError(
            f"Hệ thống trung tâm không đăng ký thiết bị: {message}",
            english=f"The central system refused the enrolment (HTTP {answer.status_code}).",
        )
    device_id, agency = data.get("device_id"), data.get("agency_code")
    if not isinstance(device_id, str) or not isinstance(agency, str):
        raise EnrolmentError(
            "Câu trả lời của hệ thống trung tâm khi đăng ký không hợp lệ.",
            english="The central system's enrolment answer is malformed.",
        )
    with sessions.begin() as s:
        row = s.get(DeviceCredential, machine) or DeviceCredential(machine=machine)
        row.device_id, row.agency_code = device_id[:36], agency[:40]
        row.central_url, row.public_key = central_url, public
        s.add(row)
        s.execute(  # what was refused for want of a valid device goes on the next pass
            update(OutboxItem)
            .where(OutboxItem.status == "retry_later", OutboxItem.error_kind == "auth")
            .values(next_attempt_at=local_now())
            .execution_options(synchronize_session=False)
        )
    return Device(device_id, agency, central_url)


def enrolled(sessions: sessionmaker[Session], machine: str) -> Device | None:
    with sessions.begin() as s:
        row = s.get(DeviceCredential, machine)
        return None if row is None else Device(row.device_id, row.agency_code, row.central_url)


def signer_for(
    sessions: sessionmaker[Session], machine: str, keys_folder: Path
) -> tuple[Device, Signer] | None:
    """This machine's device and signer, or None if it is not enrolled (or its key is gone).

    Raises:
        DeviceKeyError: enrolled, but the key file is damaged (the message says what to do).
    """
    device = enrolled(sessions, machine)
    path = key_path(keys_folder)
    if device is None or not path.exists():
        return None
    return device, Signer(load_device_key(path), device.device_id)
