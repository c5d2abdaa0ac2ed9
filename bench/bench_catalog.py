"""Catalog search latency over a 2,000-procedure catalog: FTS5 on the folded name vs a LIKE scan.

The catalog is the seed plus generated variants (benchmark only, never shipped), imported through
the real importer. Both paths run through ``CatalogService.search`` (one transaction per query, as
the officer's picker and the kiosk call it), interleaved so both see the same machine load.
"""

from __future__ import annotations

import copy
import json
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.run import figure, percentile

TARGET_PROCEDURES = 2000
ROUNDS = 40
QUERIES = [
    "dang ky ket hon",
    "đăng ký khai sinh",
    "khai sinh",
    "1.001193",
    "chung thuc ban sao",
    "ho kinh doanh",
    "cap lai giay chung nhan",
    "tro cap xa hoi",
    "dat dai",
    "xac nhan tinh trang hon nhan",
    "tam tru",
    "giay phep xay dung",
]
PLACES = [
    "cho người cao tuổi",
    "tại khu vực biên giới",
    "cho người khuyết tật",
    "trong khu công nghiệp",
    "cho hộ nghèo",
    "đối với tổ chức",
    "liên thông điện tử",
    "trên môi trường điện tử",
]


def build_catalog(seed: dict) -> dict:
    """The seed plus variants with new codes and longer names, up to TARGET_PROCEDURES."""
    procedures = list(seed["procedures"])
    n = 0
    while len(procedures) < TARGET_PROCEDURES:
        base = seed["procedures"][n % len(seed["procedures"])]
        variant = copy.deepcopy(base)
        variant["code"] = f"9.{n:06d}"
        suffix = f" {PLACES[n % len(PLACES)]} (biến thể {n})"
        for v in variant["versions"]:
            if "name" in v:
                v["name"] += suffix
        procedures.append(variant)
        n += 1
    return dict(seed, procedures=procedures)


def run() -> list[dict]:
    from kiosk.catalog import CatalogService
    from kiosk.db import open_store, sqlite_url
    from kiosk.paths import resource

    folder = Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    store = open_store(sqlite_url(folder / "catalog.sqlite3"))
    seed = json.loads(resource("catalog", "seed.json").read_text(encoding="utf-8"))
    path = folder / "catalog-2000.json"
    path.write_text(json.dumps(build_catalog(seed), ensure_ascii=False), encoding="utf-8")
    started = time.perf_counter()
    report = CatalogService(store.sessions).import_file(path)
    import_s = time.perf_counter() - started
    fts, like = CatalogService(store.sessions, fts=True), CatalogService(store.sessions, fts=False)
    today = date(2026, 12, 5)
    assert fts.search_scan("dang ky ket hon", today)[0].code == "1.000894"
    assert like.search_scan("dang ky ket hon", today)[0].code == "1.000894"
    timings: dict[str, list[float]] = {"fts": [], "like": []}
    for _ in range(ROUNDS):
        for query in QUERIES:
            for name, service in (("fts", fts), ("like", like)):
                t0 = time.perf_counter()
                service.search_scan(query, today)  # the SQL paths (issue #10 search: its own bench)
                timings[name].append((time.perf_counter() - t0) * 1000)
    store.close()
    p = {name: (statistics.median(s), percentile(s, 99)) for name, s in timings.items()}
    details = {
        "procedures": TARGET_PROCEDURES,
        "versions_imported": report.versions_added,
        "queries": len(timings["fts"]),
        "import_seconds": round(import_s, 2),
        "goal_p99_ms": 5.0,
    }
    return [
        figure(
            "catalog search p50 (FTS5, 2,000 procedures)",
            p["fts"][0],
            "ms",
            "LIKE scan p50",
            p["like"][0],
            **details,
        ),
        figure(
            "catalog search p99 (FTS5, 2,000 procedures)",
            p["fts"][1],
            "ms",
            "LIKE scan p99",
            p["like"][1],
            **details,
        ),
    ]
