"""One real PKCS#11 token for the whole test run: SoftHSM2 from Debian (package softhsm2).

A process loads a PKCS#11 module once and SoftHSM2 reads ``SOFTHSM2_CONF`` when the module is
initialised, so every test that signs on a token shares this session's token (the fixture
``softhsm_token``, registered in tests/conftest.py) instead of making its own.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest

from kiosk.signing.certs import LocalCA, new_ca
from kiosk.signing.token import TokenConfig, find_softhsm_module, init_softhsm_token, softhsm_conf

needs_softhsm = pytest.mark.skipif(
    find_softhsm_module() is None or shutil.which("softhsm2-util") is None,
    reason="SoftHSM2 is not installed (Debian package softhsm2, in bootstrap.sh)",
)
HOLDER = "Trần Thị Bích Ngọc"
PIN = "246810"


@dataclass(frozen=True)
class SoftToken:
    config: TokenConfig
    ca: LocalCA
    holder: str = HOLDER
    pin: str = PIN


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory):
    """A SoftHSM2 token "can-bo-01" holding an RSA key made on it and ``HOLDER``'s certificate
    from a test CA (``.ca.cert`` is the trust root)."""
    if find_softhsm_module() is None or shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM2 is not installed (Debian package softhsm2, in bootstrap.sh)")
    conf = softhsm_conf(tmp_path_factory.mktemp("softhsm") / "hsm")
    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    ca = new_ca()
    config = init_softhsm_token(conf, ca, HOLDER, label="can-bo-01", pin=PIN, so_pin="13579246")
    yield SoftToken(config, ca)
    if old is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = old
