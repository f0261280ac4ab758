"""The shape every recognizer shares, after Presidio's: named patterns with base
scores, context words as data, and validate/invalidate hooks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from bedside.guard.context import Context
from bedside.guard.result import Finding
from bedside.guard.tokens import Token, tokenize


def mentions(doc: Doc, keywords: tuple[str, ...]) -> bool:
    return any(k in doc.lower for k in keywords)


class Doc:
    """One text under scan, with what recognizers compute once and share."""

    def __init__(self, text: str, context: Context) -> None:
        self.text = text
        self.context = context
        self.identifiers: list[Finding] = []
        # The patient-relationship rules' findings, kept for the reply-risk
        # recognizer that runs after them (so they are matched once a text).
        self.relationship: list[Finding] | None = None
        self._gates: dict[re.Pattern[str], bool] = {}

    def passes(self, gate: re.Pattern[str]) -> bool:
        """Whether gate finds something in the lower-cased text, searched once a
        text however many patterns share it."""
        found = self._gates.get(gate)
        if found is None:
            found = self._gates[gate] = gate.search(self.lower) is not None
        return found

    @cached_property
    def tokens(self) -> list[Token]:
        return tokenize(self.text)

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def lower_aligned(self) -> str | None:
        """The lower-cased text when every character kept its place (lower()
        only ever grows a character, e.g. "İ"), else None."""
        return self.lower if len(self.lower) == len(self.text) else None

    @cached_property
    def has_digit(self) -> bool:
        """A digit outside links and addresses: t.co links carry digits in
        nearly every tweet, and no number recognizer looks inside them. A
        "hashtag" of digits alone is a number written after "#" ("Pager #61730")."""
        if _DIGIT.search(self.text) is None:
            return False
        return any(
            (t.kind == "word" and _DIGIT.search(t.text)) or (t.kind == "hashtag" and t.text[1:].isdigit())
            for t in self.tokens
        )


_DIGIT = re.compile(r"\d")
_LOWERED: dict[re.Pattern[str], re.Pattern[str] | None] = {}


def _lowered(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-sensitive twin of a case-insensitive regex, for lower-cased
    text: every letter outside an escape or a group's name lower-cased
    ("[A-Z]" -> "[a-z]"; "\\W" and "(?P<Name>" stay), the (?i) flag dropped."""
    if not regex.flags & re.IGNORECASE:
        return None
    pattern, out, i = regex.pattern.removeprefix("(?i)"), [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P="), i):  # a group's name stays as written
            end = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i : end + 1])
            i = end + 1
        else:
            out.append(pattern[i].lower())
            i += 1
    return re.compile("".join(out), regex.flags & ~re.IGNORECASE)


def matches(regex: re.Pattern[str], doc: Doc, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """regex.finditer(doc.text, pos, endpos). CPython's re cannot skip ahead on
    a case-insensitive alternation, so a case-insensitive regex runs as its
    case-sensitive twin over the lower-cased text: the same matches at the
    same offsets, 2-4x faster on long notes. A match's group() is then
    lower-cased: read what it covers from doc.text by offsets."""
    if regex not in _LOWERED:
        _LOWERED[regex] = _lowered(regex)
    twin = _LOWERED[regex]
    end = len(doc.text) if endpos is None else endpos
    if twin is not None and doc.lower_aligned is not None:
        return twin.finditer(doc.lower_aligned, pos, end)
    return regex.finditer(doc.text, pos, end)


_LEAD = re.compile(
    r"^(\(\?i\))?((?:\(\?<!(?:\[[^\]]*\]|[^()\[\]])*\))+)(\\d|\[(?:\\.|[^\]\\])*\])(?:\{(\d+)(?:,(\d+))?\})?"
)
_LOOKBEHIND = re.compile(r"\(\?<!((?:\[[^\]]*\]|[^()\[\]])*)\)")
# Each regex made by fast_start, with the source it was written as (the tests
# check the two match alike).
FAST_STARTS: dict[re.Pattern[str], str] = {}


def fast_start(source: str) -> re.Pattern[str]:
    """Compile a regex written as ``(?<!X)...A{m,n}REST``, where A is ``\\d``
    or a character class, as ``A(?<!XA)...A{m-1,n-1}REST``: the same matches,
    but starting with A lets CPython's re skip to the next character in A in C
    instead of trying the look-behind at every character (twice as fast on a
    long note). Each look-behind now also sees the character just read, which
    is in A by then."""
    m = _LEAD.match(source)
    if m is None:
        raise ValueError(f"fast_start needs (?<!...) then \\d or [...] at the start: {source[:40]!r}")
    if source[m.end() : m.end() + 1] in ("+", "*", "?", "{"):
        raise ValueError(f"fast_start takes A, A{{m}} or A{{m,n}} first, not {source[m.start() : m.end() + 1]!r}")
    flag, lookbehinds, atom, lo_text, hi_text = m.groups()
    lo = int(lo_text) if lo_text else 1
    hi = int(hi_text) if hi_text else lo
    if lo < 1:
        raise ValueError(f"fast_start needs the first character to be there: {source[:40]!r}")
    moved = "".join(f"(?<!{x}{atom})" for x in _LOOKBEHIND.findall(lookbehinds))
    more = "" if hi == 1 else (f"{atom}{{{lo - 1}}}" if lo == hi else f"{atom}{{{lo - 1},{hi - 1}}}")
    regex = re.compile((flag or "") + atom + moved + more + source[m.end() :])
    FAST_STARTS[regex] = source
    return regex


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: re.Pattern[str]
    score: float
    needs_digit: bool = False  # skip the regex on text with no digit outside links
    # Skip the regex unless the lower-cased text contains one of these: a
    # substring test is far cheaper than trying the regex at every position.
    keywords: tuple[str, ...] = ()
    # Skip the regex unless this cheap regex finds something in the lower-cased
    # text (a pattern with a literal first character scans in C).
    gate: re.Pattern[str] | None = None
    group: int = 0  # report this group's span ("in March" -> "March")


@dataclass
class Recognizer:
    """Subclasses set label/name and implement analyze()."""

    label: str = ""
    name: str = ""
    # Words that, within a few tokens before a match, make it likelier to be
    # what it looks like ("call me at", "DOB"). The engine applies them.
    context_words: frozenset[str] = field(default_factory=frozenset)
    needs_digit: bool = False

    def applies_to(self, context: Context) -> bool:
        return True

    def analyze(self, doc: Doc) -> list[Finding]:
        raise NotImplementedError


@dataclass
class PatternRecognizer(Recognizer):
    patterns: tuple[Pattern, ...] = ()
    what: str = ""  # "a phone number": used in explanations

    def validate(self, text: str, pattern: Pattern) -> float | None:
        """Return a new score (e.g. 1.0 when a checksum holds), 0 to drop, None to keep."""
        return None

    def analyze(self, doc: Doc) -> list[Finding]:
        if self.needs_digit and not doc.has_digit:
            return []
        out = []
        for pat in self.patterns:
            if pat.needs_digit and not doc.has_digit:
                continue
            if pat.keywords and not any(k in doc.lower for k in pat.keywords):
                continue
            if pat.gate is not None and not doc.passes(pat.gate):
                continue
            for m in matches(pat.regex, doc):
                text = doc.text[m.start(pat.group) : m.end(pat.group)]
                score = pat.score
                checked = self.validate(text, pat)
                if checked is not None:
                    if checked <= 0:
                        continue
                    score = checked
                out.append(
                    Finding(
                        self.label,
                        m.start(pat.group),
                        m.end(pat.group),
                        text,
                        score,
                        f"{self.name}:{pat.name}",
                        f"Looks like {self.what} ({pat.name.replace('_', ' ')}).",
                    )
                )
        return out
