"""Features for the name-and-place CRF, shared by training and tagging.

Token-level features are cached by token text: social text repeats the same
few thousand words, and building feature strings is the hot loop.
"""

from __future__ import annotations

from functools import lru_cache

from bedside.guard.lexicons import first_name_rank, is_common_word, last_name_rank
from bedside.guard.tokens import Token

NEIGHBOURS = (-2, -1, 1, 2)


def _shape(word: str) -> str:
    out = []
    for ch in word[:12]:
        if ch.isupper():
            c = "X"
        elif ch.islower():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _bucket(rank: int | None, cuts: tuple[int, ...]) -> str:
    if rank is None:
        return "no"
    for cut in cuts:
        if rank <= cut:
            return str(cut)
    return "rare"


@lru_cache(maxsize=200_000)
def token_features(text: str, kind: str) -> tuple[str, ...]:
    """Features of one token on its own; neighbours reuse them with a prefix."""
    core = text[1:] if kind in ("mention", "hashtag") else text
    low = core.lower()
    feats = ["w=" + text.lower(), "sh=" + _shape(core)]
    if kind != "word":
        feats.append("k=" + kind)
    if kind == "word" or kind == "mention" or kind == "hashtag":
        feats.append("p3=" + low[:3])
        feats.append("s3=" + low[-3:])
        if is_common_word(low):
            feats.append("cw")
        if not core.isascii():
            feats.append("na")
        if core.istitle():
            feats.append("title")
        elif core.isupper() and len(core) > 1:
            feats.append("upper")
        elif core.islower():
            feats.append("lower")
        if core.isalpha():
            fn = first_name_rank(low)
            ln = last_name_rank(low)
            feats.append("fn=" + _bucket(fn, (100, 1000)))
            feats.append("ln=" + _bucket(ln, (500, 5000, 30000)))
        if len(core) == 1:
            feats.append("len1")
    return tuple(feats)


@lru_cache(maxsize=200_000)
def _context_features(text: str, kind: str, offset: int) -> tuple[str, ...]:
    own = token_features(text, kind)
    prefix = str(offset) + ":"
    # Neighbours carry the word, its shape and the name-list flags only: more
    # would swell the model without helping.
    keep = ("w=", "sh", "fn", "ln", "ti", "up", "cw") if offset in (-1, 1) else ("w=", "ti", "up")
    return tuple(prefix + f for f in own if f[:2] in keep)


@lru_cache(maxsize=200_000)
def _all_views(text: str, kind: str) -> tuple[tuple[str, ...], ...]:
    """The token's own features and its four neighbour views, in one lookup."""
    return (token_features(text, kind),) + tuple(_context_features(text, kind, off) for off in NEIGHBOURS)


class KnownViews:
    """_all_views less the attributes a trained model has no weight for.

    Tagging time grows with the attributes passed per token, and an attribute
    the model does not know adds nothing to any score: dropping them (once per
    distinct token) gives the same tags, a quarter faster on long notes."""

    def __init__(self, known: frozenset[str], max_size: int = 200_000) -> None:
        self.known = known
        self.max_size = max_size
        self.cache: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {}

    def views(self, tokens: list[Token]) -> list[tuple[tuple[str, ...], ...]]:
        get = self.cache.get
        out = [get((t[0], t[3])) for t in tokens]  # (text, kind)
        if None in out:
            for i, v in enumerate(out):
                if v is None:
                    out[i] = self._add(tokens[i].text, tokens[i].kind)
        return out  # type: ignore[return-value]

    def _add(self, text: str, kind: str) -> tuple[tuple[str, ...], ...]:
        known = self.known
        views = tuple(tuple(f for f in view if f in known) for view in _all_views(text, kind))
        if len(self.cache) >= self.max_size:
            self.cache.clear()
        self.cache[(text, kind)] = views
        return views


_NO_VIEWS: tuple[tuple[str, ...], ...] = ((), (), (), (), ())


def sentence_features(tokens: list[Token], known: KnownViews | None = None) -> list[list[str]]:
    """Each token's own features plus its neighbours' views (NEIGHBOURS is
    (-2, -1, 1, 2): view k+1 of token i+off). The hot loop of tagging: one
    list display per token, no method calls."""
    if not tokens:
        return []
    views = known.views(tokens) if known is not None else [_all_views(t[0], t[3]) for t in tokens]
    padded = [_NO_VIEWS, _NO_VIEWS, *views, _NO_VIEWS, _NO_VIEWS]
    out = [
        [*c[0], *a[1], *b[2], *d[3], *e[4]]
        for a, b, c, d, e in zip(padded, padded[1:], padded[2:], padded[3:], padded[4:], strict=False)
    ]
    out[0].append("BOS")
    out[-1].append("EOS")
    return out
