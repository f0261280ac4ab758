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


# The same tokens for text in which no URL, e-mail address, mention or hashtag
# can start: without "http", "www.", "@" and "#" only the last two alternatives
# of TOKEN_RE can match, and this regex tries nothing else (half the time).
_PLAIN_RE = re.compile(r"(?P<word>\w+(?:['’]\w+)*)|(?P<other>\S)")


class Token(NamedTuple):
    text: str
    start: int
    end: int
    kind: str  # url, email, mention, hashtag, word, other


_new = tuple.__new__


def tokenize(text: str) -> list[Token]:
    # tuple.__new__ skips the NamedTuple's Python-level __new__: a long note
    # has hundreds of thousands of tokens. Every alternative is a named group.
    plain = "@" not in text and "#" not in text and "http" not in text and "www." not in text
    regex = _PLAIN_RE if plain else TOKEN_RE
    return [_new(Token, (m.group(), m.start(), m.end(), m.lastgroup)) for m in regex.finditer(text)]
