"""Receipt PDF (A5, two copies, signed QR, Code128, table) vs a bare reportlab page with the same
text, in one warm process. Each receipt gets a new dossier code, so no QR is reused from a cache."""

from __future__ import annotations

import dataclasses
import io
import statistics
import time

from bench.run import figure

N = 40


def _bare_page(lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen.canvas import Canvas

    from printing.fonts import SERIF

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A5, initialFontName=SERIF, initialFontSize=8)
    y = A5[1] - 20
    for line in lines:
        if y < 20:
            c.showPage()
            c.setFont(SERIF, 8)
            y = A5[1] - 20
        c.drawString(20, y, line)
        y -= 10
    c.save()
    return buf.getvalue()


def _median_ms(fn, n: int = N) -> float:
    times = []
    for i in range(n):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run() -> list[dict]:
    import subprocess

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from printing import QrSigner, render
    from printing.fonts import register_fonts
    from printing.samples import receipt

    register_fonts()
    signer = QrSigner(Ed25519PrivateKey.generate())
    base = receipt()
    DOSSIER = base.dossier

    def one(i: int) -> bytes:
        dossier = dataclasses.replace(
            DOSSIER, dossier_code=f"000.31.27.H56-250815-{i % 9000 + 1000:04d}"
        )
        return render("receipt", dataclasses.replace(base, dossier=dossier), signer=signer).pdf

    pdf = one(0)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    lines = [line for line in text.splitlines() if line.strip()]
    for i in range(5):  # warm both paths
        one(i)
        _bare_page(lines)
    receipt_ms = _median_ms(lambda i: one(i + 100))
    bare_ms = _median_ms(lambda i: _bare_page(lines))
    return [
        figure(
            "receipt PDF, warm (A5, 2 copies, signed QR, Code128)",
            receipt_ms,
            "ms",
            "bare reportlab page(s) with the same text",
            bare_ms,
            goal_ms=30,
            lines=len(lines),
            pdf_bytes=len(pdf),
            iterations=N,
        )
    ]
