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
def _name_ranks() -> tuple[dict[str, int], dict[str, int]]:
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    with data_path("names.tsv.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            kind, name, rank = line.rstrip("\n").split("\t")
            (first if kind == "f" else last)[name] = int(rank)
    return first, last


def first_name_rank(word: str) -> int | None:
    return _name_ranks()[0].get(word)


def last_name_rank(word: str) -> int | None:
    return _name_ranks()[1].get(word)


def is_known_name(word: str) -> bool:
    first, last = _name_ranks()
    return word in first or word in last


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return frozenset(term_list("common_words.txt.gz"))


def is_common_word(word: str) -> bool:
    """Seen in lower case, outside any name, in the name model's training text."""
    return word in _common_words()


@cache
def term_list(name: str) -> tuple[str, ...]:
    """A one-term-a-line list; lines starting with # are comments."""
    raw = data_path(name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    lines = raw.decode("utf-8").splitlines()
    return tuple(s.strip().lower() for s in lines if s.strip() and not s.startswith("#"))
