"""Two counters accepting at once on one store (PostgreSQL office mode, and SQLite):
nothing lost."""

import threading
from collections import Counter
from datetime import date

from sqlalchemy import func, select

from kiosk import audit
from kiosk.code_service import CodeService
from kiosk.codes import parse_dossier_code
from kiosk.machine import machine_id
from kiosk.models import Dossier, OutboxItem, PrintJob
from tests.factories import AGENCY, MONDAY, complete_draft, make_reception

PER_COUNTER = 15


def test_two_counters_accepting_at_once_get_distinct_codes_and_lose_nothing(
    open_db, store, version_id, tmp_path
):
    """Each counter has its own engine (as two machines would) and accepts 15 dossiers; the two
    draw from one shared block of 20 numbers, then from their own fallback ranges."""
    CodeService(store.sessions).add_block(AGENCY, date(2026, 12, 7), 1, 20, source="office")
    counters = (1, 2)
    stores = {c: open_db() for c in counters}
    receptions = {
        c: make_reception(stores[c], tmp_path / f"machine{c}", counter=c) for c in counters
    }
    drafts = {
        c: [complete_draft(receptions[c], version_id).id for _ in range(PER_COUNTER)]
        for c in counters
    }
    start = threading.Barrier(len(counters))
    codes: dict[int, list[str]] = {c: [] for c in counters}
    errors: list[BaseException] = []

    def accept_all(counter: int) -> None:
        try:
            start.wait()
            for dossier_id in drafts[counter]:
                codes[counter].append(
                    receptions[counter].accept(dossier_id, None, MONDAY).dossier.code
                )
        except BaseException as exc:  # reported below with the test's assertion
            errors.append(exc)

    threads = [threading.Thread(target=accept_all, args=(c,)) for c in counters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    for s in stores.values():
        s.close()

    assert errors == [] and all(not t.is_alive() for t in threads)
    every = codes[1] + codes[2]
    assert len(every) == 2 * PER_COUNTER and len(set(every)) == len(every)
    seqs = sorted(parse_dossier_code(c).sequence for c in every)
    assert seqs[:20] == list(range(1, 21))  # the shared block is used up first
    with store.sessions() as s:
        stored = s.scalars(select(Dossier.code).where(Dossier.code.is_not(None))).all()
        assert sorted(stored) == sorted(every)
        outbox = s.scalar(
            select(func.count())
            .select_from(OutboxItem)
            .where(OutboxItem.kind == "dossier.accepted")
        )
        assert outbox == 2 * PER_COUNTER
        machines = Counter(s.scalars(select(PrintJob.machine)))
        assert machines == {machine_id(tmp_path / f"machine{c}"): PER_COUNTER for c in counters}
        verdict = audit.verify(s)
        assert verdict.ok, verdict.message()
