from __future__ import annotations

import re
from dataclasses import dataclass, field

from bedside.guard.recognizers.base import Pattern, PatternRecognizer

# Groups of digits with one or two separators between them, an optional
# "+country" and "(area)" part. Every repetition is bounded and the groups are
# separated by a mandatory non-digit, so backtracking is bounded per start.
PHONE_RE = re.compile(
    r"(?<![\w+(/.-])(?:\+?\d{7,15}|(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,5}"
    r"(?:(?:[ .-]|\s?-\s?)(?:\(\d{1,4}\)[ .-]?)?\d{1,8}){0,5})"
    r"(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?(?![\w/]|[.-]\d)"
)
# A whole number in parentheses, "(555-201-3344)": PHONE_RE will not start
# right after "(" so that it never begins inside a "(555) 201-3344".
PARENTHESIZED_RE = re.compile(r"\((\+?\d{1,6}(?:[ .-]\d{1,8}){1,4})\)")
# Hospital pagers have 4-6 digit numbers, which are a phone only after the word:
# staff posts and notes write "Pager #61730", "pg 48812", "beeper number 29164".
PAGER_RE = re.compile(
    r"(?i)\b(?:pager|beeper|pgr|pg)(?:\s(?:number|no\.?|num))?\s?(?:[:#]\s?){0,2}(\d{4,6})(?![\d/:.-]\d)"
)
# A phone has seven digits or more outside its extension (validate), and the
# patterns put at most four characters of " .-()" between two of them: a text
# without such a run has no phone for either pattern (most notes and posts).
_SEVEN_DIGITS = re.compile(r"\d(?:[\s.()+-]{0,4}\d){6}")
EXTENSION_RE = re.compile(r"\s?(?:x|ext\.?|extension)\s?\d{1,6}$")
NANP_RE = re.compile(r"(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}$")


@dataclass
class PhoneRecognizer(PatternRecognizer):
    label: str = "PHONE"
    name: str = "phone"
    what: str = "a phone or fax number"
    needs_digit: bool = True
    patterns: tuple[Pattern, ...] = (
        Pattern("digits", PHONE_RE, 0.35, gate=_SEVEN_DIGITS),
        Pattern("parenthesized", PARENTHESIZED_RE, 0.35, group=1, gate=_SEVEN_DIGITS),
        Pattern("pager", PAGER_RE, 0.6, keywords=("pager", "beeper", "pg"), group=1),
    )
    context_words: frozenset[str] = field(
        default_factory=lambda: frozenset(
            [
                "phone", "call", "text", "fax", "tel", "telephone", "cell", "mobile", "number", "no",
                "contact", "reach", "ring", "pager", "ph", "answering", "registered", "desk", "office",
                "whatsapp", "landline", "home", "work",
            ]
        )
    )

    def validate(self, text: str, pattern: Pattern) -> float | None:
        if pattern.name == "pager":
            return None
        if len(text) < 7:
            return 0  # fewer than 7 digits: most of what the digits pattern meets ("5", "120")
        text = EXTENSION_RE.sub("", text)
        digits = sum(c.isdigit() for c in text)
        if digits < 7 or digits > 15:
            return 0
        grouped = not text.isdigit()
        if NANP_RE.match(text) and grouped:
            return 0.75
        if text.startswith("+") and digits >= 9:
            return 0.7
        if not grouped:
            # A bare run of digits is a phone only at NANP length; longer runs
            # are account or card numbers (the ID recognizer's job).
            return 0.45 if digits == 10 or (digits == 11 and text[0] == "1") else 0
        if re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}", text) or re.fullmatch(r"\d{4}-\d\d-\d\d", text):
            return 0  # a date
        if re.fullmatch(r"\d{3}-\d\d-\d{4}", text):
            return 0  # an SSN
        groups = re.findall(r"\d+", text)
        if len(groups) == 2 and all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
            return 0  # a span of years ("2019-2020")
        if len(groups) == 2 and all(len(g) == 4 and int(g[:2]) <= 24 and int(g[2:]) < 60 for g in groups):
            return 0  # a span of clock times ("0700-1930")
        if "." in text and ("-" in text or " " in text or any(len(g) == 1 for g in text.split("."))):
            return 0  # decimals in a run of readings ("7.38-33-169", "101- 101.4")
        if " " in text and "-" not in text and all(len(g) <= 2 for g in groups):
            return 0  # a list of small numbers ("10 20 30 40"), not a phone
        # Grouped digits at phone length; a tie with the ID recognizer's
        # long-number rule goes to the longer (this) span.
        return 0.5 if digits >= 9 else 0.45
