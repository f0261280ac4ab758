"""Features for the name-and-place CRF, shared by training and tagging.

Token-level features are cached by token text: social text repeats the same
few thousand words, and building feature strings is the hot loop.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

from bedside.guard.lexicons import (
    is_common_word,
    name_ranks,
    word_cluster,
)
from bedside.guard.tokens import Token

NEIGHBOURS = (-2, -1, 1, 2)


def _shape_slow(word: str) -> str:
    out = []
    for ch in word:
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


_ASCII_SHAPE = str.maketrans(
    string.ascii_uppercase + string.ascii_lowercase + string.digits, "X" * 26 + "x" * 26 + "d" * 10
)
_RUN = re.compile(r"(.)\1+", re.DOTALL)


def _shape(word: str) -> str:
    """Upper case as X, lower as x, digits as d, other characters as they
    are, each run of one kind once: "McKay99" -> "XxXxd"."""
    word = word[:12]
    if word.isascii():
        # str.translate and one regex pass in C: a new token's features are
        # the cost of a text with words the guard has not seen before.
        return _collapse(word.translate(_ASCII_SHAPE))
    return _shape_slow(word)


@lru_cache(maxsize=50_000)
def _collapse(translated: str) -> str:
    # Few distinct translated shapes ("Xxxxx", "dd-dd"), so this is a cache hit.
    return _RUN.sub(r"\1", translated)


def _bucket(rank: int | None, cuts: tuple[int, ...]) -> str:
    if rank is None:
        return "no"
    for cut in cuts:
        if rank <= cut:
            return str(cut)
    return "rare"


# A token's case, as the whole-text case counts it: title, upper, lower, other.
_TITLE, _UPPER, _LOWER, _OTHER = 0, 1, 2, 3
CASE_NAMES = ("title", "upper", "lower", "mixed")
# Tokens after which a capital letter says nothing: a sentence or a quote starts.
_STARTERS = frozenset([".", "!", "?", ":", '"', "“", "-", "|", "rt", "…"])


def _case(word: str) -> int:
    if word.istitle():
        return _TITLE
    if word.isupper() and len(word) > 1:
        return _UPPER
    if word.islower():
        return _LOWER
    return _OTHER


# (own features, views -2, -1, +1, +2, case name, case vote, opens a sentence)
Views = tuple


def _views(text: str, kind: str) -> Views:
    """The token's own features, its four neighbour views, and what the
    whole-text features need to know about it, in one lookup."""
    own, before_2, before_1, after_1, after_2, case_name, vote, starter = build_views(text, kind)
    return (tuple(own), before_2, tuple(before_1), tuple(after_1), after_2, case_name, vote, starter)


def text_case(views: list[Views]) -> str:
    """How the text as a whole is written: a capital means less in a text
    Written Like A Headline or IN CAPITALS, and nothing at all in lower case."""
    counts = [0, 0, 0, 0]
    for v in views:
        if v[6] >= 0:
            counts[v[6]] += 1
    return case_of_counts(counts)


def case_of_counts(counts: list[int]) -> str:
    """text_case from the number of words voting title, upper, lower, mixed."""
    total = sum(counts)
    if total < 3:
        return "short"
    if counts[_UPPER] > 0.6 * total:
        return "upper"
    if counts[_TITLE] > 0.6 * total:
        return "title"
    if counts[_TITLE] + counts[_UPPER] == 0:
        return "lower"
    return "mixed"


DOC_CASES = ("title", "upper", "lower", "mixed", "short")  # what text_case answers


def tail_features(doc_case: str, case: str, capital_mid: bool) -> tuple[str, ...]:
    """The whole-text features every token ends with: the text's case, the
    token's own case within it (a word's), and "capmid" for a title-case or
    upper-case word where no sentence starts (it says more there)."""
    if not case:
        return ("dc=" + doc_case,)
    tail = ("dc=" + doc_case, "cc=" + case + "dc=" + doc_case)
    return (*tail, "capmid") if capital_mid and case in ("title", "upper") else tail


# A neighbour is its word plus one attribute joining its shape, case and
# name-list flags: the tagger's cost grows with attributes per token, and the
# joined attribute tags as well as the six apart did (checked on two training
# folds). Nearer neighbours say more, and a near one also shows its cluster.
def build_views(text: str, kind: str) -> tuple:
    """A token's features on its own, the views its neighbours at NEIGHBOURS
    (-2, -1, 1, 2) see, and its case, in one pass with no calls it can avoid:
    a first-seen token costs this, and a text of words the guard has not met
    before is mostly first-seen tokens."""
    affixed = kind == "mention" or kind == "hashtag"
    core = text[1:] if affixed else text
    word = "w=" + text.lower()
    shape = "sh=" + _shape(core)
    own = [word, shape]
    near = [shape]
    far = ""
    cluster_feat = None
    if kind != "word":
        own.append("k=" + kind)
    if kind == "word" or affixed:
        low = core.lower()
        own.append("p3=" + low[:3])
        own.append("s3=" + low[-3:])
        if is_common_word(low):
            own.append("cw")
            near.append("cw")
        if not core.isascii():
            own.append("na")
        if core.istitle():
            own.append("title")
            near.append("title")
            far = "title"
        elif core.isupper() and len(core) > 1:
            own.append("upper")
            near.append("upper")
            far = "upper"
        elif core.islower():
            own.append("lower")
        if core.isalpha():
            first, last, baby = name_ranks(low)
            fn = "fn=" + _bucket(first, (100, 1000))
            ln = "ln=" + _bucket(last, (500, 5000, 30000))
            bn = "bn=" + _bucket(baby, (1000, 5000, 20000))
            own += (fn, ln, bn)
            near += (fn, ln, bn)
        if len(core) == 1:
            own.append("len1")
        cluster = word_cluster(core)
        if cluster is None:
            own.append("bc=no")
        else:
            cluster_feat = f"bc8={cluster & 255}"
            own += (f"bc={cluster}", f"bc4={cluster & 15}", cluster_feat)
    joined = "|".join(near)
    before_1 = ["-1:" + word, "-1:g=" + joined]
    after_1 = ["1:" + word, "1:g=" + joined]
    if cluster_feat is not None:
        before_1.append("-1:" + cluster_feat)
        after_1.append("1:" + cluster_feat)
    before_2 = ("-2:" + word, "-2:g=" + far) if far else ("-2:" + word,)
    after_2 = ("2:" + word, "2:g=" + far) if far else ("2:" + word,)
    case_name = CASE_NAMES[_case(text.lstrip("@#"))] if kind == "word" or affixed else ""
    vote = _case(text) if kind == "word" and text.isalpha() and len(text) > 1 else -1
    return own, before_2, before_1, after_1, after_2, case_name, vote, text.lower() in _STARTERS


# Cached for training and for tests; the guard tags from state_scores.py,
# which keeps its own table of each token's summed weights.
_all_views = lru_cache(maxsize=200_000)(_views)


_NO_VIEWS: Views = ((), (), (), (), ())


def sentence_features(tokens: list[Token]) -> list[list[str]]:
    """Each token's own features plus its neighbours' views (NEIGHBOURS is
    (-2, -1, 1, 2): view k+1 of token i+off), as the model was trained on
    them. state_scores.py sums the same features' weights for tagging."""
    if not tokens:
        return []
    views = [_all_views(t[0], t[3]) for t in tokens]
    doc_case = text_case(views)
    tails = {(case, mid): tail_features(doc_case, case, mid) for case in ("", *CASE_NAMES) for mid in (False, True)}
    padded = [_NO_VIEWS, _NO_VIEWS, *views, _NO_VIEWS, _NO_VIEWS]
    out = []
    append = out.append
    after_starter = True  # the first token opens the text
    for a, b, c, d, e in zip(padded, padded[1:], padded[2:], padded[3:], padded[4:], strict=False):
        append([*c[0], *a[1], *b[2], *d[3], *e[4], *tails[c[5], not after_starter]])
        after_starter = c[7]
    out[0].append("BOS")
    out[-1].append("EOS")
    return out
