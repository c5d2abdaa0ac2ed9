"""Dossier codes: format, parse, and allocation without duplicates across processes."""

import subprocess
import sys
from datetime import date

import pytest

from kiosk.code_service import CodeService
from kiosk.codes import FallbackPlan, format_dossier_code, parse_dossier_code, validate_agency_code
from kiosk.errors import CodeAllocationError, InvalidInput

AGENCY = "000.00.17.H05"
DAY = date(2026, 12, 7)


def test_format_and_parse_round_trip():
    code = format_dossier_code(AGENCY, date(2018, 8, 15), 1)
    assert code == "000.00.17.H05-180815-0001"
    parsed = parse_dossier_code(" " + code + "\n")
    assert (parsed.agency_code, parsed.day, parsed.sequence) == (AGENCY, date(2018, 8, 15), 1)
    assert str(parsed) == code


@pytest.mark.parametrize(
    "bad", ["000.00.17.h05", "00.00.17.H05", "000.00.17.H5", "000-00-17-H05", ""]
)
def test_agency_code_shape_is_checked(bad):
    with pytest.raises(InvalidInput, match="QCVN 102"):
        validate_agency_code(bad)


@pytest.mark.parametrize(
    "bad, words",
    [
        ("000.00.17.H05-181315-0001", "không tồn tại"),
        ("000.00.17.H05-180815-0000", "0000"),
        ("000.00.17.H05-180815-001", "không phải mã hồ sơ"),
        ("hello", "không phải mã hồ sơ"),
    ],
)
def test_parse_refuses_bad_codes(bad, words):
    with pytest.raises(InvalidInput, match=words):
        parse_dossier_code(bad)


def test_fallback_ranges_of_counters_do_not_overlap():
    plan = FallbackPlan()
    ranges = [plan.range_for(c) for c in range(1, plan.max_counters + 1)]
    numbers = [n for first, last in ranges for n in range(first, last + 1)]
    assert len(numbers) == len(set(numbers))
    assert min(numbers) == plan.base + 1 and max(numbers) <= 9999
    with pytest.raises(InvalidInput):
        plan.range_for(plan.max_counters + 1)


def test_allocate_uses_reserved_block_then_fallback(store):
    codes = CodeService(store.sessions)
    codes.add_block(AGENCY, DAY, 101, 102)
    got = [codes.allocate(AGENCY, DAY, counter=3) for _ in range(4)]
    assert got == [
        f"{AGENCY}-261207-0101",
        f"{AGENCY}-261207-0102",
        f"{AGENCY}-261207-9101",
        f"{AGENCY}-261207-9102",
    ]


def test_block_in_fallback_area_or_overlapping_is_refused(store):
    codes = CodeService(store.sessions)
    with pytest.raises(InvalidInput):
        codes.add_block(AGENCY, DAY, 8990, 9010)
    codes.add_block(AGENCY, DAY, 1, 100)
    with pytest.raises(InvalidInput, match="trùng"):
        codes.add_block(AGENCY, DAY, 50, 150)
    assert [b.first for b in codes.blocks(AGENCY, DAY)] == [1]


def test_fallback_exhaustion_is_reported(store):
    codes = CodeService(store.sessions, FallbackPlan(base=9990, size=3))
    for _ in range(3):
        codes.allocate(AGENCY, DAY, counter=1)
    with pytest.raises(CodeAllocationError, match="hết 3 số dự phòng"):
        codes.allocate(AGENCY, DAY, counter=1)


WORKER = """
import sys
from datetime import date
from kiosk.code_service import CodeService
from pathlib import Path
from kiosk.db import open_store
store = open_store(sys.argv[1], folder=Path(sys.argv[4]))
codes = CodeService(store.sessions)
out = [codes.allocate("000.00.17.H05", date(2026, 12, 7), counter=int(sys.argv[2])) \
for _ in range(int(sys.argv[3]))]
print("\\n".join(out))
"""


@pytest.mark.slow
def test_allocation_under_concurrency_has_no_duplicates(db_url, open_db, store_folder):
    """Six processes (three counters sharing an office store) allocate at once:
    all codes distinct."""
    url = db_url
    store = open_db()
    CodeService(store.sessions).add_block(AGENCY, DAY, 1, 100)
    store.close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url, str(1 + i % 3), "25", str(store_folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(6)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in results]
    codes = [line for out, _ in results for line in out.split()]
    assert len(codes) == 150
    assert len(set(codes)) == 150
    seqs = sorted(parse_dossier_code(c).sequence for c in codes)
    assert seqs[:100] == list(range(1, 101))  # the reserved block is used up first
    assert all(9001 <= s <= 9150 for s in seqs[100:])  # then each counter uses its own range


def test_demo_seed_reserves_blocks_once(store):
    from kiosk.demo import seed_code_blocks

    seed_code_blocks(store, days=3)
    seed_code_blocks(store, days=3)  # idempotent: every demo start runs it
    codes = CodeService(store.sessions)
    today = date.today()
    assert [(b.first, b.last, b.source) for b in codes.blocks("000.31.27.H56", today)] == [
        (1, 500, "office")
    ]
    assert codes.allocate("000.31.27.H56", today, counter=1).endswith("-0001")
