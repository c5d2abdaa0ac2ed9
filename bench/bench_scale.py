"""The officer's lists and a month's statistics on a store of 1,000,000 dossiers (issue 14 §6).

The store is generated once with bulk inserts (about four years of a busy office: dossiers, their
status events and papers) into a SQLite file migrated by the app's own migrations, and cached in
``$KIOSK_BENCH_CACHE`` (default ``~/.cache/kiosk-bench``; delete it to regenerate). Each figure is
measured against a bare indexed query over the same rows in the same run:

- the deadline watch (the officer's "today" list: counts and the 30 most urgent) against a bare
  ``count(*)`` of the accepted dossiers due by the next working day (goal ≤ 20 ms);
- the dossier list page (newest 200) against bare SQL of the same rows (same columns, join and
  order, without the ORM);
- the statistics of one month (office, officers, days) against a bare ``count(*)`` of the month's
  received dossiers (goal ≤ 1 s);
- the same statistics on a 10,000-dossier store, to show how they grow.

Each figure is the best of several runs after a warm-up (the medians are in the details, with the
machine's load average: on a shared machine the median also measures the neighbours).

Usage: ``python bench/run.py scale`` (``KIOSK_BENCH_DOSSIERS`` to change the size).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.run import figure

DOSSIERS = int(os.environ.get("KIOSK_BENCH_DOSSIERS", "1000000"))
SMALL = 10_000
OFFICERS = 20
FIRST_DAY = date(2023, 1, 2)
TODAY = date(2026, 12, 7)
MONTH = "2026-11"
FORMAT = 4  # bump when the generated data changes
REPEAT = 15


def cache_dir() -> Path:
    folder = os.environ.get("KIOSK_BENCH_CACHE") or Path.home() / ".cache" / "kiosk-bench"
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _utc(day: date, minute: int) -> str:
    local = datetime(day.year, day.month, day.day, 7, 30) + timedelta(minutes=minute)
    # as the store writes a UTC timestamp on SQLite (kiosk.models.UtcDateTime)
    return (local - timedelta(hours=7)).isoformat(" ", timespec="microseconds")


def generate(path: Path, count: int) -> dict:
    """A migrated store at ``path`` holding ``count`` dossiers; returns what was made."""
    from kiosk.calendar import WorkCalendar
    from kiosk.db import open_store, sqlite_url
    from tests.factories import add_procedure

    tmp = path.with_name(path.name + ".part")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    store = open_store(sqlite_url(tmp), folder=tmp.parent / "files")
    versions = [add_procedure(store, code=f"1.00{n:04d}", days=d) for n, d in enumerate((3, 5, 10))]
    store.close()
    cal = WorkCalendar()
    db = sqlite3.connect(tmp)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -400000")
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('dossiers', 'dossier_events', 'dossier_items')"
    ).fetchall()
    for name, _sql in indexes:  # rebuilt after the bulk load (faster than row by row)
        db.execute(f'DROP INDEX "{name}"')
    db.executemany(
        "INSERT INTO officers (id, username, full_name, role, secret_hash, active, created_at) "
        "VALUES (?, ?, ?, 'officer', 'x', 1, '2023-01-01 00:00:00')",
        [(n, f"officer{n:02d}", f"Cán bộ {n:02d}") for n in range(1, OFFICERS + 1)],
    )
    db.execute(
        "INSERT INTO blobs (sha256, size, media_type, created_at, sync_state) "
        "VALUES (?, 1, 'application/pdf', '2023-01-01 00:00:00', 'confirmed')",
        ("b" * 64,),
    )
    working = [d for d in (FIRST_DAY + timedelta(n) for n in range(3000)) if d < TODAY]
    working = [d for d in working if cal.is_working_day(d)]
    per_day = count / len(working)
    rnd = random.Random(14)
    dossiers, events, items = [], [], []
    made = 0
    dues: dict[tuple[date, int], date] = {}

    def flush() -> None:
        db.executemany(
            "INSERT INTO dossiers (id, code, procedure_version_id, channel, applicant, "
            "applicant_id_number, applicant_name_folded, status, received_at, due_date, "
            "due_date_reset, supplement_requests, officer_id, counter, rules, revision, "
            "sync_state, created_at, updated_at) VALUES (?, ?, ?, 'counter', ?, ?, ?, ?, ?, ?, "
            "0, ?, ?, 1, '{}', 3, 'confirmed', ?, ?)",
            dossiers,
        )
        db.executemany(
            "INSERT INTO dossier_events (dossier_id, at, status, officer_id, note) "
            "VALUES (?, ?, ?, ?, NULL)",
            events,
        )
        db.executemany(
            "INSERT INTO dossier_items (dossier_id, position, name, voluntary, originals, "
            "certified_copies, photocopies, pages, pdf_sha256) VALUES (?, ?, 'Giấy tờ', 0, 1, "
            "0, 0, 1, ?)",
            items,
        )
        dossiers.clear(), events.clear(), items.clear()

    for index, day in enumerate(working):
        n = int(per_day * (index + 1)) - int(per_day * index)
        if index == len(working) - 1:
            n = count - made
        for seq in range(1, n + 1):
            made += 1
            did = f"{made:08x}-0000-4000-8000-000000000000"
            officer = rnd.randint(1, OFFICERS)
            minute = rnd.randint(0, 480)
            received = _utc(day, minute)
            limit = rnd.choice((3, 5, 10))
            due = dues.get((day, limit))
            if due is None:
                due = dues[day, limit] = cal.add_working_days(day, limit)
            roll = rnd.random()
            supplements = 0
            status = "returned"
            if roll < 0.02:
                status, received_at, due_date = "refused", None, None
                events.append((did, received, "refused", officer))
            elif roll < 0.05:
                supplements = 1
                events.append((did, received, "supplement_requested", officer))
                status, received_at, due_date = "supplement_requested", None, None
            else:
                received_at, due_date = received, due.isoformat()
                events.append((did, received, "accepted", officer))
                finish = due + timedelta(days=rnd.choice((-2, -1, -1, 0, 0, 0, 1, 3)))
                if finish >= TODAY or rnd.random() < 0.002:
                    status = "accepted"  # in progress (a few forgotten: late)
                else:
                    events.append((did, _utc(finish, 420), "result_ready", None))
                    back = finish + timedelta(days=rnd.randint(0, 5))
                    if back < TODAY:
                        events.append((did, _utc(back, 60), "returned", officer))
                    else:
                        status = "result_ready"
                items.append((did, 1, "b" * 64))
                items.append((did, 2, "b" * 64 if rnd.random() < 0.8 else None))
            code = f"000.31.27.H56-{day:%y%m%d}-{seq:04d}"
            applicant = json.dumps({"full_name": f"Công dân {made}"}, ensure_ascii=False)
            dossiers.append(
                (
                    did,
                    code,
                    versions[limit == 5 and 1 or limit == 10 and 2 or 0],
                    applicant,
                    f"{made:012d}",
                    f"cong dan {made}",
                    status,
                    received_at,
                    due_date,
                    supplements,
                    officer,
                    received,
                    received,
                )
            )
        if len(dossiers) >= 50_000:
            flush()
    flush()
    for _name, sql in indexes:
        db.execute(sql)
    db.execute("ANALYZE")
    db.commit()
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    tmp.replace(path)
    return {"dossiers": made, "days": len(working)}


def cached_store(count: int) -> Path:
    path = cache_dir() / f"scale-{count}-v{FORMAT}.sqlite3"
    if not path.exists():
        t0 = time.perf_counter()
        made = generate(path, count)
        print(f"   generated {made['dossiers']:,} dossiers in {time.perf_counter() - t0:.0f} s")
    return path


def best_ms(fn, repeat: int = REPEAT) -> float:
    """The best of ``repeat`` runs, in ms (as ``timeit`` reports): on a machine shared with other
    work the median measures the neighbours; the median is kept in ``MEDIANS`` for the record."""
    fn()  # warm the page cache
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    MEDIANS.append(round(statistics.median(times), 2))
    return min(times)


MEDIANS: list[float] = []


def measure(path: Path) -> dict:
    from sqlalchemy import text

    from kiosk.calendar import WorkCalendar
    from kiosk.db import open_store, sqlite_url
    from kiosk.deadline_watch import DeadlineWatch
    from kiosk.dossier_view import DossierQueries
    from kiosk.statistics import StatisticsService, month_period

    store = open_store(sqlite_url(path), folder=path.parent / "files")
    cal = WorkCalendar()
    watch = DeadlineWatch(store.reads, cal)
    lists = DossierQueries(store.reads)
    stats = StatisticsService(store.reads)
    nwd = cal.next_working_day(TODAY)
    start, end = month_period(MONTH)
    lo = (datetime(start.year, start.month, 1) - timedelta(hours=7)).replace(tzinfo=UTC)
    hi = datetime.combine(end + timedelta(days=1), datetime.min.time()) - timedelta(hours=7)

    def bare(sql, **params):
        def run():
            with store.reads.begin() as s:
                return s.execute(text(sql), params).all()

        return run

    month = stats.month(MONTH, TODAY)
    MEDIANS.clear()
    out = {
        "watch": best_ms(lambda: watch.board(TODAY, 30)),
        "watch_bare": best_ms(
            bare(
                "SELECT count(*) FROM dossiers WHERE status = 'accepted' AND due_date <= :d",
                d=nwd.isoformat(),
            )
        ),
        "page": best_ms(lambda: lists.search()),
        "page_bare": best_ms(
            bare(
                "SELECT d.id, d.code, d.status, d.applicant, d.applicant_id_number, "
                "d.received_at, d.due_date, d.created_at, v.name FROM dossiers d "
                "JOIN procedure_versions v ON v.id = d.procedure_version_id "
                "ORDER BY d.created_at DESC LIMIT 200"
            )
        ),
        "stats": best_ms(lambda: stats.month(MONTH, TODAY), repeat=9),
        "stats_bare": best_ms(
            bare(
                "SELECT count(*) FROM dossiers WHERE received_at >= :lo AND received_at < :hi",
                lo=lo.replace(tzinfo=None).isoformat(" ", timespec="microseconds"),
                hi=hi.isoformat(" ", timespec="microseconds"),
            ),
            repeat=5,
        ),
        "month_received": month.office.received,
        "month_finished": month.office.finished,
        "board": watch.board(TODAY, 30),
    }
    names = ("watch", "watch_bare", "page", "page_bare", "stats", "stats_bare")
    out["medians"] = dict(zip(names, MEDIANS))
    with store.reads.begin() as s:
        out["plans"] = {
            "watch": [
                r[-1]
                for r in s.execute(
                    text(
                        "EXPLAIN QUERY PLAN SELECT count(*) FROM dossiers "
                        "WHERE status IN ('accepted') AND due_date <= '2026-12-08'"
                    )
                )
            ],
            "page": [
                r[-1]
                for r in s.execute(
                    text(
                        "EXPLAIN QUERY PLAN SELECT id FROM dossiers "
                        "ORDER BY created_at DESC LIMIT 200"
                    )
                )
            ],
        }
    store.close()
    return out


def run() -> list[dict]:
    os.environ.setdefault("KIOSK_DATA_DIR", tempfile.mkdtemp())
    big = measure(cached_store(DOSSIERS))
    small = measure(cached_store(SMALL))
    board = big["board"]
    common = {
        "measure": f"best of {REPEAT} runs (statistics: best of 9) after a warm-up",
        "load_average": os.getloadavg()[0],
        "medians_ms_1m": big["medians"],
        "dossiers": DOSSIERS,
        "store": "SQLite file (WAL), generated and cached",
        "today": TODAY.isoformat(),
    }
    return [
        figure(
            "deadline watch (today list) on 1M dossiers",
            big["watch"],
            "ms",
            "bare indexed count(*) of the same rows",
            big["watch_bare"],
            goal_ms=20,
            due_today=board.due_today,
            due_tomorrow=board.due_tomorrow,
            late=board.late,
            plan=big["plans"]["watch"],
            **common,
        ),
        figure(
            "dossier list page (newest 200) on 1M dossiers",
            big["page"],
            "ms",
            "bare SQL of the same 200 rows (same columns, join, order)",
            big["page_bare"],
            plan=big["plans"]["page"],
            **common,
        ),
        figure(
            f"statistics for a month ({MONTH}) on 1M dossiers",
            big["stats"],
            "ms",
            "bare indexed count(*) of the month's received dossiers",
            big["stats_bare"],
            goal_ms=1000,
            received=big["month_received"],
            finished=big["month_finished"],
            **common,
        ),
        figure(
            f"statistics for a month ({MONTH}): 1M vs 10k dossiers",
            big["stats"],
            "ms",
            "the same statistics on 10,000 dossiers",
            small["stats"],
            received_small=small["month_received"],
            received_big=big["month_received"],
            **common,
        ),
        figure(
            "deadline watch: 1M vs 10k dossiers",
            big["watch"],
            "ms",
            "the same list on 10,000 dossiers",
            small["watch"],
            **common,
        ),
    ]
