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

import json
import math
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
        self.token_sets: list[frozenset[str]] = []
        self.postings: dict[str, list[int]] = {}
        for i, e in enumerate(self.entries):
            words = tuple(_TOKEN.findall(e.name))
            self.tokens.append(words)
            self.names.append(" ".join(words))
            self.token_sets.append(frozenset(words))
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
        for position, (says, means) in enumerate(self.terms):
            for say in says:
                hit = re.search(rf"(?<![a-z0-9]){re.escape(say)}(?![a-z0-9])", folded)
                if hit:
                    found.append((-(hit.end() - hit.start()), position, hit.span(), means))
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
            for i, s in self._score(main, rest).items():
                if s + bonus > scores.get(i, -1e9):
                    scores[i] = s + bonus
        ranked = sorted(
            scores, key=lambda i: (-scores[i], len(self.entries[i].name), self.entries[i].code)
        )
        out = []
        for i in ranked:
            e = self.entries[i]
            if (field and e.field != field) or (level and e.level != level):
                continue
            out.append(e.version_id)
            if len(out) >= limit:
                break
        return out

    def _score(self, main: str, rest: str = "") -> dict[int, float]:
        words = [w for w in _TOKEN.findall(main) if w not in FILLERS] or _TOKEN.findall(main)
        words = list(dict.fromkeys(w for w in words if w in self.postings or self._prefixed(w)))
        if not words:
            return {}
        info = []  # (word, weight, completions): a word the catalog does not hold whole is one
        # being typed, and matches its completions, at 0.7
        for w in words:
            typing = len(w) >= 2 and w not in self.postings
            completions = (
                frozenset(p for p in self._prefixed(w) if p != w) if typing else frozenset()
            )
            idf = self.idf.get(w) or max((self.idf[p] for p in completions), default=1.0)
            info.append((w, idf, completions))
        total = sum(idf for _w, idf, _c in info)
        # candidates: an entry holding none of the rarest words covering half the weight cannot
        # reach the 50 % coverage, so only their postings are read (fast on 5,665 names)
        candidates: set[int] = set()
        covered = 0.0
        for w, idf, completions in sorted(info, key=lambda x: -x[1]):
            candidates.update(self.postings.get(w, ()))
            for p in completions:
                candidates.update(self.postings[p])
            covered += idf
            if total - covered < MIN_COVERAGE * total:
                break
        extra = [
            w
            for w in dict.fromkeys(_TOKEN.findall(rest))
            if w not in FILLERS and w in self.postings and w not in words
        ]
        phrases = {" ".join(words), " ".join(_TOKEN.findall(main))}
        asked = f" {main} {rest} "
        out = {}
        whole = [(w, idf) for w, idf, completions in info if not completions]
        typed = [(w, idf, completions) for w, idf, completions in info if completions]
        need = MIN_COVERAGE * total
        for i in candidates:
            held = self.token_sets[i]
            got = 0.0
            for w, idf in whole:
                if w in held:
                    got += idf
            for w, idf, completions in typed:
                got += idf if w in held else 0.7 * idf if not completions.isdisjoint(held) else 0
            if got < need:
                continue
            coverage = min(got / total, 1.0)
            name = self.names[i]
            s = 2.0 * coverage
            if any(p in name for p in phrases):
                s += 0.6 + (0.3 if any(name.startswith(p) for p in phrases) else 0.0)
            s -= 0.01 * max(0, len(self.tokens[i]) - len(words))
            if extra:  # the words around an everyday term: found helps, missing hurts
                got_extra = sum(1 for w in extra if w in held)
                s += (0.5 * got_extra - 0.3 * (len(extra) - got_extra)) / len(extra)
            for variant in self.variants[i]:
                if not any(f" {n} " in asked for n in VARIANTS[variant]):
                    s -= 0.35
            s += 0.1 * self.usage[i]
            out[i] = s
        return out


def entry(version_id: int, code: str, name_folded: str, field: str, level: str) -> Entry:
    name = name_folded
    for lead in _LEAD:
        if name.startswith(lead):
            name = name[len(lead) :]
    return Entry(version_id, code, name, field, level)
