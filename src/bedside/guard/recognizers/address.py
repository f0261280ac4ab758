"""Street addresses, units and ZIP codes: geography below the state."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.guard.recognizers.base import Doc, Pattern, PatternRecognizer, fast_start, matches
from bedside.guard.result import Finding

_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|"
    r"circle|cir|highway|hwy|parkway|pkwy|square|sq|trail|trl|alley|route|rte|pike|row|close)"
)
STREET_RE = fast_start(
    r"(?i)(?<![\w-])\d{1,6}[A-Za-z]?\s{1,2}(?:[NSEW]\.?\s)?(?:[^\W\d_][\w'.-]{0,30}\s{1,2}){1,4}" + _SUFFIX + r"(?!\w)\.?"
)
FOREIGN_STREET_RE = fast_start(
    r"(?i)(?<![\w/.-])\d{1,6}\s(?:rue|avenue|via|calle|rua|strasse|straße|ulica|avenida|boulevard)\s"
    r"(?:[^\W\d_][\w'.-]{0,30}\s?){1,4}"
)
# Street names that carry their own suffix ("Vesterskovvej 79", "Nybyvägen 65").
SUFFIXED_STREET_RE = re.compile(
    r"(?<![\w-])[^\W\d_]{2,30}?(?:vej|vägen|gatan|gata|straße|strasse|weg|laan|straat|gasse|katu|kuja|"
    r"utca|ulica|allee|plein|väg|veien|vegen|gade)\s\d{1,5}[A-Za-z]?(?!\w)"
)
# "5366 Pivovarská 276", "864 Piazzetta Scalette Rubiani 104": house number,
# street words, number -- how much of Europe writes a street line.
NUMBER_STREET_NUMBER_RE = fast_start(
    r"(?<![\w.,-])\d{1,6}\s{1,2}(?:[^\W\d_][\w'.-]{1,30}\s{1,2}){1,4}\d{1,5}[A-Za-z]?(?![\w-])"
)
PO_BOX_RE = re.compile(
    r"(?i)(?<!\w)(?:p\.?\s?o\.?\s?box|postbox|post office box|psc\s\d{1,5},?\s{1,2}box|box)\s{0,2}#?\d{1,6}(?!\w)"
    r"|(?<!\w)(?:APO|FPO|DPO)\s{1,2}A[AEP]\s{1,2}\d{5}(?!\w)"
)
CANADIAN_POSTCODE_RE = fast_start(r"(?<![\w-])[A-Z]\d[A-Z]\s?\d[A-Z]\d(?![\w-])")
UK_POSTCODE_RE = fast_start(r"(?<![\w-])[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}(?![\w-])")
# "Her address: 2217 Koivutie 9, KUOPIO", "my zip code is 02115": the
# words before say an address follows; take the rest of the line.
CUED_ADDRESS_RE = re.compile(
    r"(?i)(?<!\w)(?:address(?:\sis)?|lives\sat|live\sat|living\sat|located\sat|moved\sto|sent\sto|"
    r"zip(?:\scode)?(?:\sis)?|postal\scode(?:\sis)?|post\scode(?:\sis)?)\s?:?\s{1,6}"
    r"(\d[^\n.!?;]{0,80}|[^\W\d_][^\n.!?;]{0,60}\d[^\n.!?;]{0,30})"
)
# Every cue, as words: "live" alone would pass for "liver", "sent" for "present".
_ADDRESS_CUE_GATE = re.compile(
    r"address|lives?\sat|living\sat|located\sat|moved\sto|sent\sto|zip|postal\scode|post\scode"
)
UNIT_RE = re.compile(r"(?i)(?<!\w)(?:apt|apartment|suite|ste|unit)\.?\s?#?\s?\d{1,5}[A-Za-z]?(?!\w)")
# A state code and a ZIP. Written (?<![\w-])(?:AL|...)..., with the look-behind
# moved after the two letters (it looks three back), so that re skips to the
# next capital that starts a state code in C (the tests keep the plain form).
ZIP_RE = re.compile(
    r"(?:A[LKZR]|C[AOT]|DE|DC|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|"
    r"T[NX]|UT|V[TA]|W[AVIY])(?<![\w-][A-Z]{2})\s{1,2}(\d{5}(?:-\d{4})?)(?![\w-])"
)


# "3 years in a row", "a 10 minute drive", "2 more days on the way": a count
# of something, then a suffix that is also an everyday word, is no street.
_COUNTED_WORDS = (
    "day days hour hours hr hrs minute minutes min mins second seconds week weeks month months year years yr yrs "
    "time times more less mile miles km kms meter meters metre metres foot feet step steps point points set sets "
    "game games people kids patients"
)
_COUNTED = frozenset(_COUNTED_WORDS.split())
_WORD_SUFFIX_WORDS = "row drive way place court close square circle trail route pike lane terrace alley"
_WORD_SUFFIXES = frozenset(_WORD_SUFFIX_WORDS.split())


# "took first place", "came in second place": a ranking written in small
# letters, not "First Place" the street.
_RANKING = re.compile(r"(?<![\w-])(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\s{1,2}place\.?$")


def _counted_not_street(text: str) -> bool:
    words = text.rstrip(".").split()
    first = words[2] if len(words) > 3 and words[1].rstrip(".") in ("N", "S", "E", "W") else words[1]
    if first.lower() not in _COUNTED:
        return False
    # "8 Mile Road" is a street: a counted word passes when written as a name before a real street word.
    return first.islower() or words[-1].lower() in _WORD_SUFFIXES


@dataclass
class AddressRecognizer(PatternRecognizer):
    label: str = "LOCATION"
    name: str = "address"
    what: str = "a street address or part of one"
    needs_digit: bool = True
    patterns: tuple[Pattern, ...] = (
        Pattern("street_address", STREET_RE, 0.8),
        Pattern("foreign_street", FOREIGN_STREET_RE, 0.7, keywords=("rue", "avenue", "via ", "calle", "rua ", "stra", "ulica", "avenida", "boulevard")),
        Pattern("suffixed_street", SUFFIXED_STREET_RE, 0.7, keywords=("vej", "väg", "gat", "stra", "weg", "laan", "gasse", "katu", "kuja", "utca", "ulica", "allee", "plein", "veien", "vegen", "gade")),
        Pattern("house_street_number", NUMBER_STREET_NUMBER_RE, 0.55),
        Pattern("po_box", PO_BOX_RE, 0.7, keywords=("box", "apo", "fpo", "dpo")),
        Pattern("canadian_postcode", CANADIAN_POSTCODE_RE, 0.6),
        Pattern("uk_postcode", UK_POSTCODE_RE, 0.6),
        Pattern("unit", UNIT_RE, 0.6, keywords=("apt", "apartment", "suite", "ste", "unit")),
        Pattern("state_zip", ZIP_RE, 0.8),
    )

    def validate(self, text: str, pattern: Pattern) -> float | None:
        if pattern.name == "street_address" and (_counted_not_street(text) or _RANKING.search(text)):
            return 0
        if pattern.name == "house_street_number":
            # Street words are written as names: "Parmova", "Scalette Rubiani";
            # "2014 at 03" or "10 PEEP 5" are not streets.
            words = text.split()[1:-1]
            if not all(w[:1].isupper() and not w.isupper() for w in words):
                return 0
        if pattern.name == "foreign_street":
            # "Via Roma", "Rue de la Paix": the name after the street word is
            # written as a name; "9/3 via left PICC" in a chart is not a street.
            words = text.split()
            if len(words) < 3 or not (words[2][:1].isupper() and not words[2].isupper()):
                return 0
        return None

    def analyze(self, doc: Doc) -> list[Finding]:
        out = super().analyze(doc)
        if not doc.passes(_ADDRESS_CUE_GATE):
            return out
        for m in matches(CUED_ADDRESS_RE, doc):
            value = doc.text[m.start(1) : m.end(1)].rstrip(" ,")
            if not any(c.isdigit() for c in value):
                continue
            cue = m.group()[: m.start(1) - m.start()].strip(" :").lower()
            if not value[0].isdigit() and (cue in ("sent to", "moved to") or (cue == "address" and ":" not in m.group())):
                # "placed to OT for review 12/14", "will revisit diet 5/22":
                # a person, a department or a verb, not an address.
                continue
            out.append(Finding("LOCATION", m.start(1), m.start(1) + len(value), value, 0.75, "address:cued_address",
                               f"An address or postal code after {cue!r}."))
        return out
