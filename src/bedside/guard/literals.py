"""The literal words a regular expression cannot match without: a gate derived
from the pattern itself, never a hand-kept list.

:func:`required` reads a pattern's parse tree and returns conditions, each a
set of strings one of which every match contains. A text holding none of one
condition's strings cannot match, so the pattern need not run on it (one
Aho-Corasick pass over the text finds which strings are present). The
derivation only ever drops what it cannot prove (a character class, ``\\w+``,
a look-around, an optional part), so it is sound: a rule whose condition
fails on a text would have found nothing in it. A new rule is covered the
moment it is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

# An exact set of strings a part matches is kept while it stays this small;
# beyond it the part's strings so far become a condition and a new run starts.
_EXACT_LIMIT = 64
# A class of at most this many single characters ("[.,!]") is spelled out.
_CLASS_LIMIT = 8
# Conditions whose shortest string is shorter than this say too little to be
# worth looking for (" ", "i"): they are dropped, which only lets more through.
MIN_LENGTH = 3

Condition = frozenset[str]


@dataclass(frozen=True)
class _Info:
    exact: frozenset[str] | None  # every string the part can match, when few; None when unknown
    needs: tuple[Condition, ...]  # each: one of its strings is in every match


_UNKNOWN = _Info(None, ())
_EMPTY = _Info(frozenset([""]), ())


def required(pattern: str | re.Pattern[str]) -> tuple[Condition, ...]:
    """Conditions every match of ``pattern`` meets (empty when none is known,
    or when the pattern ignores case: the gate reads the text as it is)."""
    source, flags = (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
    if isinstance(source, bytes):
        return ()
    parsed = sre_parse.parse(source, flags)
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return ()
    try:
        info = _sequence(list(parsed))
    except _CaseFolded:
        return ()
    needs = list(info.needs)
    if info.exact is not None:
        needs.append(_as_condition(info.exact))
    return tuple(sorted({n for n in needs if n and min(map(len, n)) >= MIN_LENGTH}, key=sorted))


def met(conditions: tuple[Condition, ...], present: set[str] | frozenset[str]) -> bool:
    """Whether a text in which the strings ``present`` were found meets every condition."""
    return all(not c.isdisjoint(present) for c in conditions)


class Gate:
    """Which of many patterns a text can match, in one Aho-Corasick pass.

    ``rules[i]`` is pattern i's conditions (from :func:`required`, plus any
    the caller adds); a pattern with none is always open. Each pattern is
    filed under the strings of one condition, its most telling one, so a
    text wakes only the patterns one of whose key strings it holds; only
    those are checked against all their conditions."""

    def __init__(self, rules: Sequence[tuple[Condition, ...]]) -> None:
        self._rules = [tuple(c for c in conds if c) for conds in rules]
        self._always = frozenset(i for i, conds in enumerate(self._rules) if not conds)
        self._by_key: dict[str, list[int]] = {}
        words: set[str] = set()
        for i, conds in enumerate(self._rules):
            if not conds:
                continue
            words.update(*conds)
            for word in max(conds, key=lambda c: (min(map(len, c)), -len(c))):
                self._by_key.setdefault(word, []).append(i)
        self._automaton = ahocorasick.Automaton()
        for word in words:
            self._automaton.add_word(word, word)
        if words:
            self._automaton.make_automaton()

    def open(self, text: str) -> set[int]:
        """The patterns whose every condition ``text`` meets."""
        if not self._by_key:
            return set(self._always)
        present = {word for _, word in self._automaton.iter(text)}
        woken = {i for word in present for i in self._by_key.get(word, ())}
        return {i for i in woken if met(self._rules[i], present)} | self._always


class _CaseFolded(Exception):
    """A group turns on IGNORECASE: give up on the whole pattern."""


def _as_condition(exact: frozenset[str]) -> Condition:
    return frozenset() if "" in exact else exact


def _best(needs: tuple[Condition, ...]) -> Condition:
    """The one condition that says most (its shortest string longest, then fewest strings)."""
    usable = [n for n in needs if n]
    if not usable:
        return frozenset()
    return max(usable, key=lambda n: (min(map(len, n)), -len(n)))


def _sequence(items: list[tuple[Any, Any]]) -> _Info:
    exact: frozenset[str] | None = frozenset([""])
    whole = True  # ``exact`` still spells the whole sequence so far
    needs: list[Condition] = []
    for op, av in items:
        part = _node(op, av)
        needs.extend(part.needs)
        if exact is not None and part.exact is not None and len(exact) * len(part.exact) <= _EXACT_LIMIT:
            exact = frozenset(a + b for a in exact for b in part.exact)
            continue
        if exact is not None:
            needs.append(_as_condition(exact))
        whole = False
        exact = part.exact
    if not whole:
        if exact is not None:
            needs.append(_as_condition(exact))
        exact = None
    return _Info(exact, tuple(n for n in needs if n))


def _node(op: Any, av: Any) -> _Info:
    if op is sre.LITERAL:
        return _Info(frozenset([chr(av)]), ())
    if op is sre.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is not sre.LITERAL:  # NEGATE, CATEGORY, RANGE: not spelled out
                return _UNKNOWN
            chars.add(chr(value))
        return _Info(frozenset(chars), ()) if len(chars) <= _CLASS_LIMIT else _UNKNOWN
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _EMPTY  # zero-width: nothing of the match, whatever it looks at
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        if add_flags & re.IGNORECASE:
            raise _CaseFolded
        return _sequence(list(body))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is sre.BRANCH:
        branches = [_sequence(list(b)) for b in av[1]]
        exact: frozenset[str] | None = None
        if all(b.exact is not None for b in branches):
            union = frozenset().union(*(b.exact for b in branches if b.exact is not None))
            exact = union if len(union) <= _EXACT_LIMIT else None
        ors = []
        for b in branches:
            cond = _best(b.needs + ((_as_condition(b.exact),) if b.exact is not None else ()))
            if not cond:
                return _Info(exact, ())
            ors.append(cond)
        return _Info(exact, (frozenset().union(*ors),))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, body = av
        part = _sequence(list(body))
        if high == 0:
            return _EMPTY
        if low == 0:
            if high == 1 and part.exact is not None:
                return _Info(part.exact | {""}, ())
            return _UNKNOWN
        needs = part.needs + ((_as_condition(part.exact),) if part.exact is not None else ())
        if low == high == 1:
            return _Info(part.exact, part.needs)
        return _Info(None, tuple(n for n in needs if n))
    return _UNKNOWN  # ANY, NOT_LITERAL, GROUPREF, CATEGORY, ...
