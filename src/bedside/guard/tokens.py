"""One compiled regex splits text into tokens with exact character offsets.

Every alternative starts with a look-behind that forbids starting inside a run
the same alternative could have started earlier, so each run is scanned once:
matching stays linear on adversarial input (100 KB of one character).
"""

from __future__ import annotations

import re
from typing import NamedTuple

TOKEN_RE = re.compile(
    r"""
    (?P<url>(?<![\w/])(?:https?://|www\.)[^\s<>"'\]\[(){}]*[^\s<>"'\]\[(){}.,;:!?])
    |(?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
    |(?P<mention>(?<![\w@])@\w+)
    |(?P<hashtag>(?<![\w#])\#\w+)
    |(?P<word>\w+(?:['’]\w+)*)
    |(?P<other>\S)
    """,
    re.VERBOSE,
)


class Token(NamedTuple):
    text: str
    start: int
    end: int
    kind: str  # url, email, mention, hashtag, word, other


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end(), m.lastgroup or "other") for m in TOKEN_RE.finditer(text)]
