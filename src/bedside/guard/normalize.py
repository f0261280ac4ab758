"""Undo the tricks that hide an identifier from the recognizers, keeping a map
back to the original text so every finding still points into what was written.

What is undone, in one left-to-right pass:
- NFKC compatibility forms: full-width digits and letters, mathematical
  alphanumerics, circled and superscript digits ("６１７", "𝟔𝟏𝟕", "①");
- any other decimal digit (Arabic-Indic, Devanagari, ...) becomes its ASCII digit;
- format and control characters vanish: zero-width space, (non-)joiners, word
  joiner, soft hyphen, BOM, bidi marks, NUL and the C0/C1 controls (tab and
  newlines stay), variation selectors, and combining marks that are not on a
  letter of another script ("6\u0301" is "6");
- every space separator (no-break, thin, ideographic, ...) becomes " ", every
  dash and the minus sign "-";
- Cyrillic and Greek letters that look like Latin ones become those letters
  ("оr" with a Cyrillic "о" is "or"): the table below, a small subset of the
  Unicode Consortium's confusables.txt (Unicode licence) chosen by hand;
- digits written as words inside a run of digits ("six one seven five five
  five, oh one four three") become the digits, the spaces between them dropped.

Plain ASCII text with no digit words runs none of this (normalize returns
None): the check is two C-level scans. Everything here is linear in the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Latin look-alikes in Cyrillic and Greek (confusables.txt, "MA" table, those
# whose glyph is the Latin letter's in common fonts).
_CONFUSABLES = {
    # Cyrillic lower case
    "а": "a", "в": "b", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k", "м": "m", "н": "h",
    "о": "o", "р": "p", "с": "c", "ѕ": "s", "т": "t", "у": "y", "х": "x", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ӏ": "l", "ɡ": "g", "ь": "b", "ү": "y", "ӡ": "3", "з": "3", "б": "6",
    # Cyrillic upper case
    "А": "A", "В": "B", "Е": "E", "З": "3", "І": "I", "Ј": "J", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Ѕ": "S", "Т": "T", "Х": "X", "Ү": "Y", "Ԍ": "G", "Ԛ": "Q",
    "Ԝ": "W", "Ӏ": "I",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "α": "a", "β": "b", "γ": "y", "ι": "i",
    "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
    # Latin letters outside ASCII that stand in for ASCII ones
    "ı": "i", "ȷ": "j", "ℓ": "l", "ǀ": "l",
}

# Characters outside printable ASCII (tab and newlines are printable here).
_SPECIAL = re.compile(r"[^\t\n\r\x20-\x7e]")
_SPECIAL_RUN = re.compile(r"[^\t\n\r\x20-\x7e]+")
_WORD = re.compile(r"\w+")
_AS_DIGIT = {"o": "0", "O": "0", "l": "1", "I": "1"}
_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
# One item of a run of digits: a digit word or a group of digits. \b keeps
# "someone" and "often" out; matching is on lower-cased text.
_DIGIT_ITEM = re.compile(r"\b(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|\d+)\b")
# A gate for the item regex: most texts hold none of these letters' words.
_DIGIT_WORD_GATE = re.compile(r"\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b")
# What may stand between two items of one run: spaces, a comma, a dash or a
# dot, a bracket (at most four characters, so unrelated numbers stay apart).
_RUN_GAP = re.compile(r"[\s,.()/–-]{1,4}")
_KEPT_IN_GAP = frozenset("-.()/")
# A run is rewritten when it has at least this many digits and two words:
# "one or two" and "top five" stay prose, a phone or MRN spelled out does not.
_MIN_RUN_DIGITS = 5


@dataclass(frozen=True)
class Normalized:
    """text is what the recognizers read; starts[i] and ends[i] are where the
    character text[i] came from in the original."""

    text: str
    starts: list[int]
    ends: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of text[start:end]."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


_MEMO: dict[str, str] = {}
_MEMO_MAX = 8192


def _char(ch: str, prev: str) -> str:
    """What one character outside printable ASCII becomes ("" to drop it)."""
    rep = _MEMO.get(ch)
    if rep is None:
        rep = _fold_char(ch, prev)
        if unicodedata.category(ch) not in ("Mn", "Me") and len(_MEMO) < _MEMO_MAX:
            _MEMO[ch] = rep  # a text in another script repeats its few hundred letters
    return rep


def _fold_char(ch: str, prev: str) -> str:
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return " " if ch.isspace() else ""
    if cat == "Zs":
        return " "
    if cat == "Pd" or ch == "\u2212":
        return "-"  # every dash and the minus sign, which NFKC leaves as they are
    if cat in ("Zl", "Zp"):
        return "\n"
    if cat in ("Mn", "Me"):
        # A mark on a letter of another script is part of it; on an ASCII
        # letter ("Jose\u0301") the bare letter reads as well, and on a digit,
        # a dot or a space a mark only hides what it sits on.
        return ch if prev.isalpha() and not prev.isascii() else ""
    if cat == "Nd":
        return str(unicodedata.decimal(ch))
    folded = unicodedata.normalize("NFKC", ch)
    if folded != ch:
        return "".join(c for c in folded if unicodedata.category(c) not in ("Cf", "Cc"))
    return ch


def _unconfuse(text: str) -> str:
    """Latin look-alikes replaced inside words that are Latin already ("mаria"
    with a Cyrillic "а") or made only of look-alikes (a spoofed word); a word
    in Cyrillic or Greek proper keeps its letters. One character for one, so
    the offset map stays as it is."""
    chars: list[str] | None = None
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        latin = any(c.isascii() for c in word)
        if not latin and not all(c in _CONFUSABLES for c in word):
            continue
        if chars is None:
            chars = list(text)
        mapped = [_CONFUSABLES.get(c, c) for c in word]
        if any(c.isdigit() for c in word) and all(c.isdigit() or c in _AS_DIGIT for c in mapped):
            # A look-alike among digits stands for a digit ("617о143").
            mapped = [_AS_DIGIT.get(c, c) for c in mapped]
        chars[m.start() : m.end()] = mapped
    return text if chars is None else "".join(chars)


def _fold_unicode(text: str) -> tuple[str, list[int], list[int]]:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0  # text[:pos] is in out; characters that stay as they are are copied in bulk
    prev = ""
    memo = _MEMO
    for m in _SPECIAL_RUN.finditer(text):
        for i in range(m.start(), m.end()):
            ch = text[i]
            rep = memo.get(ch)
            if rep is None:
                rep = _char(ch, text[i - 1] if i else prev)
            if rep == ch:
                continue
            if i > pos:
                out.append(text[pos:i])
                starts.extend(range(pos, i))
                ends.extend(range(pos + 1, i + 1))
            if rep:
                out.append(rep)
                starts.extend([i] * len(rep))
                ends.extend([i + 1] * len(rep))
            pos = i + 1
    if pos < len(text):
        out.append(text[pos:])
        starts.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
    return _unconfuse("".join(out)), starts, ends


def _digit_runs(lower: str) -> list[list[re.Match[str]]]:
    """Runs of digit items, each item next to the one before across a short gap,
    that hold enough digits and at least two words to be a number spelled out."""
    runs: list[list[re.Match[str]]] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        words = sum(1 for m in run if not m.group().isdigit())
        digits = sum(len(m.group()) if m.group().isdigit() else 1 for m in run)
        if words >= 2 and digits >= _MIN_RUN_DIGITS:
            runs.append(list(run))

    for m in _DIGIT_ITEM.finditer(lower):
        if run and not _RUN_GAP.fullmatch(lower, run[-1].end(), m.start()):
            close()
            run = []
        run.append(m)
    if run:
        close()
    return runs


def _spell_digits(text: str, starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]] | None:
    lower = text.lower()
    if len(lower) != len(text) or _DIGIT_WORD_GATE.search(lower) is None:
        return None
    runs = _digit_runs(lower)
    if not runs:
        return None
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0

    def copy(a: int, b: int) -> None:
        out.append(text[a:b])
        new_starts.extend(starts[a:b])
        new_ends.extend(ends[a:b])

    for run in runs:
        copy(pos, run[0].start())
        for k, m in enumerate(run):
            if k:
                for g in range(run[k - 1].end(), m.start()):
                    if text[g] in _KEPT_IN_GAP:
                        copy(g, g + 1)
            item = m.group()
            if item.isdigit():
                copy(m.start(), m.end())
            else:
                out.append(_DIGIT_WORDS[item])
                new_starts.append(starts[m.start()])
                new_ends.append(ends[m.end() - 1])
        pos = run[-1].end()
    copy(pos, len(text))
    return "".join(out), new_starts, new_ends


def normalize(text: str) -> Normalized | None:
    """The text as the recognizers should read it, or None when that is the
    text itself (plain ASCII with no number spelled out: nearly every text)."""
    if text.isascii() and _SPECIAL.search(text) is None:
        spelled = _spell_digits(text, list(range(len(text))), list(range(1, len(text) + 1))) \
            if _DIGIT_WORD_GATE.search(text.lower()) else None
        return None if spelled is None else Normalized(*spelled)
    folded, starts, ends = _fold_unicode(text)
    spelled = _spell_digits(folded, starts, ends)
    if spelled is not None:
        folded, starts, ends = spelled
    if folded == text:
        return None
    return Normalized(folded, starts, ends)
