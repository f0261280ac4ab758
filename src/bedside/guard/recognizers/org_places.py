"""The organization's own places of care, from its vocabulary (Context:
org_units, org_campuses): "4 West", "5 North", "the Elm Street clinic".

A unit named alone is everyday talk ("the nurses of 4 West won an award"),
and so is a campus (a building, not a bed: a person named with it is
reviewed as any name is). A person placed on a unit is a patient: "John in
4 West", "the patient in bed 3 on 5 North", "Mrs. Ortiz was moved to 5
North". Staff the organization lets be named were taken out before this
runs (allowlist), so "Dr. Lee on 4 West" passes while "Mary on 4 West" does
not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bedside.guard.context import Context
from bedside.guard.recognizers.base import Doc, Recognizer
from bedside.guard.recognizers.clinical import sentence_bounds, sentence_of
from bedside.guard.result import Finding

# A direction is written out or abbreviated: "4 West", "4W", "4-West".
_DIRECTIONS = {"north": "n", "south": "s", "east": "e", "west": "w"}
# One patient, singular: "our patients" are the public, "the patient" is someone.
PATIENT_CUE_RE = re.compile(
    r"(?i)(?<!\w)(?:(?:the|this|that|a|our|my|one)\s(?:(?:young|elderly|little|new|sick)\s)?"
    r"(?:patient|pt|man|woman|lady|gentleman|boy|girl|baby|infant|child|kid|mom|dad|resident)"
    r"|(?:bed|room|rm|bay)\s?#?\d{1,4}[a-z]?|(?:he|she)\s(?:was|is|came|had|got|went|needs|coded))(?!\w)"
)
# "John in 4 West", "moved her to 5 North", "Kevin went home from 4 West":
# a person, at most five words of the same clause, a place word.
_PLACED = re.compile(r"(?i)^[\s,]{0,3}(?:[\w'’-]+[\s,]{1,2}){0,5}?(?:in|on|at|to|into|onto|from|off|up\sto)\s(?:the\s)?$")


def _term_pattern(term: str) -> str:
    words = re.findall(r"\w+", term.lower())
    if words and words[0] == "the":
        words = words[1:]
    parts = []
    for w in words:
        short = _DIRECTIONS.get(w)
        parts.append(f"(?:{re.escape(w)}|{short})" if short else re.escape(w))
    return r"[\s-]?".join(parts)


@lru_cache(maxsize=64)
def place_regex(units: tuple[str, ...], campuses: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for every unit and campus, longest first, with a named group
    saying which kind matched; built once per vocabulary."""
    alternatives = []
    for kind, terms in (("unit", units), ("campus", campuses)):
        pats = sorted({_term_pattern(t) for t in terms if re.search(r"\w", t)}, key=len, reverse=True)
        if pats:
            alternatives.append(f"(?P<{kind}>{'|'.join(pats)})")
    if not alternatives:
        return None
    return re.compile(r"(?i)(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def places(text: str, ctx: Context) -> list[tuple[int, int, str]]:
    """(start, end, "unit" or "campus") for each place of ours the text names."""
    regex = place_regex(ctx.org_units, ctx.org_campuses)
    if regex is None:
        return []
    return [(m.start(), m.end(), m.lastgroup or "unit") for m in regex.finditer(text)]


@dataclass
class OrgPlaceRecognizer(Recognizer):
    label: str = "LOCATION"
    name: str = "org_place"

    def applies_to(self, context: Context) -> bool:
        return bool(context.org_units or context.org_campuses)

    def analyze(self, doc: Doc) -> list[Finding]:
        return [
            Finding("LOCATION", start, end, doc.text[start:end], 0.95, f"org_place:{kind}",
                    f"One of the organization's {'units or wards' if kind == 'unit' else 'campuses'}: "
                    "a place of care, which places anyone named with it.")
            for start, end, kind in places(doc.text, doc.context)
        ]


@dataclass
class PlacedPatientRecognizer(Recognizer):
    label: str = "PATIENT_RELATIONSHIP"
    name: str = "placed_patient"

    def applies_to(self, context: Context) -> bool:
        return context.outbound and bool(context.org_units)

    def analyze(self, doc: Doc) -> list[Finding]:
        # A campus is a building, not a bed: only units place a person.
        found = [p for p in places(doc.text, doc.context) if p[2] == "unit"]
        if not found:
            return []
        text = doc.text
        bounds = sentence_bounds(text)
        people = [f for f in doc.identifiers if f.label == "PERSON"]
        cues = list(PATIENT_CUE_RE.finditer(text))
        out: list[Finding] = []
        for start, end, kind in found:
            sentence = sentence_of(bounds, start)
            place = text[start:end]
            for p in people:
                # Only a person placed there ("Kevin in 4 West", "Ms. Ortiz was
                # moved to 5 North"): "Jenna leads the 4 West team" is not.
                if p.end > start or _PLACED.match(text[p.end : start]) is None:
                    continue
                out.append(Finding("PATIENT_RELATIONSHIP", p.start, end, text[p.start : end], 0.9,
                                   "placed_patient:person_unit",
                                   f"Places a person ({p.text!r}) on our unit {place!r}: a person on a unit "
                                   "is a patient, and people who know the unit can tell who it is."))
            for c in cues:
                if sentence_of(bounds, c.start()) == sentence:
                    out.append(Finding("PATIENT_RELATIONSHIP", min(c.start(), start), max(c.end(), end),
                                       text[min(c.start(), start) : max(c.end(), end)], 0.9,
                                       f"placed_patient:patient_{kind}",
                                       f"Describes one patient ({c.group()!r}) on our {kind} {place!r}: "
                                       "people who know the place can tell who it is."))
                    break
        return out
