"""Which key signs at the counter (kiosk/signing/counter.py), through the page store, on a real
SoftHSM2 token: the PIN asked once per session, refused PINs change nothing, the software key
only where the config allows it. Every signature is validated with pyHanko's validator."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime

import pytest
from sqlalchemy import select

from kiosk.blobs import BlobStore
from kiosk.models import ScanPage, ScanPaper
from kiosk.officers import OfficerService
from kiosk.scanning.pages import PageStore
from kiosk.scanning.seal import verify_sealed
from kiosk.signing import KeyMissing, SigningError, TokenMissing, WrongPin
from kiosk.signing.counter import CounterSigning, PinNeeded, SigningSetup
from kiosk.signing.software import create_software_key
from kiosk.signing.token import TokenConfig
from tests.kiosk.scanning.page_helpers import draft_with_papers, page_png

MONDAY = datetime(2026, 12, 7, 9, 30)
OFFICER = "Nguyễn Thị Lan"  # the officer signed in; the token's holder is tests/softhsm.HOLDER


@pytest.fixture
def counter(store, tmp_path, version_id, softhsm_token):
    """A draft with one page of its birth certificate, an officer, and a page store whose
    sealer is a CounterSigning on the session's SoftHSM2 token."""
    reception, snap, _ = draft_with_papers(store, tmp_path, version_id)
    birth = next(i.id for i in snap.items if i.name == "Giấy chứng sinh")
    officer = OfficerService(store.sessions).create("canbo1", OFFICER, "officer", "123456")
    signing = CounterSigning(SigningSetup(softhsm_token.config), tmp_path / "keys")
    pages = PageStore(store.sessions, BlobStore(tmp_path / "blobs"), seal=signing.sealer())
    pages.add_page(snap.id, birth, page_png(1, (1654, 2339)))
    return signing, pages, snap.id, birth, officer.id


def _unchanged(store, item_id):
    with store.sessions() as s:
        paper = s.get(ScanPaper, item_id)
        states = s.scalars(select(ScanPage.state).where(ScanPage.dossier_item_id == item_id))
        return (paper is None or paper.sealed_at is None) and set(states) == {"draft"}


def test_a_paper_sealed_with_the_token_validates_and_names_its_holder(
    store, counter, softhsm_token, tmp_path
):
    signing, pages, dossier, birth, officer = counter
    assert signing.needs_pin(officer)
    with pytest.raises(PinNeeded, match="Cần mã PIN của can-bo-01"):
        pages.seal(dossier, birth, officer, MONDAY)
    assert _unchanged(store, birth)

    assert signing.unlock(officer, softhsm_token.pin) == softhsm_token.holder
    assert not signing.needs_pin(officer)
    sealed = pages.seal(dossier, birth, officer, MONDAY)

    pdf = pages.read(sealed.pdf_sha256)
    report = verify_sealed(pdf, [softhsm_token.ca.cert])
    assert report.ok, report.problems
    assert report.signer_name == softhsm_token.holder
    if shutil.which("pdftotext"):
        path = tmp_path / "paper.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", "-l", "1", str(path), "-"], capture_output=True, text=True
        ).stdout
        assert f"Người số hóa: {softhsm_token.holder}" in text  # the visible block


def test_a_wrong_pin_is_refused_and_changes_nothing(store, counter, softhsm_token):
    signing, pages, dossier, birth, officer = counter
    with pytest.raises(WrongPin, match="Mã PIN của USB token không đúng"):
        signing.unlock(officer, "000000")
    assert signing.needs_pin(officer)
    with pytest.raises(PinNeeded):
        pages.seal(dossier, birth, officer, MONDAY)
    assert _unchanged(store, birth)
    with pytest.raises(WrongPin, match="Hãy nhập mã PIN"):
        signing.unlock(officer, "")
    # the officer retries with the right PIN: sealed
    signing.unlock(officer, softhsm_token.pin)
    assert pages.seal(dossier, birth, officer, MONDAY).sealed


def test_the_pin_is_for_its_officer_and_forgotten_at_sign_out(store, counter, softhsm_token):
    signing, pages, dossier, birth, officer = counter
    signing.unlock(officer, softhsm_token.pin)
    other = OfficerService(store.sessions).create("canbo2", "Phạm Văn Nam", "officer", "654321")
    assert signing.needs_pin(other.id)  # another officer at the counter types their own
    with pytest.raises(PinNeeded):
        pages.seal(dossier, birth, other.id, MONDAY)
    signing.forget()  # sign-out or lock
    assert signing.needs_pin(officer)
    assert _unchanged(store, birth)


def test_token_unplugged_or_without_key_seals_nothing(store, counter, softhsm_token, tmp_path):
    _signing, _pages, dossier, birth, officer = counter
    absent = TokenConfig(softhsm_token.config.module, "khong-co-token")
    signing = CounterSigning(SigningSetup(absent), tmp_path / "keys")
    with pytest.raises(TokenMissing, match="Chưa cắm USB token “khong-co-token”"):
        signing.unlock(officer, softhsm_token.pin)
    no_key = TokenConfig(softhsm_token.config.module, "can-bo-01", key_label="khong-co")
    signing = CounterSigning(SigningSetup(no_key), tmp_path / "keys")
    with pytest.raises(KeyMissing, match="không có khóa ký và chứng thư số “khong-co”"):
        signing.unlock(officer, softhsm_token.pin)
    pages = PageStore(store.sessions, BlobStore(tmp_path / "blobs"), seal=signing.sealer())
    with pytest.raises(PinNeeded):
        pages.seal(dossier, birth, officer, MONDAY)
    assert _unchanged(store, birth)


def test_software_key_only_when_the_config_allows_it(store, counter, softhsm_token, tmp_path):
    signing, pages, dossier, birth, officer = counter
    keys = tmp_path / "keys"
    assert not signing.fallback_allowed
    with pytest.raises(SigningError, match="không cho phép ký bằng khóa mềm"):
        signing.use_software(officer)

    allowed = CounterSigning(SigningSetup(softhsm_token.config, software_fallback=True), keys)
    pages = PageStore(store.sessions, BlobStore(tmp_path / "blobs"), seal=allowed.sealer())
    allowed.use_software(officer)
    assert not allowed.needs_pin(officer)
    with pytest.raises(KeyMissing, match="chưa có khóa ký mềm"):
        pages.seal(dossier, birth, officer, MONDAY)
    assert _unchanged(store, birth)
    create_software_key(keys, OFFICER)
    sealed = pages.seal(dossier, birth, officer, MONDAY)
    report = verify_sealed(pages.read(sealed.pdf_sha256), [keys / "ca.pem"])
    assert report.ok and report.signer_name == OFFICER
    allowed.forget()  # the choice lasts the session only
    assert allowed.needs_pin(officer)


def test_without_a_token_the_software_key_or_unsigned(store, counter, tmp_path):
    _signing, pages, dossier, birth, officer = counter
    signing = CounterSigning(SigningSetup(), tmp_path / "keys")
    assert not signing.uses_token and not signing.needs_pin(officer)
    with signing.signer(officer, OFFICER) as signer:
        assert signer is None  # no key set up at all: sealed unsigned, as before
    create_software_key(tmp_path / "keys", OFFICER)
    with signing.signer(officer, OFFICER) as signer:
        assert signer.name == OFFICER


def test_doctor_checks_the_configured_token(tmp_path, softhsm_token):
    from kiosk import config
    from kiosk.doctor import check_signing

    demo = config.demo_path().read_text(encoding="utf-8")
    assert check_signing(config.demo_path()).ok  # no token: the software key
    module = softhsm_token.config.module
    for label, ok, words in [
        ("can-bo-01", True, "USB token “can-bo-01” đang cắm, 1 chứng thư số"),
        ("khong-co", False, "chưa cắm USB token “khong-co”"),
    ]:
        path = tmp_path / "kiosk.toml"
        text = demo.replace('pkcs11_module = ""', f'pkcs11_module = "{module}"')
        path.write_text(text.replace('token_label = ""', f'token_label = "{label}"'), "utf-8")
        check = check_signing(path)
        assert check.ok is ok and words in check.detail
    path.write_text(demo.replace('pkcs11_module = ""', 'pkcs11_module = "/khong/co.so"'), "utf-8")
    assert "Không tìm thấy thư viện PKCS#11" in check_signing(path).detail


def test_a_pin_checked_across_a_lock_is_not_kept(counter, softhsm_token):
    """The screen locks while the token checks the PIN (the check waits here for another
    signing): the PIN is not kept, and the officer is asked again."""
    import threading

    signing, _pages, _dossier, _birth, officer = counter
    outcome, waiting, held = [], threading.Event(), threading.Lock()

    class Token:  # the token's lock, telling when the check waits for it
        def __enter__(self):
            waiting.set()
            held.acquire()

        def __exit__(self, *exc):
            held.release()

    def check():
        try:
            outcome.append(signing.unlock(officer, softhsm_token.pin))
        except PinNeeded as exc:
            outcome.append(exc)

    signing._token = Token()
    with held:  # a signing in progress holds the token
        worker = threading.Thread(target=check)
        worker.start()
        assert waiting.wait(20)  # the PIN check has begun and waits for the token
        signing.forget()  # the lock
    worker.join(20)
    assert isinstance(outcome[0], PinNeeded) and "khóa" in outcome[0].message
    assert signing.needs_pin(officer)
