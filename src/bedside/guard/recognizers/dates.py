"""Dates more specific than a year. A year alone is not a Safe Harbor
identifier and is never flagged."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bedside.guard.recognizers.base import Pattern, PatternRecognizer, fast_start

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# What every month-day and month-year date has, searched once a text for both:
# a month and, after at most a dot, comma, "of" and spaces, a digit.
_MONTH_THEN_DIGIT = re.compile(_MONTH + r"\.?,?(?:\s{1,3}of)?\s{1,3}\d")
# Not inside a longer number, a time or a range ("10:30", "7-8/10"); after a
# word ("TOXICITY-9/2/92", "HX:8/30") a dash or colon is punctuation.
NUMERIC_RE = fast_start(r"(?<![\w/.])(?<![\d/.][:-])\d{1,2}([/.-])\d{1,2}(?:\1(?:\d{4}|\d{2}))?(?![\w/]|[.:-]\d)")
ISO_RE = fast_start(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?(?![\w-])")
MONTH_DAY_RE = re.compile(
    r"(?i)(?<!\w)" + _MONTH + r"\.?\s{1,3}\d{1,2}(?:st|nd|rd|th)?(?!\d)(?:,?\s{1,3}\d{4}(?!\d))?"
)
DAY_MONTH_RE = fast_start(
    r"(?i)(?<!\w)\d{1,2}(?:st|nd|rd|th)?\s{1,3}(?:of\s{1,3})?" + _MONTH + r"(?!\w)\.?(?:,?\s{1,3}\d{4}(?!\d))?"
)
WEEKDAY_RE = re.compile(r"(?<!\w)(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!\w)")
MONTH_YEAR_RE = re.compile(r"(?i)(?<!\w)" + _MONTH + r"\.?,?(?:\s{1,3}of)?\s{1,3}(?:19|20)\d\d(?!\d)")
# "on the 11th", "it's the 3rd.": a day of the month on its own; "the 11th
# floor" is not, so the ordinal must end the phrase.
ORDINAL_DAY_RE = re.compile(
    r"(?i)(?<!\w)the\s(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)(?=\s?[.,;:!?)]|\s(?:at|and|when|in)\s|\s{0,4}$)"
)
# "in sept.", "since January": a month named on its own after a word that
# places something in time. "may" is left out: "in may" is rarely the month.
MONTH_ALONE_RE = re.compile(
    r"(?i)(?<!\w)(?:in|since|during|until|early|late|mid|end\sof|beginning\sof)[\s-]"
    r"(jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)(?!\w)\.?(?!\s{1,3}\d)"
)


@dataclass
class DateRecognizer(PatternRecognizer):
    label: str = "DATE"
    name: str = "date"
    what: str = "a date (any part of a date but the year identifies when it is tied to a person)"
    patterns: tuple[Pattern, ...] = (
        Pattern("numeric_date", NUMERIC_RE, 0.75, needs_digit=True),
        Pattern("iso_date", ISO_RE, 0.9, needs_digit=True),
        Pattern("month_day", MONTH_DAY_RE, 0.7, needs_digit=True, keywords=_MONTHS, gate=_MONTH_THEN_DIGIT),
        Pattern("day_month", DAY_MONTH_RE, 0.7, needs_digit=True, keywords=_MONTHS),
        Pattern("month_year", MONTH_YEAR_RE, 0.5, needs_digit=True, keywords=_MONTHS, gate=_MONTH_THEN_DIGIT),
        Pattern("ordinal_day", ORDINAL_DAY_RE, 0.45, needs_digit=True, keywords=("the",)),
        Pattern("month", MONTH_ALONE_RE, 0.45, keywords=_MONTHS, group=1),
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
        if len(parts) == 2 and text[len(parts[0])] == "/" and 1 <= a <= 12 and 32 <= b <= 99:
            return 0.45  # "8/87": a month and a two-digit year, as clinical notes write them
        if not ((1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)):
            return 0
        if len(parts) == 2:
            if text[len(parts[0])] != "/":
                return 0  # "2.5" is a number and "2-3" a range; a month and day alone are written with "/"
            if text in ("24/7", "9/11", "50/50", "1/2", "1/3", "2/3", "1/4", "3/4"):
                return 0
            return 0.5
        return None
