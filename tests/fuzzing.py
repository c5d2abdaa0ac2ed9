"""Shared pieces of the Hypothesis fuzz tests.

``fuzz()`` gives the settings: ``FUZZ_EXAMPLES`` examples per test (200 unless the environment says
otherwise), no deadline. ``Tally`` runs each case and counts crashes, meaning any exception other
than the ones the parser is allowed to raise. Normally the first crash fails the test and Hypothesis
shrinks it; with ``FUZZ_COUNT=1`` every case runs, and the test fails at the end with the number of
cases and crashes by kind (``pytest -s`` prints the figures when there are none), e.g.::

    FUZZ_EXAMPLES=10000 FUZZ_COUNT=1 .venv/bin/python -m pytest tests/kiosk/test_config_fuzz.py -s
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable

from hypothesis import HealthCheck, settings

COUNTING = os.environ.get("FUZZ_COUNT", "") not in ("", "0")


def examples() -> int:
    return int(os.environ.get("FUZZ_EXAMPLES", "200"))


def fuzz(**overrides) -> settings:
    """Hypothesis settings for a fuzz test: FUZZ_EXAMPLES examples, no deadline."""
    return settings(
        max_examples=examples(),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
        **overrides,
    )


class Tally:
    """Counts the cases run and the crashes among them, by exception type and first words."""

    def __init__(self, name: str) -> None:
        self.name, self.cases, self.crashes = name, 0, Counter()

    def call(self, fn: Callable, *args, allowed: tuple[type[BaseException], ...] = ()):
        """fn(*args), or the allowed exception it raised; any other exception is a crash."""
        self.cases += 1
        try:
            return fn(*args)
        except allowed as exc:
            return exc
        except Exception as exc:  # noqa: BLE001 (counting every unexpected exception is the point)
            self.crash(exc)
            return exc

    def crash(self, exc: BaseException | str) -> None:
        kind = (
            exc
            if isinstance(exc, str)
            else (f"{type(exc).__name__}: {re.sub(r'[0-9]+', 'N', str(exc))[:80]}")
        )
        self.crashes[kind] += 1
        if not COUNTING:
            raise AssertionError(f"{self.name}: crash {kind}") from (
                None if isinstance(exc, str) else exc
            )

    def summary(self) -> str:
        kinds = "".join(f"\n  {n} × {kind}" for kind, n in self.crashes.most_common(10))
        return f"{self.name}: {self.cases} cases, {sum(self.crashes.values())} crashes{kinds}"

    def check(self) -> None:
        print(self.summary())
        assert self.cases > 0
        assert not self.crashes, self.summary()
