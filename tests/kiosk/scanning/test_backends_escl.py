"""The eSCL client against the eSCL simulator on 127.0.0.1 (a real HTTP server)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from kiosk.scanning.backends.escl import NS, EsclBackend, read_capabilities, settings_xml
from kiosk.scanning.device import ScanError, ScanSettings
from kiosk.scanning.escl_simulator import capabilities_xml
from tests.fuzzing import Tally, fuzz
from tests.kiosk.scanning.scanner_fixtures import page_number


def _scan(device, settings, cancel_after=None, **backend):
    pages = []
    count = EsclBackend(retry_seconds=0.01, **backend).scan(
        device,
        settings,
        pages.append,
        lambda: cancel_after is not None and len(pages) >= cancel_after,
    )
    assert count == len(pages) and [p.index for p in pages] == list(range(count))
    return pages


def _calls(sim, method):
    return [path for m, path in sim.state.requests if m == method]


def test_devices_and_capabilities(escl_sim):
    backend = EsclBackend([escl_sim.url, "http://127.0.0.1:9/eSCL"])  # the second is down
    assert [(d.id, d.name) for d in backend.devices()] == [
        (escl_sim.device_id, "Kiosk eSCL Simulator")
    ]
    options = backend.options(escl_sim.device_id)
    assert options["modes"] == ["color", "gray", "lineart"]
    assert set(options["sources"]) == {"flatbed", "feeder"}
    assert 300 in options["dpi"] and 200 in options["dpi"]


def test_flatbed_page_is_a4_jpeg_and_the_job_is_cleaned_up(escl_sim):
    pages = _scan(escl_sim.device_id, ScanSettings(mode="gray", dpi=300))
    assert len(pages) == 1 and pages[0].mime == "image/jpeg"
    image = Image.open(io.BytesIO(pages[0].data))
    assert image.size == (2480, 3508) and image.mode == "L"
    assert page_number(image, 300) == 1
    (job,) = _calls(escl_sim, "DELETE")
    assert _calls(escl_sim, "POST") == ["/eSCL/ScanJobs"]
    assert _calls(escl_sim, "GET")[-1] == f"{job}/NextDocument"


def test_feeder_pages_come_in_order_through_busy_answers(escl_sim):
    escl_sim.state.feeder_pages = 4
    escl_sim.faults.busy_before = 2  # "503 Service Unavailable" twice before every page
    pages = _scan(escl_sim.device_id, ScanSettings(mode="color", dpi=100, source="feeder"))
    numbers = [page_number(Image.open(io.BytesIO(p.data)), 100) for p in pages]
    assert numbers == [1, 2, 3, 4]
    assert len(_calls(escl_sim, "GET")) > 4 * 3  # the retries really happened


def test_lineart_is_asked_as_png(escl_sim):
    (page,) = _scan(escl_sim.device_id, ScanSettings(mode="lineart", dpi=200))
    assert page.mime == "image/png"
    assert Image.open(io.BytesIO(page.data)).mode == "1"


def test_page_count_stops_the_feeder(escl_sim):
    escl_sim.state.feeder_pages = 5
    assert len(_scan(escl_sim.device_id, ScanSettings(dpi=75, source="feeder", pages=2))) == 2
    assert len(_calls(escl_sim, "DELETE")) == 1  # the job left running is cancelled


def test_conflict_is_explained(escl_sim):
    escl_sim.faults.conflict = True
    with pytest.raises(ScanError, match="xung đột thiết lập"):
        _scan(escl_sim.device_id, ScanSettings())


def test_jam_keeps_the_pages_before_it(escl_sim):
    escl_sim.state.feeder_pages = 5
    escl_sim.faults.jam_after = 2
    pages = []
    with pytest.raises(ScanError, match="Kẹt giấy trong khay nạp sau 2 trang"):
        EsclBackend().scan(
            escl_sim.device_id, ScanSettings(dpi=75, source="feeder"), pages.append, lambda: False
        )
    assert len(pages) == 2


def test_empty_feeder(escl_sim):
    escl_sim.state.feeder_pages = 0
    with pytest.raises(ScanError, match="Khay nạp giấy không có giấy"):
        _scan(escl_sim.device_id, ScanSettings(source="feeder"))


def test_cancel_deletes_the_job(escl_sim):
    escl_sim.state.feeder_pages = 5
    pages = _scan(escl_sim.device_id, ScanSettings(dpi=75, source="feeder"), cancel_after=1)
    assert len(pages) == 1
    (job,) = _calls(escl_sim, "DELETE")
    assert escl_sim.state.jobs[job.rsplit("/", 1)[1]].state == "Canceled"


def test_unreachable_and_malformed_addresses():
    with pytest.raises(ScanError, match="Không kết nối được máy quét mạng"):
        _scan("escl:http://127.0.0.1:9/eSCL", ScanSettings())
    with pytest.raises(ScanError, match="không hợp lệ"):
        _scan("escl:ftp://máy-quét", ScanSettings())


def test_settings_body_uses_pwg_input_source():
    caps = read_capabilities(capabilities_xml("X", "u"))
    body = ET.fromstring(
        settings_xml(ScanSettings(source="feeder"), "image/jpeg", 300, caps["sources"]["feeder"])
    )
    assert body.findtext("pwg:InputSource", namespaces=NS) == "Feeder"
    assert body.find("scan:InputSource", NS) is None  # an HP device answers 400 to it
    assert body.findtext("scan:DocumentFormatExt", namespaces=NS) == "image/jpeg"
    assert body.findtext("scan:ColorMode", namespaces=NS) == "Grayscale8"
    assert body.findtext("pwg:ScanRegions/pwg:ScanRegion/pwg:Width", namespaces=NS) == "2480"


_TAGS = st.sampled_from(
    [
        "scan:Platen",
        "scan:PlatenInputCaps",
        "scan:Adf",
        "scan:AdfSimplexInputCaps",
        "scan:SettingProfiles",
        "scan:SettingProfile",
        "scan:ColorModes",
        "scan:ColorMode",
        "scan:DiscreteResolution",
        "scan:XResolution",
        "scan:MaxWidth",
        "scan:ResolutionRange",
        "scan:Min",
        "scan:Max",
        "pwg:DocumentFormat",
        "pwg:MakeAndModel",
    ]
)
_TEXT = st.one_of(
    st.sampled_from(["300", "RGB24", "²", "٣٠٠", "-5", "99999999999", "image/jpeg", ""]),
    st.text(max_size=8),
)


@st.composite
def _xml(draw, depth=0):
    tag = draw(_TAGS)
    kids = draw(st.lists(_xml(depth + 1), max_size=2)) if depth < 4 else []
    text = draw(_TEXT).replace("&", "&amp;").replace("<", "&lt;")
    return f"<{tag}>{text}{''.join(kids)}</{tag}>"


@fuzz()
@given(body=st.lists(_xml(), max_size=3), raw=st.binary(max_size=64))
def test_capabilities_parser_never_crashes(body, raw):
    tally = Tally("escl capabilities")
    head = f'<scan:ScannerCapabilities xmlns:scan="{NS["scan"]}" xmlns:pwg="{NS["pwg"]}">'
    document = (head + "".join(body) + "</scan:ScannerCapabilities>").encode("utf-8", "replace")
    for data in (document, raw, document[: len(document) // 2]):
        result = tally.call(read_capabilities, data, allowed=(ScanError,))
        if isinstance(result, dict):
            assert all(isinstance(d, int) and d > 0 for d in result["dpi"])
    tally.check()
