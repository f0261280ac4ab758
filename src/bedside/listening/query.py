"""The saved-search query language, parsed once and matched in linear time.

A query is words and "quoted phrases", #hashtags and @handles, combined with
AND (or just a space), OR, NOT (or a leading -), and parentheses; ``lang:xx``
keeps one language, and ``place:Boston`` / ``place:"Cambridge MA"`` keep
mentions in one of the places named (see :mod:`bedside.listening.places`);
both filter the whole query wherever they are written. A trailing ``*`` makes a word a prefix (``cardio*``).
Matching never uses a regular expression built from the query: the text is
split into words once, and each term is a set lookup or a scan of that word
list, so no query can make matching slow (a query is capped at
``MAX_TERMS`` terms and ``MAX_DEPTH`` nesting). Plain Python, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bedside.listening.places import Place, PlaceError, parse_place

MAX_LENGTH = 1_000
MAX_TERMS = 60
MAX_DEPTH = 8
MAX_PLACES = 10

# Words keep their inner apostrophes and hyphens ("o'neil", "covid-19"); a
# hashtag or handle keeps its sigil so "#flu" and "flu" differ.
_WORD = re.compile(r"[#@]?\w+(?:['’\-.]\w+)*", re.UNICODE)


class QueryError(ValueError):
    """A query that cannot be read; ``position`` is the 1-based column."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"column {position}: {message}")
        self.message = message
        self.position = position


def words(text: str) -> list[str]:
    """The text as lower-case words, hashtags and handles, accents kept."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return _WORD.findall(folded)


@dataclass(frozen=True)
class Text:
    """A text split once for matching any number of queries."""

    tokens: tuple[str, ...]
    bare: frozenset[str]  # tokens and their sigil-less forms
    joined: str  # " a b c " for phrase lookups
    language: str = ""
    # Places the source reported for the post or its author's profile gives
    # (empty strings where none): what a place: filter reads besides the text.
    where: tuple[str, ...] = ()

    @classmethod
    def of(cls, text: str, language: str = "", where: tuple[str, ...] = ()) -> Text:
        tokens = tuple(words(text))
        # A possessive names its owner: "Riverbend's ER" is about Riverbend
        # (words() keeps "riverbend's" whole, and ’ is read as ').
        owners = [t[:-2] for t in tokens if t.endswith("'s") and len(t) > 2]
        bare = frozenset(tokens) | frozenset(t.lstrip("#@") for t in (*tokens, *owners))
        return cls(tokens, bare, " " + " ".join(tokens) + " ", language.lower(), tuple(w[:200] for w in where if w))


# -- the tree -------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    value: str  # lower-case; a phrase has spaces; "#x"/"@x" keep their sigil
    prefix: bool = False

    def matches(self, text: Text) -> bool:
        if " " in self.value:
            return f" {self.value} " in text.joined
        if self.prefix:
            return any(t.startswith(self.value) or t.lstrip("#@").startswith(self.value) for t in text.tokens)
        if self.value[0] in "#@":
            return self.value in text.bare
        return self.value in text.bare

    def describe(self) -> str:
        if " " in self.value:
            return f'the phrase "{self.value}"'
        if self.value.startswith("#"):
            return f"the hashtag {self.value}"
        if self.value.startswith("@"):
            return f"the handle {self.value}"
        return f"a word starting {self.value}" if self.prefix else f"the word {self.value}"


@dataclass(frozen=True)
class Not:
    inner: Node

    def matches(self, text: Text) -> bool:
        return not self.inner.matches(text)


@dataclass(frozen=True)
class All:
    parts: tuple[Node, ...]

    def matches(self, text: Text) -> bool:
        return all(p.matches(text) for p in self.parts)


@dataclass(frozen=True)
class Any_:
    parts: tuple[Node, ...]

    def matches(self, text: Text) -> bool:
        return any(p.matches(text) for p in self.parts)


Node = Term | Not | All | Any_


@dataclass(frozen=True)
class Query:
    source: str
    root: Node | None
    language: str = ""
    terms: tuple[Term, ...] = field(default=())
    places: tuple[Place, ...] = field(default=())

    def matches(self, text: str | Text, language: str = "") -> bool:
        split = text if isinstance(text, Text) else Text.of(text, language)
        if self.language and split.language and not split.language.startswith(self.language):
            return False
        if self.places and not self.in_places(split):
            return False
        return self.root is not None and self.root.matches(split)

    def in_places(self, text: Text) -> bool:
        """Whether ``text`` (or the place its source reported, or its
        author's profile location) names one of the query's places."""
        return any(p.in_text(text.joined) or any(p.in_reported(w) for w in text.where) for p in self.places)

    def search_terms(self) -> list[str]:
        """What to ask a source's own search for: every term that can make the
        query match (a NOT term never does). Sources over-fetch; the query
        itself decides on each mention."""
        positive: list[str] = []
        _positive(self.root, positive, negated=False)
        return list(dict.fromkeys(positive))

    def hashtags(self) -> list[str]:
        return [t[1:] for t in self.search_terms() if t.startswith("#")]

    def explain(self) -> str:
        """In words, for the query helper."""
        words_part = _explain(self.root) if self.root is not None else "nothing"
        return words_part + (f", {self.explain_places()}" if self.places else "")

    def explain_places(self) -> str:
        """The place part alone, for the query helper ("" without one)."""
        return " or ".join(p.describe() for p in self.places)


def _positive(node: Node | None, out: list[str], negated: bool) -> None:
    if node is None:
        return
    if isinstance(node, Term):
        if not negated:
            out.append(f'"{node.value}"' if " " in node.value else node.value)
    elif isinstance(node, Not):
        _positive(node.inner, out, not negated)
    else:
        for part in node.parts:
            _positive(part, out, negated)


def _explain(node: Node) -> str:
    if isinstance(node, Term):
        return node.describe()
    if isinstance(node, Not):
        return f"not {_explain(node.inner)}"
    joiner = " and " if isinstance(node, All) else " or "
    inner = joiner.join(_explain(p) for p in node.parts)
    return f"({inner})" if len(node.parts) > 1 else inner


# -- parsing --------------------------------------------------------------

_TOKEN = re.compile(r'\s+|(?i:place):(?:"[^"]*"?|[^\s()"]*)|"[^"]*"?|[()]|-(?=[\w#@"(])|[^\s()"]+')
_LANG = re.compile(r"lang:([A-Za-z]{2,3})$")


@dataclass
class _Tok:
    kind: str  # "(", ")", "AND", "OR", "NOT", "TERM", "PREFIX", "LANG", "PLACE"
    value: str
    at: int  # 1-based column


def _lex(source: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(source):
        raw, at = m.group(), m.start() + 1
        if raw.isspace():
            continue
        if raw.startswith('"'):
            if len(raw) < 2 or not raw.endswith('"'):
                raise QueryError("a quote is not closed; add the closing \"", at)
            phrase = " ".join(words(raw[1:-1]))
            if not phrase:
                raise QueryError("an empty phrase \"\" matches nothing; write words between the quotes", at)
            out.append(_Tok("TERM", phrase, at))
        elif raw[:6].lower() == "place:":
            value = raw[6:]
            if value.startswith('"'):
                if len(value) < 2 or not value.endswith('"'):
                    raise QueryError("a quote is not closed; add the closing \"", at + 6)
                value = value[1:-1]
            if not value.strip():
                raise QueryError('place: needs a name, e.g. place:Boston or place:"Cambridge MA"', at)
            out.append(_Tok("PLACE", value, at))
        elif raw in "()":
            out.append(_Tok(raw, raw, at))
        elif raw == "-":
            out.append(_Tok("NOT", raw, at))
        elif raw in ("AND", "OR", "NOT"):
            out.append(_Tok(raw, raw, at))
        elif lang := _LANG.match(raw):
            out.append(_Tok("LANG", lang.group(1).lower(), at))
        else:
            prefix = raw.endswith("*")
            found = words(raw.rstrip("*"))
            if not found:
                raise QueryError(f"{raw!r} has no letters or digits to search for", at)
            value = " ".join(found)
            if prefix and (" " in value or len(value.lstrip("#@")) < 3):
                raise QueryError(f"a prefix needs at least three letters before the *: {raw!r}", at)
            out.append(_Tok("TERM", value, at))
            if prefix:
                out[-1].kind = "PREFIX"
    return out


class _Parser:
    def __init__(self, tokens: list[_Tok], end: int) -> None:
        self.tokens, self.i, self.end = tokens, 0, end
        self.terms: list[Term] = []
        self.language = ""
        self.places: list[Place] = []

    def peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node | None:
        if not self.tokens:
            raise QueryError("the query is empty; type the words to look for", 1)
        node = self.or_(0)
        if (tok := self.peek()) is not None:
            raise QueryError(f"unexpected {tok.value!r}" + (" (no ( opens it)" if tok.kind == ")" else ""), tok.at)
        return node

    def or_(self, depth: int) -> Node | None:
        parts = [self.and_(depth)]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.take()
            if self.peek() is None or self.peek().kind in (")", "OR", "AND"):  # type: ignore[union-attr]
                raise QueryError("OR needs something after it", tok.at)
            parts.append(self.and_(depth))
        kept = tuple(p for p in parts if p is not None)
        return kept[0] if len(kept) == 1 else (Any_(kept) if kept else None)

    def and_(self, depth: int) -> Node | None:
        parts: list[Node | None] = []
        while (tok := self.peek()) is not None and tok.kind not in ("OR", ")"):
            if tok.kind == "AND":
                self.take()
                if not parts or self.peek() is None or self.peek().kind in (")", "OR", "AND"):  # type: ignore[union-attr]
                    raise QueryError("AND needs something on both sides", tok.at)
                continue
            parts.append(self.unary(depth))
        kept = tuple(p for p in parts if p is not None)
        if not parts:
            tok = self.peek()
            raise QueryError("expected a word, a phrase or (", tok.at if tok else self.end)
        return kept[0] if len(kept) == 1 else (All(kept) if kept else None)

    def unary(self, depth: int) -> Node | None:
        tok = self.take()
        if tok.kind == "NOT":
            if self.peek() is None or self.peek().kind in (")", "OR", "AND"):  # type: ignore[union-attr]
                raise QueryError("NOT needs something after it", tok.at)
            following = self.peek()
            inner = self.unary(depth)
            if inner is None:
                what = "place:" if following is not None and following.kind == "PLACE" else "lang:"
                raise QueryError(f"NOT cannot apply to {what}", tok.at)
            return Not(inner)
        if tok.kind == "(":
            if depth + 1 > MAX_DEPTH:
                raise QueryError(f"parentheses nest deeper than {MAX_DEPTH}", tok.at)
            if self.peek() is not None and self.peek().kind == ")":  # type: ignore[union-attr]
                raise QueryError("empty parentheses", tok.at)
            inner = self.or_(depth + 1)
            close = self.peek()
            if close is None or close.kind != ")":
                raise QueryError("this ( is not closed; add a )", tok.at)
            self.take()
            return inner
        if tok.kind == ")":
            raise QueryError("unexpected ) (no ( opens it)", tok.at)
        if tok.kind == "LANG":
            if self.language and self.language != tok.value:
                raise QueryError("only one lang: per query", tok.at)
            self.language = tok.value
            return None
        if tok.kind == "PLACE":
            try:
                place = parse_place(tok.value)
            except PlaceError as exc:
                raise QueryError(str(exc), tok.at) from None
            self.places.append(place)
            if len(self.places) > MAX_PLACES:
                raise QueryError(f"more than {MAX_PLACES} places; split it into several searches", tok.at)
            return None
        term = Term(tok.value, prefix=tok.kind == "PREFIX")
        self.terms.append(term)
        if len(self.terms) > MAX_TERMS:
            raise QueryError(f"more than {MAX_TERMS} terms; split it into several searches", tok.at)
        return term


def parse(source: str) -> Query:
    """Read a query or raise :class:`QueryError` saying where it went wrong."""
    if len(source) > MAX_LENGTH:
        raise QueryError(f"the query is {len(source):,} characters; at most {MAX_LENGTH:,}", MAX_LENGTH + 1)
    if "\x00" in source:
        raise QueryError("the query holds a NUL character", source.index("\x00") + 1)
    parser = _Parser(_lex(source), len(source) + 1)
    root = parser.parse()
    if root is None:
        raise QueryError("lang: and place: alone match everything; add words to look for", 1)
    if _only_negative(root):
        raise QueryError("a query of only NOT terms would match almost everything; add a word to look for", 1)
    return Query(source, root, parser.language, tuple(parser.terms), tuple(parser.places))


def _only_negative(node: Node) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, Term):
        return False
    if isinstance(node, All):
        return all(_only_negative(p) for p in node.parts)
    return any(_only_negative(p) for p in node.parts)
