"""The page pipeline (kiosk.scanning.pipeline) on generated A4 scans at 300 dpi, against Pillow's
plain JPEG encode (quality 80) of the same decoded page in the same run.

- time per page, per profile: CPU time of this one process (``time.process_time``, so "one core"
  even on a shared machine), median over three kinds of page as a scanner delivers them (PNM):
  straight and borderless, turned 0.2° (measured, left alone), turned 2° on a dark bed (turned
  back and cropped), and the crooked page on its own (the slowest kind);
- bytes per page, per profile, for a full text page and for an empty one;
- OCR time per page with Tesseract (``-l vie``, one thread) on the black-and-white output, when
  the ``tesseract`` command and its Vietnamese data are present; reported on its own.
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.run import figure

DPI = 300
REPS = 5
CROOKED = "2° on the bed"


def _cpu_ms(fn, reps: int = REPS) -> float:
    times = []
    for _ in range(reps):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def _jpeg(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, dpi=(DPI, DPI))
    return out.getvalue()


def run() -> list[dict]:

    from kiosk.scanning.pipeline import process_page
    from tests.kiosk.scanning.generated_scans import encoded, page

    kinds = {
        "straight": page(dpi=DPI),
        "0.2°": page(dpi=DPI, angle=0.2, seed=1),
        CROOKED: page(dpi=DPI, angle=2, border_mm=8, seed=2),
    }
    figures = []
    for profile in ("gray", "bw", "color"):
        per_kind, base_kind = {}, {}
        for kind, scan in kinds.items():
            source = scan if profile == "color" else scan.convert("L")
            data = encoded(source)  # PNM, as SANE delivers a page
            process_page(data, profile=profile, dpi=DPI)  # warm
            per_kind[kind] = _cpu_ms(lambda d=data, p=profile: process_page(d, profile=p, dpi=DPI))
            base_kind[kind] = _cpu_ms(lambda s=source: _jpeg(s))
        value = statistics.median(per_kind.values())
        baseline = statistics.median(base_kind.values())
        load = round(os.getloadavg()[0], 2)
        figures.append(
            figure(
                f"scan pipeline, A4 {DPI} dpi, {profile}: CPU per page",
                value,
                "ms",
                "Pillow JPEG q80 encode of the same page",
                baseline,
                goal_ms=150,
                per_kind_ms={k: round(v, 1) for k, v in per_kind.items()},
                baseline_per_kind_ms={k: round(v, 1) for k, v in base_kind.items()},
                input="PNM bytes (decode included)",
                reps=REPS,
                load_average_1min=load,
            )
        )
        # the slowest kind on its own: the median above hides it (turn + crop of every pixel)
        figures.append(
            figure(
                f"scan pipeline, A4 {DPI} dpi, {profile}: CPU per crooked dense page",
                per_kind[CROOKED],
                "ms",
                "Pillow JPEG q80 encode of the same page",
                base_kind[CROOKED],
                goal_ms=150,
                page="40 lines of text turned 2° on a dark bed (8 mm): turned back and cropped",
                input="PNM bytes (decode included)",
                reps=REPS,
                load_average_1min=load,
            )
        )

    text, empty = page(dpi=DPI), page(dpi=DPI, lines=0, seed=4)
    crooked = kinds[CROOKED]
    bw_text = b""
    for profile in ("gray", "bw", "color"):

        def source(scan, profile=profile):
            return scan if profile == "color" else scan.convert("L")

        result = process_page(encoded(source(text)), profile=profile, dpi=DPI)
        bw_text = result.data if profile == "bw" else bw_text
        blank = process_page(encoded(source(empty)), profile=profile, dpi=DPI)
        turned = process_page(encoded(source(crooked)), profile=profile, dpi=DPI)
        plain = len(_jpeg(source(text)))
        figures.append(
            figure(
                f"scan pipeline, A4 {DPI} dpi, {profile}: bytes per text page",
                len(result.data),
                "bytes",
                "Pillow JPEG q80 of the same page",
                plain,
                mime=result.mime,
                goal_bytes=80 * 1024 if profile == "bw" else None,
                empty_page_bytes=len(blank.data),
                empty_page_flagged_blank=blank.blank,
                crooked_page_bytes=len(turned.data),
                page="40 lines of 11 pt Vietnamese text on off-white paper, noise σ 6",
            )
        )

    figures.extend(_ocr(bw_text))
    return figures


def _ocr(bw_tiff: bytes) -> list[dict]:
    tesseract = shutil.which("tesseract")
    if not tesseract or not bw_tiff:
        print("   (tesseract not found: no OCR figure)")
        return []
    langs = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True).stdout
    if "vie" not in langs.split():
        print("   (tesseract has no Vietnamese data: no OCR figure)")
        return []
    folder = Path(tempfile.mkdtemp())
    page = folder / "page.tiff"
    page.write_bytes(bw_tiff)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    times, text = [], ""
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run(
            [tesseract, str(page), "stdout", "-l", "vie", "--dpi", str(DPI)],
            capture_output=True,
            text=True,
            env=env,
        )
        times.append((time.perf_counter() - start) * 1000)
        text = done.stdout
    shutil.rmtree(folder, ignore_errors=True)
    return [
        figure(
            f"OCR (tesseract -l vie, 1 thread), A4 {DPI} dpi B&W text page: time per page",
            statistics.median(times),
            "ms",
            runs=3,
            wall_clock=True,
            found_heading="Cộng hòa xã hội chủ nghĩa Việt Nam" in text,
            characters=len(text),
        )
    ]
