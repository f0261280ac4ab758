from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.guard.recognizers.base import Doc, Recognizer, matches
from bedside.guard.result import Finding

AGE_RE = re.compile(
    r"(?i)(?<!\w)(?:"
    r"(?P<a>\d{1,3})(?:\s?|-)(?:years?|yrs?|y)(?:\s?|-)(?:old|o\b|/o)"
    r"|(?P<b>\d{1,3})\s?(?:yo|y/o|y\.o\.)(?!\w)"
    r"|(?:aged?|age of|turn(?:ed|s|ing)?)\s(?P<c>\d{1,3})(?!\d)"
    r"|(?P<d>\d{1,3})(?:\s?|-)(?:year|yr)(?:\s?|-)old"
    r")"
)


# What every match has: a digit then "y" (years, yrs, yo, y/o), or the word
# before the number. Both lead with what re can skip to in C; most texts have neither.
_DIGIT_THEN_Y = re.compile(r"\d[\s-]?y")
_AGE_WORD = re.compile(r"(?:aged?|age\sof|turn(?:ed|s|ing)?)\s\d")


@dataclass
class AgeRecognizer(Recognizer):
    label: str = "AGE"
    name: str = "age"
    needs_digit: bool = True

    def analyze(self, doc: Doc) -> list[Finding]:
        if not doc.has_digit or not (_DIGIT_THEN_Y.search(doc.lower) or _AGE_WORD.search(doc.lower)):
            return []
        out = []
        for m in matches(AGE_RE, doc):
            group = next(g for g in "abcd" if m.group(g) is not None)
            age = int(m.group(group))  # digits: the same in the lower-cased text
            if age > 125:
                continue
            start, end = m.span(group)
            if age > 89:
                # Safe Harbor: ages over 89 identify on their own.
                out.append(Finding("AGE", start, end, doc.text[start:end], 0.9, "age:over_89",
                                   f"An age over 89 ({age}) is a HIPAA identifier on its own."))
            else:
                out.append(Finding("AGE", start, end, doc.text[start:end], 0.5, "age:stated_age",
                                   f"A stated age ({age}); with other details it helps identify a person."))
        return out
