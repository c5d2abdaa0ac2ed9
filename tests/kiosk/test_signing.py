"""Officers' signing keys: a software key for the demo, a real PKCS#11 token (SoftHSM2).

Every signature made here is validated with pyHanko's validator (through verify_sealed).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from kiosk.scanning.seal import PageImage, PaperMeta, seal_paper, verify_sealed
from kiosk.signing import KeyMissing, TokenMissing, WrongPin
from kiosk.signing.certs import load_or_create_ca, new_ca
from kiosk.signing.software import create_software_key, software_signer
from kiosk.signing.token import TokenConfig, token_signer
from tests.softhsm import HOLDER, PIN

OFFICER = HOLDER
META = PaperMeta("000.00.17.H05-261207-0007", "1.001193", "Đăng ký khai sinh", "Giấy chứng sinh")


def _page() -> PageImage:
    buf = io.BytesIO()
    Image.new("L", (400, 560), 250).save(buf, "PNG")
    return PageImage.of(buf.getvalue(), "image/png", 200)


def test_software_key_signs_a_paper_that_validates(tmp_path):
    folder = tmp_path / "keys" / "seal"
    p12 = create_software_key(folder, OFFICER)
    assert p12.parent == folder and p12.name == "tran-thi-bich-ngoc.p12"
    assert oct(p12.stat().st_mode & 0o777) == "0o600"
    signer = software_signer(p12)
    assert signer.name == OFFICER

    report = verify_sealed(seal_paper([_page()], META, signer), [folder / "ca.pem"])

    assert report.ok, report.problems
    assert report.signer_name == OFFICER


def test_demo_ca_is_made_once_and_reused(tmp_path):
    first = load_or_create_ca(tmp_path)
    again = load_or_create_ca(tmp_path)
    assert first.cert == again.cert
    assert oct((tmp_path / "ca-key.pem").stat().st_mode & 0o777) == "0o600"


def test_a_signature_from_an_untrusted_ca_is_reported(tmp_path):
    signer = software_signer(create_software_key(tmp_path / "a", OFFICER))
    other_root = new_ca("Một CA khác").cert

    report = verify_sealed(seal_paper([_page()], META, signer), [other_root])

    assert report.intact and report.valid and not report.trusted
    assert not report.ok
    assert any("không thuộc tổ chức chứng thực" in p for p in report.problems)


def test_missing_or_damaged_key_file_is_a_vietnamese_error(tmp_path):
    with pytest.raises(KeyMissing, match="Không đọc được tệp khóa ký"):
        software_signer(tmp_path / "none.p12")
    (tmp_path / "bad.p12").write_bytes(b"not a pkcs12 file")
    with pytest.raises(KeyMissing, match="bị hỏng"):
        software_signer(tmp_path / "bad.p12")
    with pytest.raises(KeyMissing, match="họ tên cán bộ"):
        create_software_key(tmp_path, "   ")


# --- a real PKCS#11 token: SoftHSM2 -------------------------------------------------------------


@pytest.fixture
def token(softhsm_token):
    """The session's SoftHSM2 token (tests/softhsm.py), as (config, CA)."""
    return softhsm_token.config, softhsm_token.ca


def test_a_paper_signed_on_the_token_validates(token):
    config, ca = token
    with token_signer(config, PIN) as signer:
        assert signer.name == OFFICER
        pdf = seal_paper([_page(), _page()], META, signer)

    report = verify_sealed(pdf, [ca.cert])

    assert report.ok, report.problems
    assert report.signer_name == OFFICER
    assert report.meta["page_count"] == 2


def test_the_key_never_leaves_the_token(token):
    import pkcs11
    from pkcs11 import Attribute, ObjectClass

    config, _ = token
    tok = pkcs11.lib(str(config.module)).get_token(token_label=config.token_label)
    with tok.open(user_pin=PIN) as session:
        (key,) = session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})
        assert key[Attribute.SENSITIVE] and not key[Attribute.EXTRACTABLE]


def test_wrong_pin_is_refused_in_vietnamese(token):
    config, _ = token
    with (
        pytest.raises(WrongPin, match="Mã PIN của USB token không đúng"),
        token_signer(config, "000000"),
    ):
        pass


def test_token_not_plugged_in(token):
    config, _ = token
    absent = TokenConfig(config.module, "khong-co-token", config.key_label)
    with (
        pytest.raises(TokenMissing, match="Chưa cắm USB token “khong-co-token”"),
        token_signer(absent, PIN),
    ):
        pass


def test_token_without_the_key(token):
    config, _ = token
    with (
        pytest.raises(KeyMissing, match="không có khóa ký"),
        token_signer(TokenConfig(config.module, config.token_label, "khac"), PIN),
    ):
        pass


def test_missing_pkcs11_module(tmp_path):
    config = TokenConfig(Path(tmp_path / "libnone.so"), "x")
    with (
        pytest.raises(TokenMissing, match="Không tìm thấy thư viện PKCS#11"),
        token_signer(config, PIN),
    ):
        pass
