"""Fuzzing what we read from SANE drivers: ``scanimage -A`` output of any shape."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.scanning.backends.sane import (
    _dpi_for,
    _has_mode,
    _pick_source,
    _resolutions,
    parse_options,
)
from tests.fuzzing import Tally, fuzz

REAL = """All options specific to device `test:0':
    --mode Gray|Color [Gray]
    --depth 1|8|16 [8]
    --resolution 1..1200dpi (in steps of 1) [50]
    --source Flatbed|Automatic Document Feeder [Flatbed]
"""
_NAMES = st.sampled_from(["--mode", "--resolution", "--source", "--depth", "-x", "--x"])
_VALUES = st.one_of(
    st.sampled_from(
        ["75|150|300dpi", "..dpi", "1..", "٣٠٠|600", "Color|Lineart", "ADF Duplex|ADF", ""]
    ),
    st.text(max_size=20),
)


@st.composite
def _line(draw):
    return f"    {draw(_NAMES)} {draw(_VALUES)} [{draw(st.text(max_size=4))}]"


def _read(text: str, wanted: int) -> tuple:
    raw = parse_options(text)
    modes = [m for m in ("color", "gray", "lineart") if _has_mode(raw, m)]
    return raw, modes, _resolutions(raw), _dpi_for(raw, wanted), _pick_source(raw, "feeder")


def test_real_output_reads_as_expected():
    raw, modes, dpi, chosen, feeder = _read(REAL, 300)
    assert modes == ["color", "gray", "lineart"]  # lineart = grey at 1 bit
    assert dpi == [150, 200, 300, 400, 600] and chosen == 300
    assert feeder == "Automatic Document Feeder"
    fixed = parse_options("    --resolution 75|100|150|200|300|600dpi [300]\n")
    assert _dpi_for(fixed, 250) == 300 and _dpi_for(fixed, 120) == 100


@fuzz()
@given(
    lines=st.lists(_line(), max_size=6), noise=st.text(max_size=80), wanted=st.integers(50, 1200)
)
def test_options_parser_never_crashes(lines, noise, wanted):
    tally = Tally("scanimage -A")
    for text in ("\n".join(lines), noise, "\n".join(lines) + noise):
        result = tally.call(_read, text, wanted)
        if isinstance(result, tuple):
            assert all(isinstance(d, int) and d > 0 for d in result[2])
            assert isinstance(result[3], int) and result[3] > 0
    tally.check()
