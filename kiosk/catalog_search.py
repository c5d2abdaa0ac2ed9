"""Search the way citizens and officers ask (issue #10): everyday words, no accents, telex.

An in-memory index over the procedures offered on one day, built from one plain SELECT (no
database-specific search functions, so the same code serves SQLite and PostgreSQL). Ranking:
words of the query found in the name (rare words count more), the query as a phrase, the name
starting with it, shorter names; special variants (foreign element, border area, mobile
registration…) after the base procedure unless the query names them; procedures this counter
uses often a little higher. Everyday words and old terms ("sổ đỏ", "giấy độc thân") are data, in
``resources/catalog/search-terms.json``: a query containing one is also tried with its meanings.
"""

from __future__ import annotations

import heapq
import json
import math
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from kiosk.paths import resource
from kiosk.text import fold

_TOKEN = re.compile(r"[a-z0-9]+")
_LEAD = ("thu tuc ",)
# words that make a procedure a special variant of a base one, and the query words that name it
VARIANTS = {
    "co yeu to nuoc ngoai": ("nuoc ngoai", "ngoai quoc", "tay"),
    "khu vuc bien gioi": ("bien gioi",),
    "luu dong": ("luu dong", "tai nha"),
    "ket hop": ("ket hop",),
    "lien thong": ("lien thong",),
    "dang ky lai": ("lai",),
}
# words that carry no meaning in a request ("xin", "làm", "cho", "để"…): ignored unless alone
FILLERS = frozenset(
    [
        "xin",
        "lam",
        "cho",
        "de",
        "toi",
        "minh",
        "can",
        "muon",
        "o",
        "tai",
        "cua",
        "nao",
        "gi",
        "va",
        "voi",
        "em",
        "anh",
        "chi",
        "ong",
        "ba",
        "bo",
        "me",
        "vo",
        "chong",
        "con",
        "be",
        "giup",
        "thu",
        "tuc",
    ]
)
MIN_COVERAGE = 0.65  # share of the query's weight a name must hold to be listed
PHRASE_BONUS = 0.9  # the most the query as a phrase adds (found 0.6, at the start 0.3 more)
_TONES = "sfrxj"
_TELEX = (
    ("dd", "d"),
    ("aw", "a"),
    ("aa", "a"),
    ("ee", "e"),
    ("oo", "o"),
    ("ow", "o"),
    ("uw", "u"),
    ("w", "u"),
)


@dataclass(frozen=True)
class Entry:
    version_id: int
    code: str
    name: str  # folded, without a leading "thủ tục"
    field: str
    level: str


@lru_cache(maxsize=4)
def load_terms(path: Path | None = None) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(what people say, what it means) pairs, folded, from the terms file."""
    data = json.loads((path or resource("catalog", "search-terms.json")).read_text("utf-8"))
    return tuple(
        (tuple(fold(s) for s in t["say"]), tuple(fold(m) for m in t["means"]))
        for t in data["terms"]
    )


def telex(word: str) -> str:
    """A word typed in telex without a Vietnamese keyboard, folded: "ddawngs" → "dang"."""
    out = word
    for a, b in _TELEX:
        out = out.replace(a, b)
    if len(out) > 2 and out[-1] in _TONES and re.search(r"[aeiouy]", out[:-1]):
        out = out[:-1]
    return re.sub(rf"(?<=[aeiouy])[{_TONES}](?=[a-z])", "", out)


class SearchIndex:
    """The offered procedures of one day, ready to rank a query in well under a millisecond."""

    def __init__(
        self,
        entries: Iterable[Entry],
        usage: dict[int, int] | None = None,
        terms: tuple | None = None,
    ) -> None:
        self.entries = list(entries)
        self.terms = terms if terms is not None else load_terms()
        self.tokens: list[tuple[str, ...]] = []
        self.names: list[str] = []
        self.postings: dict[str, list[int]] = {}
        for i, e in enumerate(self.entries):
            words = tuple(_TOKEN.findall(e.name))
            self.tokens.append(words)
            self.names.append(" ".join(words))
            for w in set(words):
                self.postings.setdefault(w, []).append(i)
        self.vocab = sorted(self.postings)
        n = max(1, len(self.entries))
        self.idf = {w: math.log(1 + n / len(p)) for w, p in self.postings.items()}
        top = max((usage or {}).values(), default=0)
        self.usage = [
            math.log1p((usage or {}).get(e.version_id, 0)) / math.log1p(top) if top else 0.0
            for e in self.entries
        ]
        self.variants = [tuple(v for v in VARIANTS if v in e.name) for e in self.entries]
        self.tiebreak = [(len(e.name), e.code) for e in self.entries]
        # the same facts as arrays, so a query scores every candidate at once
        self._posting = {w: np.array(p, dtype=np.intp) for w, p in self.postings.items()}
        self._n_tokens = np.array([len(t) for t in self.tokens], dtype=float)
        self._usage = np.array(self.usage, dtype=float)
        self._variant = {
            v: np.array([v in vs for vs in self.variants], dtype=bool) for v in VARIANTS
        }

    # --- query ---------------------------------------------------------------------------------

    def _word(self, word: str) -> str:
        if word in self.postings or not word.isalpha():
            return word
        typed = telex(word)
        return typed if typed in self.postings or self._prefixed(typed) else word

    def _prefixed(self, word: str) -> list[str]:
        k = bisect_left(self.vocab, word)
        out = []
        while k < len(self.vocab) and self.vocab[k].startswith(word) and len(out) < 50:
            out.append(self.vocab[k])
            k += 1
        return out

    def readings(self, query: str) -> list[tuple[str, str]]:
        """(words that must match, words that may) for the query as typed (telex decoded) and
        with each everyday term it contains replaced by its meanings."""
        folded = " ".join(self._word(w) for w in _TOKEN.findall(fold(query)))
        out = [(folded, "")]
        taken: list[tuple[int, int]] = []  # a term inside a longer one already found is skipped
        found = []
        padded = f" {folded} "  # tokens joined by single spaces: a term is found whole
        for position, (says, means) in enumerate(self.terms):
            for say in says:
                at = padded.find(f" {say} ")
                if at >= 0:
                    found.append((-len(say), position, (at, at + len(say)), means))
                    break
        kept = []
        for _length, position, (a, b), means in sorted(found):
            if not any(a >= x and b <= y for x, y in taken):
                taken.append((a, b))
                kept.append((position, a, b, means))
        for _position, a, b, means in sorted(kept):  # the terms file's order is their priority
            rest = " ".join((folded[:a] + " " + folded[b:]).split())
            out += [(m, rest) for m in means]
        return list(dict.fromkeys(out))

    def search(
        self, query: str, limit: int = 20, field: str | None = None, level: str | None = None
    ) -> list[int]:
        """Version ids, best first."""
        scores: dict[int, float] = {}
        for rank, (main, rest) in enumerate(self.readings(query)):
            # a named everyday term beats its literal words; the first term (file order) most
            bonus = 0.0 if rank == 0 else 0.15 if rank == 1 else 0.05
            for i, s in self._score(main, rest, limit, field, level).items():
                # rounded, so scores equal but for float noise tie and the shorter name wins
                s = round(s + bonus, 9)
                if s > scores.get(i, -1e9):
                    scores[i] = s
        tiebreak = self.tiebreak
        keyed = [(-s, tiebreak[i], i) for i, s in scores.items()]
        filtered = field is not None or level is not None
        ranked = sorted(keyed) if filtered else heapq.nsmallest(limit, keyed)
        out = []
        for _s, _t, i in ranked:
            e = self.entries[i]
            if (field and e.field != field) or (level and e.level != level):
                continue
            out.append(e.version_id)
            if len(out) >= limit:
                break
        return out

    def _score(
        self,
        main: str,
        rest: str = "",
        limit: int = 20,
        field: str | None = None,
        level: str | None = None,
    ) -> dict[int, float]:
        """Scores of the entries that can reach this reading's first ``limit``.

        Everything but the phrase bonus is computed for every entry at once (numpy); the phrase
        bonus (at most ``PHRASE_BONUS``) is then added best-first, stopping once no entry left can
        climb into the first ``limit``: the same ranking as scoring them all, in a few hundred
        microseconds even for one common word over 5,665 names.
        """
        words = [w for w in _TOKEN.findall(main) if w not in FILLERS] or _TOKEN.findall(main)
        words = list(dict.fromkeys(w for w in words if w in self.postings or self._prefixed(w)))
        if not words:
            return {}
        got = np.zeros(len(self.entries))
        total = 0.0
        for w in words:
            if w in self.postings:
                idf = self.idf[w]
                got[self._posting[w]] += idf
            else:  # a word being typed matches its completions, at 0.7
                completions = [p for p in self._prefixed(w) if p != w] if len(w) >= 2 else []
                idf = max((self.idf[p] for p in completions), default=1.0)
                if completions:
                    held = np.unique(np.concatenate([self._posting[p] for p in completions]))
                    got[held] += 0.7 * idf
            total += idf
        keep = got >= MIN_COVERAGE * total
        if field is not None or level is not None:
            keep &= np.array(
                [
                    (field is None or e.field == field) and (level is None or e.level == level)
                    for e in self.entries
                ]
            )
        candidates = np.flatnonzero(keep)
        if not len(candidates):
            return {}
        base = 2.0 * np.minimum(got[candidates] / total, 1.0)
        base -= 0.01 * np.maximum(0.0, self._n_tokens[candidates] - len(words))
        extra = [
            w
            for w in dict.fromkeys(_TOKEN.findall(rest))
            if w not in FILLERS and w in self.postings and w not in words
        ]
        if extra:  # the words around an everyday term: found helps, missing hurts
            found = np.zeros(len(self.entries))
            for w in extra:
                found[self._posting[w]] += 1
            got_extra = found[candidates]
            base += (0.5 * got_extra - 0.3 * (len(extra) - got_extra)) / len(extra)
        asked = f" {main} {rest} "
        for variant, named_by in VARIANTS.items():
            if not any(f" {n} " in asked for n in named_by):
                base -= 0.35 * self._variant[variant][candidates]
        base += 0.1 * self._usage[candidates]
        phrases = tuple({" ".join(words), " ".join(_TOKEN.findall(main))})
        out: dict[int, float] = {}
        best: list[float] = []  # a min-heap of the first ``limit`` scores so far
        for k in np.argsort(-base, kind="stable"):
            b = float(base[k])
            if len(best) >= limit and b + PHRASE_BONUS < best[0] - 1e-9:
                break
            i = int(candidates[k])
            name = self.names[i]
            if any(p in name for p in phrases):
                b += 0.6 + (0.3 if any(name.startswith(p) for p in phrases) else 0.0)
            out[i] = b
            if len(best) < limit:
                heapq.heappush(best, b)
            elif b > best[0]:
                heapq.heapreplace(best, b)
        return out


def entry(version_id: int, code: str, name_folded: str, field: str, level: str) -> Entry:
    name = name_folded
    for lead in _LEAD:
        if name.startswith(lead):
            name = name[len(lead) :]
    return Entry(version_id, code, name, field, level)
