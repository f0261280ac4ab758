"""A small linear text classifier over hashed word n-grams, with numpy.

Shared by the crisis reader (bedside.guard.crisis) and the inbox's sentiment
model (bedside.inbox.triage.sentiment); each is trained by a script in
scripts/ and shipped as a compressed .npz in the package: no download at run
time, a few hundred kilobytes, tens of thousands of short texts a second on
one core (a crc32 per n-gram and one gather-and-sum).

Features: lower-cased word unigrams and bigrams, with negation carried onto
the next three words ("not good" -> "good" and "NOT_good"), each hashed by
crc32 into 2**bits buckets (collisions cost little at this size), plus a
bias. Multinomial logistic regression, class-balanced, L2, trained by full
batch gradient descent with fixed steps: same data, same file.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[!?]+|[\U0001F300-\U0001FAFF\u2600-\u27BF]|:\)|:\(|:d\b|<3", re.I)
_NEGATORS = frozenset(["not", "no", "never", "don't", "dont", "didn't", "didnt", "isn't", "isnt", "wasn't",
                       "wasnt", "can't", "cant", "won't", "wont", "couldn't", "couldnt", "nothing", "nobody",
                       "without", "aren't", "arent", "doesn't", "doesnt", "hardly"])
_BREAK = frozenset([".", ",", "!", "?", "but", ";"])
MAX_CHARS = 2000


# The last text read and what it gave: triage reads one text through two
# sentiment models and a word-valence list, each asking for the same tokens
# and buckets. One entry each, replaced whole (safe to read from any thread).
_LAST_TOKENS: tuple[str, list[str]] = ("", [])
_LAST_BUCKETS: tuple[str, int, object, npt.NDArray[np.int64]] = ("", 0, None, np.zeros(0, dtype=np.int64))


def tokens(text: str) -> list[str]:
    global _LAST_TOKENS
    last = _LAST_TOKENS
    if last[0] is text or last[0] == text:
        return list(last[1])
    out = _tokens(text)
    _LAST_TOKENS = (text, out)
    return list(out)


def _tokens(text: str) -> list[str]:
    raw = _TOKEN.findall(text[:MAX_CHARS].lower().replace("\u2019", "'"))
    out: list[str] = []
    negated = 0
    for t in raw:
        if t in _BREAK or t[0] in "!?":
            negated = 0
            out.append(t)
            continue
        out.append(f"NOT_{t}" if negated else t)
        negated = 3 if t in _NEGATORS else max(0, negated - 1)
    return out


def grams(text: str) -> list[str]:
    toks = tokens(text)
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]


def buckets(text: str, bits: int, featurize: Callable[[str], Iterable[str]] = grams) -> npt.NDArray[np.int64]:
    """The distinct hashed features of ``text``; ``featurize`` names them (word n-grams unless a model says)."""
    global _LAST_BUCKETS
    last = _LAST_BUCKETS
    if last[1] == bits and last[2] is featurize and (last[0] is text or last[0] == text):
        return last[3]
    mask = (1 << bits) - 1
    out = np.fromiter({zlib.crc32(g.encode()) & mask for g in featurize(text)}, dtype=np.int64)
    out.flags.writeable = False  # shared by the next caller with the same text
    _LAST_BUCKETS = (text, bits, featurize, out)
    return out


@dataclass(frozen=True)
class HashedLinear:
    classes: tuple[str, ...]
    weights: npt.NDArray[np.float32]  # (2**bits, classes)
    bias: npt.NDArray[np.float32]  # (classes,)
    bits: int
    dense: npt.NDArray[np.float32] | None = None  # (dense features, classes), or None

    def scores(self, text: str, dense: Sequence[float] = (),
               featurize: Callable[[str], Iterable[str]] = grams) -> npt.NDArray[np.float32]:
        idx = buckets(text, self.bits, featurize)
        out: npt.NDArray[np.float32] = self.bias + self.weights[idx].sum(axis=0) if idx.size else self.bias.copy()
        if self.dense is not None and len(dense):
            out = out + np.asarray(dense, dtype=np.float32) @ self.dense
        return out

    def probabilities(self, text: str, dense: Sequence[float] = (),
                      featurize: Callable[[str], Iterable[str]] = grams) -> dict[str, float]:
        s = self.scores(text, dense, featurize).astype(np.float64)
        e = np.exp(s - s.max())
        p = e / e.sum()
        return {c: float(v) for c, v in zip(self.classes, p, strict=True)}

    def save(self, path: Path, **meta: str) -> None:
        buf = io.BytesIO()
        arrays: dict[str, npt.NDArray[np.generic]] = {k: np.array(v) for k, v in meta.items()}
        arrays.update(weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32),
                      bits=np.array(self.bits), classes=np.array(self.classes))
        if self.dense is not None:
            arrays["dense"] = self.dense.astype(np.float32)
        # An .npz written entry by entry with a fixed timestamp: same model, same bytes.
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(arrays):
                entry = io.BytesIO()
                np.lib.format.write_array(entry, np.asanyarray(arrays[name]), allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, entry.getvalue())
        path.write_bytes(buf.getvalue())

    @classmethod
    def load(cls, path: Path) -> HashedLinear:
        with np.load(path, allow_pickle=False) as raw:
            dense = raw["dense"].astype(np.float32) if "dense" in raw.files else None
            return cls(tuple(str(c) for c in raw["classes"]), raw["weights"].astype(np.float32),
                       raw["bias"].astype(np.float32), int(raw["bits"]), dense)


def train(texts: Sequence[str], labels: Sequence[str], classes: Sequence[str], *, bits: int = 18,
          l2: float = 1e-4, steps: int = 300, rate: float = 0.5,
          sample_weight: Sequence[float] | None = None,
          dense: Sequence[Sequence[float]] | None = None,
          featurize: Callable[[str], Iterable[str]] = grams) -> HashedLinear:
    """Class-balanced multinomial logistic regression, full-batch gradient
    descent (Adam) from zeros: deterministic for the same inputs."""
    n, k, dim = len(texts), len(classes), 1 << bits
    rows = [buckets(t, bits, featurize) for t in texts]
    row_ids = np.concatenate([np.full(len(r), i) for i, r in enumerate(rows)]) if rows else np.zeros(0, int)
    cols = np.concatenate(rows) if rows else np.zeros(0, int)
    used, cols = np.unique(cols, return_inverse=True)
    y = np.array([list(classes).index(label) for label in labels])
    counts = np.bincount(y, minlength=k).astype(np.float64)
    weight = (n / (k * np.maximum(counts, 1)))[y]
    if sample_weight is not None:
        weight = weight * np.asarray(sample_weight, dtype=np.float64)
    onehot = np.eye(k)[y]
    w = np.zeros((len(used), k))
    b = np.zeros(k)
    x = np.asarray(dense, dtype=np.float64) if dense is not None else np.zeros((n, 0))
    d = np.zeros((x.shape[1], k))
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros(k), np.zeros(k)
    m_d, v_d = np.zeros_like(d), np.zeros_like(d)
    # Rows are laid out one after another, so a row's sum is a reduceat over
    # its slice and a weight's gradient a bincount (np.add.at is far slower).
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if n else np.zeros(0, np.int64)
    filled = lengths > 0
    for step in range(1, steps + 1):
        logits = np.zeros((n, k)) + b + x @ d
        if cols.size:
            logits[filled] += np.add.reduceat(w[cols], starts[filled], axis=0)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad_rows = (p - onehot) * weight[:, None] / n
        spread = grad_rows[row_ids]
        g_w: npt.NDArray[np.float64] = np.stack(
            [np.bincount(cols, weights=spread[:, j], minlength=len(used)) for j in range(k)], axis=1
        ).astype(np.float64)
        g_w = g_w + l2 * w
        g_b = grad_rows.sum(axis=0)
        g_d = x.T @ grad_rows
        for param, grad, m, v in ((w, g_w, m_w, v_w), (b, g_b, m_b, v_b), (d, g_d, m_d, v_d)):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= rate * 0.01 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    full = np.zeros((dim, k), dtype=np.float32)
    full[used] = w
    return HashedLinear(tuple(classes), full, b.astype(np.float32), bits,
                        d.astype(np.float32) if dense is not None else None)
