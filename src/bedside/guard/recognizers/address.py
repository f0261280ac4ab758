"""Street addresses, units and ZIP codes: geography below the state."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.guard.recognizers.base import Pattern, PatternRecognizer

_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|"
    r"circle|cir|highway|hwy|parkway|pkwy|square|sq|trail|trl|alley|route|rte|pike|row|close)"
)
STREET_RE = re.compile(
    r"(?i)(?<![\w-])\d{1,6}[A-Za-z]?\s{1,2}(?:[NSEW]\.?\s)?(?:[^\W\d_][\w'.-]{0,30}\s{1,2}){1,4}" + _SUFFIX + r"(?!\w)\.?"
)
FOREIGN_STREET_RE = re.compile(
    r"(?i)(?<![\w-])\d{1,6}\s(?:rue|avenue|via|calle|rua|strasse|straße|ulica|avenida|boulevard)\s"
    r"(?:[^\W\d_][\w'.-]{0,30}\s?){1,4}"
)
UNIT_RE = re.compile(r"(?i)(?<!\w)(?:apt|apartment|suite|ste|unit)\.?\s?#?\s?\d{1,5}[A-Za-z]?(?!\w)")
ZIP_RE = re.compile(
    r"(?<![\w-])(?:A[LKZR]|C[AOT]|DE|DC|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|"
    r"T[NX]|UT|V[TA]|W[AVIY])\s{1,2}(\d{5}(?:-\d{4})?)(?![\w-])"
)


@dataclass
class AddressRecognizer(PatternRecognizer):
    label: str = "LOCATION"
    name: str = "address"
    what: str = "a street address or part of one"
    needs_digit: bool = True
    patterns: tuple[Pattern, ...] = (
        Pattern("street_address", STREET_RE, 0.8),
        Pattern("foreign_street", FOREIGN_STREET_RE, 0.7),
        Pattern("unit", UNIT_RE, 0.6),
        Pattern("state_zip", ZIP_RE, 0.8),
    )
