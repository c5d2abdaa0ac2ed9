"""The text of catalog data as officers and citizens see it: without the maintainers' notes.

The catalog keeps, for its maintainers, how sure each fact is: "VERIFIED-2nd: …", "RECALLED: …
cần đối chiếu", "(VERIFIED)", "(số hiệu chưa đối chiếu)". Those stay in the data (the catalog file
and the store) and never reach a screen or a printed form: every text shown from the catalog goes
through :func:`public_text`.
"""

from __future__ import annotations

import re

_MARKER = r"\b(?:VERIFIED(?:-2nd)?|RECALLED|UNVERIFIED)\b"
_TO_CHECK = r"(?:chưa|cần) (?:được )?(?:đối chiếu|kiểm chứng)|theo trí nhớ"
# a parenthesis that is only a maintainer's mark: "(VERIFIED)", "(số hiệu chưa đối chiếu)"
_PAREN = re.compile(rf"\s*\((?:[^()]*{_MARKER}[^()]*|[^()]*{_TO_CHECK}[^()]*)\)")
_SENTENCE_END = re.compile(r"(?<=\.)\s+")
_CLAUSE_END = re.compile(r"(?<=;)\s+")
_INTERNAL = re.compile(rf"{_MARKER}|{_TO_CHECK}")


def public_text(text: str | None) -> str:
    """``text`` without the clauses and parentheses that are notes for the catalog's maintainers.

    >>> public_text("Chuyển về cấp xã (VERIFIED-2nd). RECALLED: số hiệu cần đối chiếu.")
    'Chuyển về cấp xã.'
    """
    if not text:
        return ""
    sentences = []
    for sentence in _SENTENCE_END.split(_PAREN.sub("", text)):
        kept = []
        for clause in _CLAUSE_END.split(sentence):
            if _INTERNAL.search(clause):
                break  # a maintainer's note runs to the end of its sentence
            kept.append(clause)
        if kept:
            sentence = " ".join(kept)
            sentences.append(sentence[:-1] + "." if sentence.endswith(";") else sentence)
    out = " ".join(sentences).strip()
    return out[:1].upper() + out[1:]


def is_internal(text: str | None) -> bool:
    """Whether ``text`` holds a maintainer's note (what :func:`public_text` removes)."""
    return bool(text) and bool(_INTERNAL.search(text))
