"""Place filters of saved searches: ``place:Boston``, ``place:"Cambridge MA"``,
``place:"Suffolk County"``, ``place:Massachusetts``.

A place is a name (a city, a county, a region: any words) with, optionally,
a state or country after it. Which names are states, provinces and countries
comes from the guard's own list (guard/data/places.txt); US state codes are
the USPS two-letter codes. Bedside has no gazetteer of cities or counties: it
cannot tell that Springfield is in several states, that Cambridge is also in
England, or which towns lie in Suffolk County. So a bare name matches every
place of that name (the query helper says so), and a county or region
matches where that county or region is named, not where one of its towns is.

A mention is in a place when
- its text names it: the name's words, and, when a state is given, the
  state's name anywhere in the text or its code right after the name
  ("Cambridge, MA"; a code alone is too often a word: "in", "me", "or");
- or the source reported a place for the post (X: the ``geo.place_id``
  expansion's ``full_name``, e.g. "Boston, MA"), or the author's profile
  gives one (X: the user's ``location``; Mastodon: a profile field named
  Location), and that names it: the name's words and, when a state is
  given, the state's name or its code (after a comma or right after the
  name). Profile locations are whatever their authors typed.
Bluesky, Reddit, YouTube comments and feeds report no place for a post or
its author: only their text can name one.

Plain Python, no Django: matching is set and substring lookups, linear in
the text, like the rest of the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bedside.guard.lexicons import term_list

# USPS codes: the guard lists the states by name only.
US_STATE_CODES = {
    "al": "alabama", "ak": "alaska", "az": "arizona", "ar": "arkansas", "ca": "california", "co": "colorado",
    "ct": "connecticut", "de": "delaware", "dc": "district of columbia", "fl": "florida", "ga": "georgia",
    "hi": "hawaii", "id": "idaho", "il": "illinois", "in": "indiana", "ia": "iowa", "ks": "kansas",
    "ky": "kentucky", "la": "louisiana", "me": "maine", "md": "maryland", "ma": "massachusetts",
    "mi": "michigan", "mn": "minnesota", "ms": "mississippi", "mo": "missouri", "mt": "montana",
    "ne": "nebraska", "nv": "nevada", "nh": "new hampshire", "nj": "new jersey", "nm": "new mexico",
    "ny": "new york", "nc": "north carolina", "nd": "north dakota", "oh": "ohio", "ok": "oklahoma",
    "or": "oregon", "pa": "pennsylvania", "ri": "rhode island", "sc": "south carolina", "sd": "south dakota",
    "tn": "tennessee", "tx": "texas", "ut": "utah", "vt": "vermont", "va": "virginia", "wa": "washington",
    "wv": "west virginia", "wi": "wisconsin", "wy": "wyoming", "pr": "puerto rico",
}
CODE_OF = {name: code for code, name in US_STATE_CODES.items()}
MAX_WORDS = 8
_WORD = re.compile(r"\w+(?:['’\-.]\w+)*", re.UNICODE)


class PlaceError(ValueError):
    """A place that cannot be used (the query parser says where it is)."""


@lru_cache(maxsize=1)
def regions() -> frozenset[str]:
    """States, provinces and countries by name: the guard's list, with the
    few the USPS codes name that it has not (DC, Puerto Rico)."""
    return frozenset(term_list("places.txt")) | frozenset(US_STATE_CODES.values())


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold().replace("’", "'"))


@dataclass(frozen=True)
class Place:
    written: str
    name: str  # lower-case words, "" when only a state or country is given
    region: str  # a state, province or country by name, "" when none is given
    code: str = ""  # its USPS code, for a US state

    def describe(self) -> str:
        region = self.region.title() if self.region else ""
        if not self.name:
            return f"in {region} (its name in the text, or the post's or author's reported place)"
        where = f"{self.name.title()}, {region}" if region else f"{self.name.title()}"
        note = "" if region else (" (any place of that name, in any state or country: add its state, "
                                  "e.g. place:\"Springfield IL\", to keep one)")
        return f"in {where}{note}"

    # -- matching -----------------------------------------------------------
    def in_text(self, joined: str) -> bool:
        """``joined``: the text's words as " a b c " (query.Text.joined)."""
        if not self.name:
            return f" {self.region} " in joined
        if f" {self.name} " not in joined:
            return False
        if not self.region:
            return True
        return f" {self.region} " in joined or bool(self.code and f" {self.name} {self.code} " in joined)

    def in_reported(self, where: str) -> bool:
        """``where``: a place a source reported or a profile location."""
        if not where:
            return False
        joined = " " + " ".join(_words(where)) + " "
        region_named = bool(self.region) and (f" {self.region} " in joined or bool(
            self.code and (re.search(rf",\s*{self.code}\b", where, re.I) or f" {self.name} {self.code} " in joined)))
        if not self.name:
            return region_named
        return f" {self.name} " in joined and (not self.region or region_named)


def parse_place(value: str) -> Place:
    """``value`` as written after ``place:`` (quotes removed)."""
    found = _words(value)
    if not found:
        raise PlaceError("place: needs a name, e.g. place:Boston or place:\"Cambridge MA\"")
    if len(found) > MAX_WORDS:
        raise PlaceError(f"a place has at most {MAX_WORDS} words")
    # The longest run of last words that names a state, province or country.
    for cut in range(len(found)):
        tail = " ".join(found[cut:])
        if tail in regions():
            return Place(value, " ".join(found[:cut]), tail, CODE_OF.get(tail, ""))
    if len(found) > 1 and found[-1] in US_STATE_CODES:
        region = US_STATE_CODES[found[-1]]
        return Place(value, " ".join(found[:-1]), region, found[-1])
    if len(found) == 1 and found[0] in US_STATE_CODES and value.strip().isupper():
        # "place:MA": a state by its code alone (written in capitals, as codes are).
        return Place(value, "", US_STATE_CODES[found[0]], found[0])
    return Place(value, " ".join(found), "")
