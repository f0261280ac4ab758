"""SSNs, card and bank numbers, and the numbers that identify a patient:
medical record, account, member, policy, licence, certificate, device serial."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bedside.guard.recognizers.base import Doc, Pattern, PatternRecognizer, fast_start, matches
from bedside.guard.result import Finding

SSN_RE = fast_start(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")
CARD_RE = fast_start(r"(?<![\w-])\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,7}(?![\w-])")
# Not fast_start: any letter may start it, so skipping to one saves nothing;
# the gate (digit-led, so fast) finds what every IBAN has: two digits and 11 more.
IBAN_RE = re.compile(r"(?<!\w)[A-Za-z]{2}\d{2}[A-Za-z0-9]{11,30}(?!\w)")
_IBAN_GATE = re.compile(r"\d\d[a-z0-9]{11}")  # searched in the lower-cased text
# A token mixing letters and digits, or a long run of digits, after a word that
# says what kind of number it is ("serial number is SN-88213-XZ").
KEYED_RE = re.compile(
    r"(?i)(?<!\w)(?:mrn|medical record(?: number| no\.?)?|record|chart|acct|account|member(?: id)?|policy|"
    r"claim|license|licence|certificate|cert|serial|device(?: id)?|vin|plate|npi|dea|id|patient id|"
    r"insurance(?: id)?|group|subscriber(?: id)?|case|ticket|invoice|ref(?:erence)?)"
    r"(?:\s?(?:#|no\.?|num(?:ber)?|nbr|id)){0,2}(?:\s(?:is|was))?\s?[:#]?\s?([A-Za-z]{0,3}-?\d[\dA-Za-z-]{3,20})"
    r"(?![\w-])"
)
# Vehicle identification number: 17 characters, no I, O or Q, check digit at 9.
VIN_RE = fast_start(r"(?<![\w-])[A-HJ-NPR-Z0-9]{17}(?![\w-])")
_SIX_DIGITS = re.compile(r"\d{6}")  # every long number has them
LONG_NUMBER_RE = re.compile(r"(?<![\w.,/:-])(?=[A-Za-z]{0,4}\d)[A-Za-z]{0,4}\d{6,20}[A-Za-z]{0,2}(?![\w-]|[.,/:]\d)")


_VIN_VALUES = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
               **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10), strict=True))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_ok(text: str) -> bool:
    if text.isdigit() or text.isalpha():
        return False
    total = sum(_VIN_VALUES[c] * w for c, w in zip(text, _VIN_WEIGHTS, strict=True))
    check = "X" if total % 11 == 10 else str(total % 11)
    return text[8] == check


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(text: str) -> bool:
    s = (text[4:] + text[:4]).upper()
    try:
        return int("".join(str(int(c, 36)) for c in s)) % 97 == 1
    except ValueError:
        return False


@dataclass
class IdRecognizer(PatternRecognizer):
    label: str = "ID"
    name: str = "id"
    what: str = "an identifying number"
    needs_digit: bool = True
    patterns: tuple[Pattern, ...] = (
        Pattern("ssn", SSN_RE, 0.85),
        Pattern("card_number", CARD_RE, 0.3),
        Pattern("iban", IBAN_RE, 0.3, gate=_IBAN_GATE),
        Pattern("vin", VIN_RE, 0.3),
        Pattern("long_number", LONG_NUMBER_RE, 0.45, gate=_SIX_DIGITS),
    )
    context_words: frozenset[str] = field(
        default_factory=lambda: frozenset(
            [
                "ssn", "social", "security", "card", "credit", "debit", "cc", "iban", "account", "acct",
                "mrn", "record", "license", "licence", "member", "policy", "insurance", "claim", "serial",
                "id", "number", "no", "vin", "vehicle",
            ]
        )
    )

    def validate(self, text: str, pattern: Pattern) -> float | None:
        if pattern.name == "ssn":
            area = text[:3]
            return 0 if area in ("000", "666") or text[4:6] == "00" or text[7:] == "0000" else None
        if pattern.name == "card_number":
            digits = re.sub(r"\D", "", text)
            return 0.9 if 13 <= len(digits) <= 19 and luhn_ok(digits) else 0
        if pattern.name == "vin":
            return 0.85 if vin_ok(text) else 0
        if pattern.name == "iban":
            return 0.9 if iban_ok(text) else 0
        return None

    def analyze(self, doc: Doc) -> list[Finding]:
        if not doc.has_digit:
            return []
        out = super().analyze(doc)
        for m in matches(KEYED_RE, doc):
            value = doc.text[m.start(1) : m.end(1)]
            if sum(c.isdigit() for c in value) < 5:
                continue
            out.append(
                Finding(
                    "ID",
                    m.start(1),
                    m.end(1),
                    value,
                    0.85,
                    "id:keyed_number",
                    f"A number introduced as {doc.text[m.start() : m.start(1)].strip(' :#')!r}: "
                    "record, account, member and similar numbers identify a patient.",
                )
            )
        return out
