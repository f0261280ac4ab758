from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.guard.recognizers.base import Doc, Pattern, PatternRecognizer
from bedside.guard.result import Finding

# The look-behind keeps the scan linear: a match may only start where a run of
# address characters starts.
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}(?![\w-])")


@dataclass
class EmailRecognizer(PatternRecognizer):
    label: str = "EMAIL"
    name: str = "email"
    what: str = "an email address"
    patterns: tuple[Pattern, ...] = (Pattern("address", EMAIL_RE, 0.95),)

    def analyze(self, doc: Doc) -> list[Finding]:
        return super().analyze(doc) if "@" in doc.text else []
