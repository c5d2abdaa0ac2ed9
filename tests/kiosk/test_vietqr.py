"""VietQR payloads for the fee (reference/rules-2023-2025.md §4): NAPAS vectors, CRC, fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import InvalidInput
from kiosk.vietqr import (
    CollectionAccount,
    ascii_text,
    crc16_ccitt,
    parse,
    payment_payload,
    read_transfer,
)
from tests.fuzzing import fuzz

NAPAS_STATIC = (
    "00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5"
)
NAPAS_DYNAMIC = (
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
    "530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E"
)


def test_crc_check_value():
    assert f"{crc16_ccitt(b'123456789'):04X}" == "29B1"


def test_napas_dynamic_vector_is_reproduced():
    account = CollectionAccount("970403", "0011012345678")
    payload = payment_payload(account, 180000, bill="NPS6869", purpose="thanh toán đơn hàng")
    assert payload == NAPAS_DYNAMIC


def test_napas_vectors_parse_with_their_crc():
    assert parse(NAPAS_STATIC)["63"] == "F4E5"
    transfer = read_transfer(NAPAS_DYNAMIC)
    assert (transfer.bank_bin, transfer.account, transfer.amount) == (
        "970403",
        "0011012345678",
        180000,
    )
    assert (transfer.bill, transfer.purpose) == ("NPS6869", "thanh toan don hang")


def test_crc_is_zero_padded():
    # find an amount whose CRC is below 0x1000: it must still print four digits
    account = CollectionAccount("970436", "1234567890")
    for amount in range(1000, 400000, 1000):
        payload = payment_payload(account, amount)
        if payload[-4] == "0":
            assert len(payload.rpartition("6304")[2]) == 4
            assert parse(payload)
            return
    pytest.fail("no CRC below 0x1000 in the range")


def test_a_changed_character_fails_the_crc():
    tampered = NAPAS_DYNAMIC.replace("180000", "980000")
    with pytest.raises(InvalidInput, match="CRC"):
        parse(tampered)


def test_vietnamese_notes_become_ascii_within_25_characters():
    assert ascii_text("Lệ phí Đăng ký khai sinh cho con") == "Le phi Dang ky khai sinh"
    payload = payment_payload(
        CollectionAccount("970415", "113000001"), 8000, bill="2.000635", purpose="Lệ phí 2.000635"
    )
    assert payload.isascii()
    assert read_transfer(payload).purpose == "Le phi 2.000635"


@pytest.mark.parametrize("bin_, account", [("97040", "1"), ("970403", ""), ("970403", "12 34")])
def test_bad_accounts_are_refused(bin_, account):
    with pytest.raises(InvalidInput):
        CollectionAccount(bin_, account)


@fuzz()
@given(st.text(max_size=300))
def test_parse_never_crashes(text):
    try:
        parse(text)
    except InvalidInput:
        pass


@fuzz()
@given(
    st.integers(min_value=1, max_value=10**12),
    st.text(max_size=40),
    st.text(max_size=40),
)
def test_built_payloads_always_read_back(amount, bill, purpose):
    account = CollectionAccount("970436", "0123456789")
    transfer = read_transfer(payment_payload(account, amount, bill=bill, purpose=purpose))
    assert transfer.amount == amount
    assert transfer.bill == ascii_text(bill) and transfer.purpose == ascii_text(purpose)


def test_collection_account_comes_from_the_config(tmp_path):
    from kiosk import config

    base = config.demo_path().read_text("utf-8").split("\n[payment]")[0]
    assert config.build(config.parse_toml(base, tmp_path), tmp_path).collection_account is None
    text = base + '\n[payment]\nbank_bin = "970415"\naccount = "113000001"\nname = "UBND"\n'
    cfg = config.build(config.parse_toml(text, tmp_path), tmp_path)
    assert cfg.collection_account == CollectionAccount("970415", "113000001", "UBND")
    demo = config.load(config.demo_path())
    assert demo.collection_account is not None and demo.collection_account.bank_bin == "970415"
    with pytest.raises(config.ConfigError, match="payment"):
        bad = text.replace("970415", "9704")
        config.build(config.parse_toml(bad, tmp_path), tmp_path)
