"""Dates more specific than a year. A year alone is not a Safe Harbor
identifier and is never flagged."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bedside.guard.recognizers.base import Pattern, PatternRecognizer

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
NUMERIC_RE = re.compile(r"(?<![\w/.:-])\d{1,2}([/.-])\d{1,2}(?:\1(?:\d{4}|\d{2}))?(?![\w/]|[.:-]\d)")
ISO_RE = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?(?![\w-])")
MONTH_DAY_RE = re.compile(
    r"(?i)(?<!\w)" + _MONTH + r"\.?\s{1,3}\d{1,2}(?:st|nd|rd|th)?(?!\d)(?:,?\s{1,3}\d{4}(?!\d))?"
)
DAY_MONTH_RE = re.compile(
    r"(?i)(?<!\w)\d{1,2}(?:st|nd|rd|th)?\s{1,3}(?:of\s{1,3})?" + _MONTH + r"(?!\w)\.?(?:,?\s{1,3}\d{4}(?!\d))?"
)
WEEKDAY_RE = re.compile(r"(?<!\w)(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!\w)")
MONTH_YEAR_RE = re.compile(r"(?i)(?<!\w)" + _MONTH + r"\.?,?\s{1,3}(?:19|20)\d\d(?!\d)")


@dataclass
class DateRecognizer(PatternRecognizer):
    label: str = "DATE"
    name: str = "date"
    what: str = "a date (any part of a date but the year identifies when it is tied to a person)"
    patterns: tuple[Pattern, ...] = (
        Pattern("numeric_date", NUMERIC_RE, 0.75, needs_digit=True),
        Pattern("iso_date", ISO_RE, 0.9, needs_digit=True),
        Pattern("month_day", MONTH_DAY_RE, 0.7, needs_digit=True, keywords=_MONTHS),
        Pattern("day_month", DAY_MONTH_RE, 0.7, needs_digit=True, keywords=_MONTHS),
        Pattern("month_year", MONTH_YEAR_RE, 0.5, needs_digit=True, keywords=_MONTHS),
        # A weekday is part of a date only when tied to a person; policy never
        # raises a verdict on it alone.
        Pattern("weekday", WEEKDAY_RE, 0.4, keywords=("day",)),
    )
    context_words: frozenset[str] = field(
        default_factory=lambda: frozenset(
            [
                "born", "dob", "birth", "birthday", "on", "since", "admitted", "discharged", "date", "seen",
                "visit", "surgery", "died", "passed",
            ]
        )
    )

    def validate(self, text: str, pattern: Pattern) -> float | None:
        if pattern.name != "numeric_date":
            if pattern.name == "month_day" and text[:3].lower() in ("may", "mar") and text[:1].islower():
                return 0.45  # "may 4" is likelier a date than not, "march 5 miles" less so
            return None
        parts = re.split(r"[/.-]", text)
        a, b = int(parts[0]), int(parts[1])
        if not ((1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)):
            return 0
        if len(parts) == 2:
            if text[len(parts[0])] != "/":
                return 0  # "2.5" is a number and "2-3" a range; a month and day alone are written with "/"
            if text in ("24/7", "9/11", "50/50", "1/2", "1/3", "2/3", "1/4", "3/4"):
                return 0
            return 0.5
        return None
