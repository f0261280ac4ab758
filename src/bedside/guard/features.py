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


def sentence_features(tokens: list[Token]) -> list[list[str]]:
    n = len(tokens)
    views = [_all_views(t.text, t.kind) for t in tokens]
    out = []
    for i in range(n):
        feats = list(views[i][0])
        if i == 0:
            feats.append("BOS")
        if i == n - 1:
            feats.append("EOS")
        # NEIGHBOURS is (-2, -1, 1, 2): view k+1 of token i+off.
        if i >= 2:
            feats.extend(views[i - 2][1])
        if i >= 1:
            feats.extend(views[i - 1][2])
        if i + 1 < n:
            feats.extend(views[i + 1][3])
        if i + 2 < n:
            feats.extend(views[i + 2][4])
        out.append(feats)
    return out
