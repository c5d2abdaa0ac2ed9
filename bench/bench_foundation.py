"""Start-up time to the first window, and due-date computations per second."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta

from bench.run import figure

BARE_WINDOW = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1366, 768); w.show()
QTimer.singleShot(0, lambda: (print(f"shown {time.time():.6f}", flush=True), app.quit()))
app.exec()
"""


def _time_to_shown(cmd: list[str], env: dict) -> float:
    start = time.time()
    out = subprocess.run(
        cmd, capture_output=True, text=True, env=env, timeout=60, check=True
    ).stdout
    shown = next(line for line in out.splitlines() if line.startswith("shown "))
    return float(shown.split()[1]) - start


def startup(runs: int = 7) -> dict:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        KIOSK_STARTUP_PROBE="1",
        KIOSK_DATA_DIR=tempfile.mkdtemp(),
        KIOSK_CONFIG_DIR=tempfile.mkdtemp(),
    )
    ours, bare = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        bare.append(_time_to_shown([sys.executable, "-c", BARE_WINDOW], env))
        ours.append(_time_to_shown([sys.executable, "-m", "app", "demo"], env))
    o, b = statistics.median(ours), statistics.median(bare)
    return figure(
        "startup_to_first_window",
        o * 1000,
        "ms",
        "bare PySide6 QMainWindow",
        b * 1000,
        runs=runs,
        platform="offscreen",
        ours_ms=[round(x * 1000, 1) for x in ours],
        bare_ms=[round(x * 1000, 1) for x in bare],
    )


def due_dates(n: int = 20_000) -> dict:
    from kiosk.calendar import WorkCalendar, default_override_paths, load_overrides

    cal = WorkCalendar(load_overrides(default_override_paths()))
    rng = random.Random(7)
    base = datetime(2024, 1, 1, 8)
    cases = [
        (
            base + timedelta(days=rng.randrange(3 * 365), minutes=rng.randrange(600)),
            rng.choice([0, 1, 3, 5, 7, 10, 15, 20, 30]),
        )
        for _ in range(n)
    ]
    for when, days in cases[:500]:  # warm the package's per-year caches
        cal.due_date(when, days)

    def naive(when: datetime, days: int):
        day = when.date()
        while days:
            day += timedelta(days=1)
            days -= day.weekday() < 5
        return day

    t0 = time.perf_counter()
    for when, days in cases:
        cal.due_date(when, days)
    ours = n / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for when, days in cases:
        naive(when, days)
    bare = n / (time.perf_counter() - t0)
    return figure(
        "due_date_computations",
        ours,
        "per s",
        "weekend-only loop (no holidays)",
        bare,
        n=n,
        note="ratio < 1: ours is slower than a loop that ignores holidays; higher is better",
    )


def run() -> list[dict]:
    return [startup(), due_dates()]
