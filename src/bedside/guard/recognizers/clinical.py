"""CLINICAL_DETAIL: a condition, symptom, procedure or drug tied to a described
person ("the 80 yo man in bed 4 with sepsis") -- the staff post about a shift.
A health-education post naming a drug, with no person described, passes."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from bedside.guard.recognizers.base import Doc, Recognizer, matches
from bedside.guard.recognizers.vocab import clinical_terms
from bedside.guard.result import Finding

_PEOPLE = (
    r"man|woman|lady|guy|gentleman|gent|girl|boy|kid|baby|infant|toddler|teen|teenager|child|male|female|"
    r"patient|pt|mom|dad|mother|father|grandma|grandpa|grandmother|grandfather|husband|wife|son|daughter|"
    r"veteran|resident|nun|priest|student|player|firefighter|officer|frequent\sfl[yi]er"
)
DESCRIBED_PERSON_RE = re.compile(
    r"(?i)(?<!\w)(?:"
    r"(?:the|this|that|a|an|one|my|our|her|his|their)\s(?:(?:\d{1,3}[\s-]?(?:year|yr|y)[\s-]?o(?:ld|/o)?|old|older|young|elderly|"
    r"pregnant|sweet|little|sick|new)[\s-])?(?:" + _PEOPLE + r")s?"
    r"|(?:room|rm|bed|bay|bed\s?#)\s?#?\d{1,4}[a-z]?"
    r"|\d{1,3}\s?(?:yo|y/o|yr old|year old|year-old|yrs old|years old)"
    r"|(?:he|she)\s(?:was|is|came|had|has|got|went|needed|needs|coded)"
    r"|(?:" + _PEOPLE + r")\s(?:in|from)\s(?:room|bed|bay)"
    # Someone presenting: "came in tonight with chest pain".
    r"|(?:came|rolled|walked|was\sbrought|got\sbrought)\sin\s(?:[a-z]+\s){0,3}?with"
    r")(?!\w)"
)
# A patient placed by room or bed ("our patient in bed 4", "the guy in room 12"):
# people on the unit can tell who that is, whatever the post says about them.
LOCATED_PERSON_RE = re.compile(
    r"(?i)(?<!\w)(?:" + _PEOPLE + r")s?\s(?:in|from)\s(?:room|rm|bed|bay)\s?#?\d{1,4}[a-z]?(?!\w)"
)
STAFF_RE = re.compile(
    r"(?i)(?<!\w)(?:my patient|our patient|at work|my shift|on shift|night shift|day shift|on the floor|"
    r"today i had|we had a|i had a patient|in the er|in the ed|in the icu|in the or|came in|rolled in|"
    r"brought in|coded|admitted|discharged|charting)(?!\w)"
)
_SENTENCE_END = re.compile(r"[.!?\n]+\s")
# "Dr. Maria Lopez", "Nurse Kim", "Ann Lee, MD": a clinician named with their
# title is who gives care, not whose care is described ("named Chief of Surgery").
_TITLE_BEFORE = re.compile(r"(?:^|\W)(?:dr|doctor|nurse|prof|professor)\.?\s{1,2}$")
_DEGREE_AFTER = re.compile(r",?\s(?:md|do|rn|np|pa-c|dnp|crna|phd|bsn|msn|aprn|dds|dmd|pharmd|dpt|lcsw|cnm)(?!\w)")


def _clinician(lower: str, start: int, end: int) -> bool:
    return bool(_TITLE_BEFORE.search(lower[max(0, start - 12) : start]) or _DEGREE_AFTER.match(lower, end))


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        bounds.append((start, m.end()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def sentence_of(bounds: list[tuple[int, int]], pos: int) -> int:
    """Index of the sentence holding character `pos` (bisect: long texts stay linear)."""
    return bisect.bisect_right(bounds, (pos, len(bounds) and bounds[-1][1] + 1)) - 1


def by_sentence(bounds: list[tuple[int, int]], people: list[tuple[int, int, str]]) -> dict[int, str]:
    """The first described person of each sentence that has one."""
    out: dict[int, str] = {}
    for start, _end, text in sorted(people):
        out.setdefault(sentence_of(bounds, start), text)
    return out


def _described_people(doc: Doc, bounds: list[tuple[int, int]], wanted: set[int]) -> list[tuple[int, int, str]]:
    """DESCRIBED_PERSON_RE's matches in the sentences that name a clinical term,
    the only ones a finding can come from. No match can cross a sentence end
    (the regex never takes ". " or two spaces), and a sentence starts after a
    space, so searching each sentence alone finds what searching the whole
    text would: a long note has a clinical term in a few of its sentences."""
    out = []
    for index in sorted(wanted):
        start, end = bounds[index]
        out += [(m.start(), m.end(), doc.text[m.start() : m.end()])
                for m in matches(DESCRIBED_PERSON_RE, doc, start, end)]
    return out


@dataclass
class ClinicalDetailRecognizer(Recognizer):
    label: str = "CLINICAL_DETAIL"
    name: str = "clinical"

    def analyze(self, doc: Doc) -> list[Finding]:
        located = [
            Finding("CLINICAL_DETAIL", m.start(), m.end(), doc.text[m.start() : m.end()], 0.65,
                    "clinical:located_patient",
                    f"Places a patient by room or bed ({doc.text[m.start() : m.end()]!r}); people on the "
                    "unit can tell who that is.")
            for m in matches(LOCATED_PERSON_RE, doc)
        ] if doc.context.outbound else []
        terms = clinical_terms(doc.lower)
        if not terms:
            return located
        bounds = sentence_bounds(doc.text)
        people = _described_people(doc, bounds, {sentence_of(bounds, t[0]) for t in terms})
        people += [(f.start, f.end, f.text) for f in doc.identifiers
                   if f.label == "AGE" or (f.label == "PERSON" and not _clinician(doc.lower, f.start, f.end))]
        if not people:
            return located
        staff = next(matches(STAFF_RE, doc), None) is not None
        first_person = by_sentence(bounds, people)
        out = located
        for start, end, term, kind in terms:
            who = first_person.get(sentence_of(bounds, start))
            if who is None:
                continue
            what = "a medication" if kind == "drug" else "a clinical fact"
            out.append(
                Finding(
                    "CLINICAL_DETAIL", start, end, doc.text[start:end], 0.8 if staff else 0.65,
                    f"clinical:{kind}_with_person",
                    f"Names {what} ({term!r}) about a described person ({who!r}); with enough "
                    "detail, people who know the patient can tell who it is.",
                )
            )
        return out
