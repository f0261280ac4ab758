"""Clinical terms and drug names, matched in one Aho-Corasick pass."""

from __future__ import annotations

from functools import lru_cache

import ahocorasick

from bedside.guard.lexicons import term_list

# Drug names that are also everyday words or names; a health-education post
# saying them is not a disclosure, and neither is "Dr. Allegra".
_AMBIGUOUS_DRUGS = frozenset(
    [
        "allegra", "alli", "amber", "boost", "clear", "control", "cover", "daily", "duration",
        "ensure", "focus", "magic", "nature", "prime", "pure", "relief", "revive", "sleep", "today", "vital",
        "allergy",
    ]
)


@lru_cache(maxsize=1)
def automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for term in term_list("clinical_terms.txt"):
        auto.add_word(term, (term, "clinical"))
    for term in term_list("drugs.txt.gz"):
        if term not in _AMBIGUOUS_DRUGS:
            auto.add_word(term, (term, "drug"))
    auto.make_automaton()
    return auto


@lru_cache(maxsize=1)
def clinical_words() -> frozenset[str]:
    """The one-word drug names and clinical terms, less the ambiguous ones."""
    words = {t for t in term_list("clinical_terms.txt") if " " not in t}
    words |= {t for t in term_list("drugs.txt.gz") if " " not in t}
    return frozenset(words - _AMBIGUOUS_DRUGS)


def _boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def clinical_terms(lower_text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, term, kind) of whole-word terms, longest first where they overlap."""
    hits = []
    for end_idx, (term, kind) in automaton().iter(lower_text):
        start = end_idx - len(term) + 1
        if _boundary(lower_text, start, end_idx + 1):
            hits.append((start, end_idx + 1, term, kind))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, str, str]] = []
    for h in hits:
        if out and h[0] < out[-1][1]:
            continue
        out.append(h)
    return out
