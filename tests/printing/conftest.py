"""Helpers that prove what a PDF shows by decoding it with poppler and zbar, as a reader would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

TOOLS = ("pdftotext", "pdftoppm", "pdffonts", "zbarimg")


def _need(tool: str) -> str:
    exe = shutil.which(tool)
    if not exe:
        pytest.skip(f"{tool} is not installed (apt-get install poppler-utils zbar-tools)")
    return exe


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        [_need("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")


def pdf_pages(pdf: bytes) -> int:
    out = subprocess.run(
        [_need("pdfinfo"), "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def zbar_codes(pdf: bytes, tmp: Path, page: int = 1) -> list[tuple[str, str]]:
    """Render one page at 300 dpi and decode every symbol on it: [(type, text)]."""
    stem = tmp / f"page{page}"
    subprocess.run(
        [
            _need("pdftoppm"),
            "-r",
            "300",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            "-",
            str(stem),
        ],
        input=pdf,
        check=True,
    )
    # Only the symbologies we print: a random QR's modules can look like an I2/5 or EAN to zbar.
    out = subprocess.run(
        [_need("zbarimg"), "-q", "-Sdisable", "-Sqrcode.enable", "-Scode128.enable", f"{stem}.png"],
        capture_output=True,
        check=False,
    ).stdout.decode("utf-8")
    codes: list[tuple[str, str]] = []
    for line in out.split("\n"):
        kind, sep, rest = line.partition(":")
        if sep and kind in ("QR-Code", "CODE-128"):
            codes.append((kind, rest))
        elif codes:
            codes[-1] = (codes[-1][0], codes[-1][1] + "\n" + line)
    return [(k, v.rstrip("\n")) for k, v in codes]


def pdf_fonts(pdf: bytes, tmp: Path) -> list[dict]:
    path = tmp / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([_need("pdffonts"), str(path)], capture_output=True, check=True).stdout
    rows = []
    for line in out.decode().splitlines()[2:]:
        parts = line.split()
        emb, sub, uni = parts[-5:-2]
        rows.append({"name": parts[0], "emb": emb, "sub": sub, "uni": uni})
    return rows


@pytest.fixture
def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def signer(signing_key):
    from printing import QrSigner

    return QrSigner(signing_key)
