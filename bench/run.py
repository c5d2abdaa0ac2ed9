"""Run every benchmark module (``bench/bench_*.py``) and write ``bench/results.json``.

Each module has ``run() -> list[dict]``; each dict is one figure:
``{"name", "value", "unit", "baseline": {"name", "value"}, "ratio", "details"}``, measured
against its baseline in the same run. Usage: ``python bench/run.py [NAME_FILTER]``.
"""

from __future__ import annotations

import importlib.util
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = argv[0] if argv else ""
    results, started = [], time.time()
    for path in sorted(HERE.glob("bench_*.py")):
        if wanted not in path.stem:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {path.stem}", flush=True)
        for figure in module.run():
            figure.setdefault("module", path.stem)
            print(
                f"   {figure['name']}: {figure['value']:.4g} {figure['unit']}"
                + (
                    f"  (baseline {figure['baseline']['name']}: {figure['baseline']['value']:.4g},"
                    f" ratio {figure['ratio']:.3g})"
                    if figure.get("baseline")
                    else ""
                ),
                flush=True,
            )
            results.append(figure)
    out = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": __import__("os").cpu_count(),
        },
        "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
        "figures": results,
    }
    target = HERE / "results.json"
    if wanted and target.exists():  # a partial run keeps the other modules' figures
        old = json.loads(target.read_text())
        keep = [f for f in old.get("figures", []) if wanted not in f.get("module", "")]
        out["figures"] = keep + results
    target.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target}")
    return 0


def percentile(samples: list[float], p: float) -> float:
    """The ``p``-th percentile of ``samples`` (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def figure(
    name: str,
    value: float,
    unit: str,
    baseline_name: str | None = None,
    baseline_value: float | None = None,
    **details,
) -> dict:
    """Build one figure; the ratio is value / baseline (lower is better for times)."""
    entry = {"name": name, "value": value, "unit": unit, "details": details}
    if baseline_name is not None:
        entry["baseline"] = {"name": baseline_name, "value": baseline_value}
        entry["ratio"] = value / baseline_value if baseline_value else None
    return entry


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main(sys.argv[1:]))
