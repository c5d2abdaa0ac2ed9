"""Feeder throughput, pages per minute, end to end through SANE's test backend (issue 11).

End to end: ``scan_to_folder`` starts the worker process (spawn), which runs ``scanimage
--batch`` on the test backend's feeder (10 A4 sheets, grey, 300 dpi, PNM), and writes each page
into the target folder atomically (temp file, fsync, rename, fsync of the folder) before the
parent hears of it. Baseline, in the same run: bare ``scanimage --batch`` of the same pages with
the same options into a folder, no worker, no fsync. The ratio is ours / bare (1.0 = no cost;
below 1 = slower). Figures: grey and colour (three times the bytes per page) with a kept
:class:`ScanWorker`, as the counter uses it, and grey with a new worker process per batch.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.run import figure

ROUNDS = 5
SHEETS = 10  # the test backend's feeder empties after 10 sheets


def _bare(mode: str, folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        ["scanimage", "-d", "test:0", "--format=pnm", "--resolution", "300", "--mode", mode]
        + ["--source", "Automatic Document Feeder", f"--batch={folder}/p%04d.pnm"],
        check=False,
        capture_output=True,
    )
    elapsed = time.perf_counter() - start
    assert len(list(folder.glob("p*.pnm"))) == SHEETS
    return elapsed


def _ours(mode: str, folder: Path, worker) -> float:
    from kiosk.scanning.device import ScanSettings
    from kiosk.scanning.worker import scan_to_folder

    start = time.perf_counter()
    outcome = scan_to_folder(
        "sane:test:0", ScanSettings(mode=mode, dpi=300, source="feeder"), folder, worker=worker
    )
    elapsed = time.perf_counter() - start
    assert outcome.ok and len(outcome.pages) == SHEETS, outcome.error
    return elapsed


def run() -> list[dict]:
    from kiosk.scanning.backends.sane import write_test_config
    from kiosk.scanning.worker import ScanWorker

    figures = []
    cases = [("gray", "Gray", True), ("color", "Color", True), ("gray", "Gray", False)]
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as tmp, ScanWorker() as worker:
        root = Path(tmp)
        os.environ["SANE_CONFIG_DIR"] = str(write_test_config(root / "sane.d"))
        for mode, sane_mode, warm in cases:
            ours, bare = [], []
            name = f"{mode}-{'warm' if warm else 'cold'}"
            for n in range(ROUNDS + 1):  # the first round warms caches and is not counted
                a, b = root / f"ours-{name}-{n}", root / f"bare-{name}-{n}"
                b.mkdir()
                t_ours = _ours(mode, a, worker if warm else None)
                t_bare = _bare(sane_mode, b)
                if n:
                    ours.append(t_ours)
                    bare.append(t_bare)
            ours_ppm = SHEETS * 60 / statistics.median(ours)
            bare_ppm = SHEETS * 60 / statistics.median(bare)
            page_mb = (root / f"ours-{name}-1" / "page-0001.pnm").stat().st_size / 2**20
            how = "kept worker" if warm else "new worker per batch"
            figures.append(
                figure(
                    f"feeder throughput, A4 300 dpi {mode}, {how} + atomic pages",
                    ours_ppm,
                    "pages/min",
                    "bare scanimage --batch, same pages",
                    bare_ppm,
                    sheets=SHEETS,
                    rounds=ROUNDS,
                    batch_seconds_ours=round(statistics.median(ours), 3),
                    batch_seconds_bare=round(statistics.median(bare), 3),
                    page_mb=round(page_mb, 1),
                    note="ratio = ours / bare (higher is better; 1.0 = no overhead)",
                )
            )
    return figures
