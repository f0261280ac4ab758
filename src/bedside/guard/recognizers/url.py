from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.guard.recognizers.base import Doc, Pattern, PatternRecognizer
from bedside.guard.result import Finding

_TLDS = (
    "com|org|net|edu|gov|mil|int|io|co|us|uk|ca|au|de|fr|nl|be|ch|cz|se|si|no|dk|fi|es|it|pt|pl|ie|nz"
    "|in|info|biz|me|ly|gl|health|care|clinic|hospital|app|dev|ai|tv|fm|ru|jp|cn|br|mx|za|gr|at|hu|ro"
)
URL_RE = re.compile(r"(?<![\w/@.])(?:https?://|www\.)[^\s<>\"'\[\](){}]*[^\s<>\"'\[\](){}.,;:!?]", re.IGNORECASE)
# A bare domain ("mychart.example.org/path"): dot-separated labels, so each
# split is forced and the match stays linear.
DOMAIN_RE = re.compile(
    r"(?<![\w/@.-])(?:[a-z0-9-]{1,63}\.){1,6}(?:" + _TLDS + r")(?![\w@-])(?:/[^\s<>\"'()]*[^\s<>\"'().,;:!?])?",
    re.IGNORECASE,
)


# Every bare domain has a dot followed by (at least) a two-letter TLD.
_DOT_LETTERS = re.compile(r"\.[a-z]{2}")


@dataclass
class UrlRecognizer(PatternRecognizer):
    label: str = "URL"
    name: str = "url"
    what: str = "a web address"
    patterns: tuple[Pattern, ...] = (Pattern("link", URL_RE, 0.6, keywords=("http", "www.")), Pattern("bare_domain", DOMAIN_RE, 0.5, gate=_DOT_LETTERS))

    def validate(self, text: str, pattern: Pattern) -> float | None:
        if pattern.name == "bare_domain" and "://" in text:
            return 0
        # "e.g." / "i.e." style abbreviations end with a short label that is no TLD
        return None

    def analyze(self, doc: Doc) -> list[Finding]:
        return super().analyze(doc) if "." in doc.text else []
