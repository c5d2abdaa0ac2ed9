"""eSCL scanners found by mDNS / DNS-SD: the simulator announces itself on 127.0.0.1 for real,
and real ``zeroconf.ServiceInfo`` records map to devices (name from ``ty``, path from ``rs``)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from zeroconf import ServiceInfo

from kiosk.scanning.backends.escl import EsclBackend
from kiosk.scanning.backends.sane import write_test_config
from kiosk.scanning.device import ScanSettings, available_devices, split_device_id
from kiosk.scanning.discovery import device_from_service, discover_escl
from kiosk.scanning.escl_simulator import EsclSimulator
from tests.fuzzing import Tally, fuzz
from tests.kiosk.scanning.scanner_fixtures import needs_scanimage

LOOPBACK = ["127.0.0.1"]
USCAN, USCANS = "_uscan._tcp.local.", "_uscans._tcp.local."


def record(kind=USCAN, instance="Brother MFC-L2750DW", *, port=80, addresses=None, **txt):
    """A resolved service record, as python-zeroconf hands it over."""
    return ServiceInfo(
        kind,
        f"{instance}.{kind}",
        addresses=[socket.inet_aton("192.168.1.20")] if addresses is None else addresses,
        port=port,
        server="scanner.local.",
        properties=txt,
    )


# --- real multicast on the loopback interface ---------------------------------------------------


def test_an_advertised_simulator_is_discovered_with_its_name_and_url_and_scans():
    with (
        EsclSimulator(advertise=True, name="Máy quét tầng 1") as first,
        EsclSimulator(advertise=True, feeder_pages=2) as second,
        EsclSimulator() as silent,  # not announced: not found
    ):
        found = discover_escl(interfaces=LOOPBACK)
        ids = {device.id: device for device in found}
        assert first.device_id in ids and second.device_id in ids
        assert silent.device_id not in ids
        assert ids[first.device_id].name == "Máy quét tầng 1"  # the ty record, UTF-8
        assert ids[second.device_id].name == "Kiosk eSCL Simulator"
        assert ids[first.device_id].kind == "escl"
        # the discovered id is one the backend scans from, as it is
        pages = []
        settings = ScanSettings(mode="gray", dpi=75, source="feeder")
        count = EsclBackend(retry_seconds=0.01).scan(
            ids[second.device_id].id, settings, pages.append, lambda: False
        )
        assert count == 2 == len(pages)
    # stopped: the announcements are withdrawn
    gone = {device.id for device in discover_escl(interfaces=LOOPBACK)}
    assert first.device_id not in gone and second.device_id not in gone


@needs_scanimage
@pytest.mark.slow
def test_the_device_list_shows_discovered_scanners_once_beside_configured_ones(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("SANE_CONFIG_DIR", str(write_test_config(tmp_path / "sane.d")))
    with (
        EsclSimulator(advertise=True) as announced,
        EsclSimulator(advertise=True, name="Cấu hình sẵn") as configured,
    ):
        devices = available_devices(escl_urls=[configured.url])
        ids = [device.id for device in devices]
    assert announced.device_id in ids
    assert ids.count(configured.device_id) == 1  # configured and announced: listed once
    assert any(device.id.startswith("sane:test") for device in devices)


@needs_scanimage
@pytest.mark.slow
def test_kiosk_scan_list_shows_an_announced_scanner(tmp_path):
    conf = str(write_test_config(tmp_path / "sane.d"))
    with EsclSimulator(advertise=True, name="Máy quét mạng phòng 2") as sim:
        listed = subprocess.run(
            [sys.executable, "-m", "app", "scan", "--list"],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "SANE_CONFIG_DIR": conf},
        )
    assert listed.returncode == 0, listed.stderr
    assert f"{sim.device_id}\tMáy quét mạng phòng 2" in listed.stdout.splitlines()


# --- records to devices ---------------------------------------------------------------------------


def test_name_from_ty_and_path_from_rs():
    device = device_from_service(record(port=8080, ty="Brother MFC-L2750DW series", rs="eSCL"))
    assert device.id == "escl:http://192.168.1.20:8080/eSCL"
    assert device.name == "Brother MFC-L2750DW series" and device.kind == "escl"


@pytest.mark.parametrize(
    "rs,path", [("/eSCL", "/eSCL"), ("eSCL/", "/eSCL"), ("", "/eSCL"), ("scan/escl", "/scan/escl")]
)
def test_the_root_path_is_normalised_and_defaults_to_escl(rs, path):
    assert device_from_service(record(rs=rs)).id == f"escl:http://192.168.1.20{path}"
    assert device_from_service(record()).id == "escl:http://192.168.1.20/eSCL"  # no rs at all


def test_uscans_is_https_and_its_default_port_is_left_out():
    assert device_from_service(record(USCANS, port=443, rs="eSCL")).id == (
        "escl:https://192.168.1.20/eSCL"
    )
    assert device_from_service(record(USCANS, port=8443)).id == (
        "escl:https://192.168.1.20:8443/eSCL"
    )


def test_without_ty_the_instance_name_is_shown_and_control_characters_are_dropped():
    assert device_from_service(record(instance="HP LaserJet MFP")).name == "HP LaserJet MFP"
    assert device_from_service(record(ty="Canon\x00 MF\n743")).name == "Canon  MF 743"
    bad = device_from_service(record(ty=b"\xff\xfe Canon"))  # not UTF-8: the instance name
    assert bad.name == "Brother MFC-L2750DW"


def test_addresses_ipv4_first_then_global_ipv6_and_none_without_one():
    v6 = socket.inet_pton(socket.AF_INET6, "2001:db8::20")
    link = socket.inet_pton(socket.AF_INET6, "fe80::1")
    both = device_from_service(record(addresses=[v6, socket.inet_aton("10.0.0.7")]))
    assert both.id == "escl:http://10.0.0.7/eSCL"
    assert device_from_service(record(addresses=[link, v6])).id == "escl:http://[2001:db8::20]/eSCL"
    assert device_from_service(record(addresses=[link])) is None  # needs an interface
    assert device_from_service(record(addresses=[])) is None
    assert device_from_service(record(port=0)) is None


def test_a_service_of_another_type_is_not_a_scanner():
    printer = ServiceInfo(
        "_ipp._tcp.local.",
        "Printer._ipp._tcp.local.",
        addresses=[socket.inet_aton("192.168.1.30")],
        port=631,
        properties={"ty": "Printer"},
    )
    assert device_from_service(printer) is None


_TXT = st.dictionaries(
    st.sampled_from([b"ty", b"rs", b"TY", b"Rs", b"note", b"\xff", b"uuid"]),
    st.one_of(st.none(), st.binary(max_size=40), st.text(max_size=40).map(str.encode)),
    max_size=5,
)


@fuzz()
@given(
    txt=_TXT,
    port=st.integers(min_value=-5, max_value=70000),
    instance=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="."),
        min_size=1,
        max_size=30,
    ),
    kind=st.sampled_from([USCAN, USCANS]),
)
def test_any_record_gives_a_usable_device_or_none(txt, port, instance, kind):
    tally = Tally("escl discovery record")
    try:
        info = ServiceInfo(
            kind,
            f"{instance}.{kind}",
            addresses=[socket.inet_aton("192.168.1.20")],
            port=port,
            properties=txt,
        )
    except Exception:  # noqa: BLE001 (zeroconf refuses some records itself: nothing to map)
        return
    device = tally.call(device_from_service, info)
    tally.check()
    if device is None:
        assert not 0 < port < 65536
        return
    assert re.fullmatch(r"escl:https?://\S+", device.id)  # what the configuration accepts
    assert split_device_id(device.id)[0] == "escl"
    assert EsclBackend()._root(device.id).startswith(("http://192.168.1.20", "https://"))
    assert device.name and not re.search(r"[\x00-\x1f\x7f]", device.name)
