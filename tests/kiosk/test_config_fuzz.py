"""Fuzzing the config loader: any document, any bytes, gives a KioskConfig or a ConfigError.

Structured documents start from the demo profile and replace, drop or add keys and whole sections
with hostile values (huge integers, deep nesting, odd URLs, wrong types, a table given as a plain
value); raw inputs are arbitrary text (lone surrogates written as they are) and bytes.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from kiosk import config
from kiosk.errors import ConfigError
from tests.fuzzing import Tally, fuzz

DEMO = config.demo_path().read_text(encoding="utf-8")
SECTIONS = {
    "agency": {
        "code": '"000.31.27.H56"',
        "name": '"Trung tâm (DEMO)"',
        "parent": '"UBND"',
        "province": '"Thanh Hóa"',
    },
    "counter": {"number": "1", "mode": '"officer"'},
    "printing": {"receipt": '"pdf"', "ticket": '"escpos:net:10.0.0.5:9100"'},
    "scanning": {"scanner": '"sane:test:0"'},
    "central": {"url": '"http://127.0.0.1:8765"'},
    "hours": {"cutoff": '"15:00"', "office": '["07:30-11:30", "13:30-17:00"]'},
    "ui": {"language": '"vi"', "idle_lock_minutes": "10"},
}
ODD_STRINGS = [
    "http://[::1/",
    "http://[::1]:99999",
    "https://[fe80::1%eth0]/",
    "http://[]/",
    "https://",
    "https://exa mple.org",
    "https://host:-1/",
    "http://localhost:0",
    "ftp://127.0.0.1",
    "http://127.0.0.1\n",
    "https://ví-dụ.vn",
    "escl:http://[::1",
    "cups:",
    "escpos:net:h:",
    "15:00\n",
    "٢٣:٠٠",
    "24:00",
    "07:30-",
    "-",
    "13:30-07:30",
    "",
    " ",
    "\x00",
    "\u200b",
]


def quoted(text: str) -> str:
    return json.dumps(text)  # a TOML basic string; a lone surrogate becomes an invalid escape


def deep(n: int, kind: str) -> str:
    return "[" * n + "]" * n if kind == "array" else "{a = " * n + "1" + "}" * n


scalars = st.one_of(
    st.integers().map(str),
    st.integers(300, 6000).map(lambda n: "9" * n),
    st.sampled_from(
        [
            "inf",
            "-inf",
            "nan",
            "1e400",
            "0.5",
            "true",
            "false",
            "0x7fffffffffffffff",
            "1979-05-27",
            "07:32:00",
            "1979-05-27T07:32:00Z",
            "-0",
        ]
    ),
    st.text(max_size=40).map(quoted),
    st.sampled_from(ODD_STRINGS).map(quoted),
)
values = st.one_of(
    scalars,
    st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.dictionaries(st.sampled_from(["a", "b", "url", "code"]), inner, max_size=3).map(
                lambda d: "{" + ", ".join(f"{k} = {v}" for k, v in d.items()) + "}"
            ),
        ),
        max_leaves=8,
    ),
    st.builds(deep, st.integers(1, 3000), st.sampled_from(["array", "table"])),
)


@st.composite
def documents(draw) -> str:
    """The demo profile with some keys and sections replaced, dropped or added."""
    lines = []
    for section, keys in SECTIONS.items():
        fate = draw(st.sampled_from(["keep", "keep", "keep", "mutate", "drop", "plain value"]))
        if fate == "drop":
            continue
        if fate == "plain value":  # e.g. central = "https://…" where a table belongs
            lines.insert(0, f"{section} = {draw(values)}")
            continue
        lines.append(f"[{section}]")
        for key, good in keys.items():
            choice = (
                draw(st.sampled_from(["good", "good", "bad", "drop"]))
                if fate == "mutate"
                else "good"
            )
            if choice != "drop":
                lines.append(f"{key} = {good if choice == 'good' else draw(values)}")
        if fate == "mutate" and draw(st.booleans()):
            lines.append(f"{draw(st.sampled_from(['extra', 'url', 'x']))} = {draw(values)}")
    return "\n".join(lines) + "\n"


@st.composite
def raw_inputs(draw) -> bytes:
    """Arbitrary bytes, arbitrary text (surrogates kept), or the demo text with a splice."""
    kind = draw(st.sampled_from(["bytes", "text", "splice"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "text":
        return draw(st.text(max_size=300)).encode("utf-8", "surrogatepass")
    at = draw(st.integers(0, len(DEMO)))
    cut = draw(st.integers(0, 20))
    piece = draw(st.text(max_size=20))
    return (DEMO[:at] + piece + DEMO[at + cut :]).encode("utf-8", "surrogatepass")


def load_checked(tally: Tally, path, data: bytes) -> None:
    path.write_bytes(data)
    result = tally.call(config.load, path, allowed=(ConfigError,))
    if isinstance(result, ConfigError):
        if not ("Cấu hình" in result.message or "tệp cấu hình" in result.message):
            tally.crash(f"message without context: {result.message[:60]}")
    elif not isinstance(result, (config.KioskConfig, Exception)):
        tally.crash(f"returned {type(result).__name__}")


def test_structured_documents_never_crash(tmp_path):
    tally, path = Tally("config, structured TOML"), tmp_path / "kiosk.toml"

    @fuzz()
    @given(documents())
    def case(text):
        load_checked(tally, path, text.encode("utf-8", "surrogatepass"))

    case()
    tally.check()


def test_raw_text_and_bytes_never_crash(tmp_path):
    tally, path = Tally("config, raw text and bytes"), tmp_path / "kiosk.toml"

    @fuzz()
    @given(raw_inputs())
    def case(data):
        load_checked(tally, path, data)

    case()
    tally.check()


def test_unmodified_demo_sections_load(tmp_path):
    """The fuzzer's base document is itself valid, so mutations start from a loadable file."""
    text = "\n".join(
        f"[{s}]\n" + "\n".join(f"{k} = {v}" for k, v in keys.items())
        for s, keys in SECTIONS.items()
    )
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    assert config.load(path).ticket_printer == "escpos:net:10.0.0.5:9100"
