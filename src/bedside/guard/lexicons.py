"""Word lists shipped in bedside/guard/data, loaded once on first use.

names.tsv.gz: US Census 1990 first and last names (public domain, taken from
the `names` package by scripts/train_guard_model.py) and SSA baby names, with
frequency ranks.
clusters.tsv.gz: Brown word clusters (see data/SOURCES.md).
common_words.txt.gz: words seen in lower case outside names in the CC-BY
training tweets (a word-frequency fact list; see the training script).

The guard itself reads names and clusters from one word table built from
those two files by scripts/build_word_table.py: words.marisa (a MARISA trie
of the 350,000 words, memory-mapped, so loading it builds no Python string)
and words.records.zz (one packed 64-bit record per word, in the trie's id
order). Building dictionaries of 190,000 words from the .tsv.gz files took
most of `bedside scan`'s start-up; looking a word up in the trie costs about
a microsecond, and only words the name model has not met before are looked
up. tests/guard/test_name_model.py checks the table against its sources.
"""

from __future__ import annotations

import gzip
import struct
import zlib
from array import array
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import marisa_trie

WORDS_TRIE = "words.marisa"
WORDS_RECORDS = "words.records.zz"
# A word's record: census first-name rank, census last-name rank, SSA baby-name
# rank and the index of its Brown cluster in the table's cluster list, each
# plus one (0: none), in fields of these bits from the lowest.
_FIELDS = (("f", 16), ("l", 18), ("s", 18), ("c", 12))
_SHIFT = {"f": 0, "l": 16, "s": 34, "c": 52}
_MASK = {name: (1 << bits) - 1 for name, bits in _FIELDS}
_NAME_BITS = (1 << 52) - 1
_HEADER = struct.Struct("<4sII")  # b"BSWT", number of words, number of clusters


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


@lru_cache(maxsize=1)
def _name_ranks() -> tuple[dict[str, int], dict[str, int]]:
    """Census 1990 first and last names with their ranks (for the training script)."""
    raw = _raw_name_ranks()
    return {k: int(v) for k, v in raw["f"].items()}, {k: int(v) for k, v in raw["l"].items()}


@lru_cache(maxsize=1)
def _clusters() -> dict[str, str]:
    """word -> Brown cluster (as text), from clusters.tsv.gz: the source of the
    word table, read by scripts/build_word_table.py and the tests."""
    # word<TAB>cluster lines, split in C and zipped (see _raw_name_ranks).
    fields = gzip.decompress(data_path("clusters.tsv.gz").read_bytes()).decode("utf-8").replace("\n", "\t").split("\t")
    if fields and fields[-1] == "":
        fields.pop()
    return dict(zip(fields[0::2], fields[1::2], strict=True))


def build_word_table(ranks: dict[str, dict[str, str]], clusters: dict[str, str]) -> tuple[bytes, bytes]:
    """(trie file, records file) for the words of the name lists and the
    clusters; the same lists give the same bytes."""
    words = sorted(set(clusters).union(*(ranks.get(kind, {}) for kind, _ in _FIELDS[:3])))
    trie = marisa_trie.Trie(words)
    cluster_values = sorted({int(c) for c in clusters.values()})
    cluster_index = {c: i for i, c in enumerate(cluster_values)}
    records = array("Q", bytes(8 * len(words)))

    def field(name: str, value: int | None) -> int:
        if value is None:
            return 0
        if value + 1 > _MASK[name]:
            raise ValueError(f"word table: a value of {value} does not fit field {name!r}")
        return (value + 1) << _SHIFT[name]

    for word in words:
        rec = 0
        for kind, _ in _FIELDS[:3]:
            rank = ranks.get(kind, {}).get(word)
            rec |= field(kind, None if rank is None else int(rank))
        cluster = clusters.get(word)
        rec |= field("c", None if cluster is None else cluster_index[int(cluster)])
        records[trie[word]] = rec
    body = _HEADER.pack(b"BSWT", len(words), len(cluster_values))
    body += array("Q", cluster_values).tobytes() + records.tobytes()
    # A fixed compression level and no timestamp: the same lists, the same bytes.
    return trie.tobytes(), zlib.compress(body, 9)


class WordTable:
    """The name ranks and Brown cluster of a word, looked up in the shipped
    trie (memory-mapped where the package is on disk) and its records."""

    def __init__(self, trie: marisa_trie.Trie, records_file: bytes) -> None:
        body = zlib.decompress(records_file)
        magic, n_words, n_clusters = _HEADER.unpack_from(body, 0)
        if magic != b"BSWT" or len(body) != _HEADER.size + 8 * (n_clusters + n_words) or len(trie) != n_words:
            raise ValueError(f"{WORDS_RECORDS} does not match {WORDS_TRIE}; rerun scripts/build_word_table.py")
        self._get = trie.get
        self._clusters = array("Q", body[_HEADER.size : _HEADER.size + 8 * n_clusters]).tolist()
        self._records = array("Q", body[_HEADER.size + 8 * n_clusters :])

    def record(self, word: str) -> int:
        i = self._get(word)
        return 0 if i is None else self._records[i]

    def name_ranks(self, word: str) -> tuple[int | None, int | None, int | None]:
        """(first-name rank, last-name rank, baby-name rank), None where the list lacks the word."""
        rec = self.record(word)
        if not rec & _NAME_BITS:
            return _NO_RANKS
        return _value(rec, "f"), _value(rec, "l"), _value(rec, "s")

    def cluster(self, word: str) -> int | None:
        c = (self.record(word) >> _SHIFT["c"]) & _MASK["c"]
        return self._clusters[c - 1] if c else None


_NO_RANKS: tuple[None, None, None] = (None, None, None)


def _value(rec: int, name: str) -> int | None:
    v = (rec >> _SHIFT[name]) & _MASK[name]
    return v - 1 if v else None


@lru_cache(maxsize=1)
def word_table() -> WordTable:
    trie = marisa_trie.Trie()
    path = data_path(WORDS_TRIE)
    if isinstance(path, Path):
        trie.mmap(str(path))  # pages are read as lookups touch them, and shared between workers
    else:  # a package not on disk (a zip): read it whole
        trie.frombytes(path.read_bytes())
    return WordTable(trie, data_path(WORDS_RECORDS).read_bytes())


def name_ranks(word: str) -> tuple[int | None, int | None, int | None]:
    """(census first-name rank, census last-name rank, SSA baby-name rank) of a
    lower-case word, None where a list lacks it."""
    return word_table().name_ranks(word)


def baby_name_rank(word: str) -> int | None:
    """Rank among the ~97,000 first names the SSA has seen given to babies."""
    return word_table().name_ranks(word)[2]


def first_name_rank(word: str) -> int | None:
    return word_table().name_ranks(word)[0]


def last_name_rank(word: str) -> int | None:
    return word_table().name_ranks(word)[1]


def is_known_name(word: str) -> bool:
    first, last, _ = word_table().name_ranks(word)
    return first is not None or last is not None


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return frozenset(term_list("common_words.txt.gz"))


def is_common_word(word: str) -> bool:
    """Seen in lower case, outside any name, in the name model's training text."""
    return word in _common_words()


def word_cluster(word: str) -> int | None:
    """The Brown cluster of a word as written, else of its lower case."""
    table = word_table()
    found = table.cluster(word)
    if found is None:
        lower = word.lower()
        if lower != word:
            found = table.cluster(lower)
    return found


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
