"""Countries, states and provinces by name. Too large to identify anyone, so
they never raise a verdict on their own; they are listed (at a low score) so a
reviewer sees every place a text names, and the address rules build on them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from bedside.guard.lexicons import term_list
from bedside.guard.recognizers.base import Doc, Recognizer
from bedside.guard.recognizers.vocab import _boundary
from bedside.guard.result import Finding


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for term in term_list("places.txt"):
        auto.add_word(term, term)
    auto.make_automaton()
    return auto


@dataclass
class PlaceNameRecognizer(Recognizer):
    label: str = "LOCATION"
    name: str = "places"

    def analyze(self, doc: Doc) -> list[Finding]:
        out = []
        text = doc.text
        for end_idx, term in _automaton().iter(doc.lower):
            start, end = end_idx - len(term) + 1, end_idx + 1
            piece = text[start:end]
            # Lower-case "georgia", "turkey", "jordan" are too often not places.
            if not piece[:1].isupper() or not _boundary(doc.lower, start, end):
                continue
            out.append(Finding("LOCATION", start, end, piece, 0.45, "places:country_or_state",
                               "A country, state or province: not identifying on its own."))
        return out
