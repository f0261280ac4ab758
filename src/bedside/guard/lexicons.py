"""Word lists shipped in bedside/guard/data, loaded once on first use.

names.tsv.gz: US Census 1990 first and last names (public domain, taken from
the `names` package by scripts/train_guard_model.py), with frequency ranks.
common_words.txt.gz: words seen in lower case outside names in the CC-BY
training tweets (a word-frequency fact list; see the training script).
"""

from __future__ import annotations

import gzip
from functools import cache, lru_cache
from importlib import resources


def data_path(name: str):
    return resources.files("bedside.guard").joinpath("data", name)


@lru_cache(maxsize=1)
def _raw_name_ranks() -> dict[str, dict[str, str]]:
    """{"f": census first names, "l": census last names, "s": SSA baby names}
    -> name -> rank, the rank left as text: one decompress, one split and no
    int() per line keep 190,000 lines out of the guard's start-up time."""
    ranks: dict[str, dict[str, str]] = {"f": {}, "l": {}, "s": {}}
    # One split into fields and zip() build the dicts in C: a Python loop over
    # the lines was a third of `bedside scan`'s start-up.
    fields = gzip.decompress(data_path("names.tsv.gz").read_bytes()).decode("utf-8").replace("\n", "\t").split("\t")
    if fields and fields[-1] == "":
        fields.pop()
    if len(fields) % 3:
        raise ValueError("names.tsv.gz: every line must be kind<TAB>name<TAB>rank")
    kinds, names, values = fields[0::3], fields[1::3], fields[2::3]
    start = 0
    while start < len(kinds):  # the file is grouped by kind: one slice each
        kind = kinds[start]
        end = _block_end(kinds, start)
        ranks.setdefault(kind, {}).update(zip(names[start:end], values[start:end], strict=True))
        start = end
    return ranks


def _block_end(kinds: list[str], start: int) -> int:
    """The end of the run of equal kinds that starts at start (galloping, then
    a binary search: a few dozen comparisons for 100,000 lines)."""
    kind, step, lo = kinds[start], 1, start
    while lo + step < len(kinds) and kinds[lo + step] == kind:
        lo += step
        step *= 2
    hi = min(lo + step, len(kinds))
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if kinds[mid] == kind:
            lo = mid
        else:
            hi = mid
    return hi


def raw_name_ranks() -> dict[str, dict[str, str]]:
    """The name lists as _raw_name_ranks loads them, for callers that look up
    many words at once (features): one call instead of one a word."""
    return _raw_name_ranks()


def _rank(kind: str, word: str) -> int | None:
    rank = _raw_name_ranks()[kind].get(word)
    return None if rank is None else int(rank)


@lru_cache(maxsize=1)
def _name_ranks() -> tuple[dict[str, int], dict[str, int]]:
    """Census 1990 first and last names with their ranks (for the training script)."""
    raw = _raw_name_ranks()
    return {k: int(v) for k, v in raw["f"].items()}, {k: int(v) for k, v in raw["l"].items()}


def baby_name_rank(word: str) -> int | None:
    """Rank among the ~97,000 first names the SSA has seen given to babies."""
    return _rank("s", word)


def first_name_rank(word: str) -> int | None:
    return _rank("f", word)


def last_name_rank(word: str) -> int | None:
    return _rank("l", word)


def is_known_name(word: str) -> bool:
    raw = _raw_name_ranks()
    return word in raw["f"] or word in raw["l"]


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return frozenset(term_list("common_words.txt.gz"))


def is_common_word(word: str) -> bool:
    """Seen in lower case, outside any name, in the name model's training text."""
    return word in _common_words()


@lru_cache(maxsize=1)
def _clusters() -> dict[str, str]:
    # word<TAB>cluster lines, split in C and zipped (see _raw_name_ranks).
    fields = gzip.decompress(data_path("clusters.tsv.gz").read_bytes()).decode("utf-8").replace("\n", "\t").split("\t")
    if fields and fields[-1] == "":
        fields.pop()
    return dict(zip(fields[0::2], fields[1::2], strict=True))


def word_cluster(word: str) -> int | None:
    """The Brown cluster of a word as written, else of its lower case."""
    clusters = _clusters()
    found = clusters.get(word)
    if found is None:
        found = clusters.get(word.lower())
    return None if found is None else int(found)


@cache
def term_list(name: str) -> tuple[str, ...]:
    """A one-term-a-line list; lines starting with # are comments."""
    raw = data_path(name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    # Lower-cased once for the whole file and stripped only where needed: a
    # call a line was most of loading the clinical word lists.
    lines = raw.decode("utf-8").lower().splitlines()
    return tuple(t for s in lines if s[:1] != "#" and (t := s.strip()))
