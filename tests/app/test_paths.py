"""Data-folder paths are injected: only the composition root resolves them, and the demo keeps to
its own folder (its store, its signing key, its printouts)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from kiosk.paths import AppPaths

ROOT = Path(__file__).parents[2]


def test_no_module_outside_the_composition_root_looks_for_the_data_folder():
    """``data_dir()`` is called in kiosk/paths.py (AppPaths) and nowhere in kiosk/printing/ui/sync:
    a module that finds the folder itself would ignore the profile it was given (the demo)."""
    calls = re.compile(r"\bdata_dir\s*\(|\bplatformdirs\b")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for package in ("kiosk", "printing", "ui", "sync")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.name != "paths.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if calls.search(line)
    ]
    assert offenders == []


def test_demo_profile_is_inside_the_machine_profile(tmp_path):
    machine, demo = AppPaths(tmp_path), AppPaths.for_demo(tmp_path)
    assert demo.data == tmp_path / "demo"
    for name in (
        "store_file",
        "keys",
        "signing_key",
        "trusted_keys",
        "blobs",
        "printed",
        "holidays",
        "central",
    ):
        assert getattr(demo, name).is_relative_to(demo.data), name
        assert getattr(machine, name) != getattr(demo, name), name
    assert machine.signing_key == tmp_path / "keys" / "qr-signing-key.pem"


def _files(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()}


def test_demo_signs_with_its_own_key_and_writes_only_under_demo(tmp_path):
    """A sample form and the demo's store, key and printouts all land in ``<data>/demo``; the
    machine's own key is never created or read by the demo."""
    data = tmp_path / "data"
    env = {
        "KIOSK_DATA_DIR": str(data),
        "KIOSK_CONFIG_DIR": str(tmp_path / "config"),
        "PATH": "/usr/bin:/bin",
        "QT_QPA_PLATFORM": "offscreen",
    }
    out = tmp_path / "receipt.pdf"
    for args in (
        ["forms", "sample", "--form", "receipt", "--out", str(out)],
        ["doctor", "--demo"],
        ["officers", "--demo", "list"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "app", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.returncode == 0, done.stderr
    code = (
        "from kiosk import config; from kiosk.paths import AppPaths; "
        "from kiosk.demo import open_demo_store; from app.services import build_services; "
        "paths = AppPaths.for_demo(); cfg = config.load(config.demo_path()); "
        "s = build_services(paths, cfg, demo=True); "
        "s.print_queue.enqueue(b'%PDF-1.4 demo', 'pdf', kind='receipt'); "
        "print(s.print_queue.drain_once().printed)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
    files = _files(data)
    assert files and all(p.parts[0] == "demo" for p in files), sorted(files)
    demo = AppPaths.for_demo(data)
    assert demo.signing_key.is_file() and any(demo.printed.iterdir())
    assert not AppPaths(data).signing_key.exists()
