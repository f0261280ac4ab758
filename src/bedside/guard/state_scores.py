"""The name model's state scores, summed in numpy and handed to CRFsuite as a
few weighted attributes per token.

Tagging cost grows with the attributes passed per token: python-crfsuite
copies each string into C++ and CRFsuite looks each one up in its string
table, about 0.25 µs an attribute, 16 attributes a token. A token's state
score for label y is only the sum of the weights its attributes have for y,
so the guard sums them itself and passes the sum instead:

- every feature of a token is one of five views (its own features and what
  it shows to the tokens two and one before and after it; features.py), plus
  a tail from how the text is written; each view's weights are summed once
  per distinct token, the whole text's in a few numpy operations;
- CRFsuite then needs, per token, attributes whose weighted sum gives those
  scores. With L labels, L - 1 of the model's own attributes and a constant
  are enough: a constant added to every label's score of a token changes no
  path's probability, since every path passes each token once. Their values
  come from one L x L matrix inverse, folded into the weights up front.

CRFsuite still does what it did (Viterbi, marginals, the transitions), on the
same scores to within rounding (about 1e-14). tests/guard/test_name_model.py
checks tags and marginals against passing every feature as a string.
"""

from __future__ import annotations

import threading
from itertools import repeat
from pathlib import Path

import numpy as np

from bedside.guard.crfsuite_model import read_model
from bedside.guard.features import CASE_NAMES, DOC_CASES, build_views, case_of_counts, tail_features
from bedside.guard.tokens import Token

# A token's case as features.py names it, and 4 for a token with none (not a word).
_NO_CASE = len(CASE_NAMES)


def _basis(weights: np.ndarray) -> tuple[list[int], np.ndarray]:
    """L - 1 attribute rows that, with a row of ones, span the label space,
    picked greedily (most of each new row outside the span so far, so the
    matrix inverts well), and that matrix's inverse."""
    n_labels = weights.shape[1]
    chosen: list[int] = []
    ones = np.ones(n_labels) / np.sqrt(n_labels)
    rest = weights - np.outer(weights @ ones, ones)
    for _ in range(n_labels - 1):
        norms = np.einsum("ij,ij->i", rest, rest)
        best = int(np.argmax(norms))
        if norms[best] < 1e-12:
            raise ValueError("the name model's weights do not span its labels")
        chosen.append(best)
        unit = rest[best] / np.sqrt(norms[best])
        rest -= np.outer(rest @ unit, unit)
    matrix = np.vstack([weights[chosen], np.ones(n_labels)])
    return chosen, np.linalg.inv(matrix)


class _Table:
    """The summed views of the tokens met so far, one row per distinct text,
    and what the whole-text features need of each: its case vote (plus one,
    so 0 is "no vote") and its tail's row in StateScores.tails, after a
    token that opens a sentence ([:, 1]) or not ([:, 0])."""

    def __init__(self, n_values: int, capacity: int = 4096) -> None:
        self.rows: dict[str, int] = {}
        self.size = 0  # rows written (two threads may each add a text: the last row wins)
        self.views = np.zeros((capacity, 5, n_values))
        self.vote = np.zeros(capacity, dtype=np.intp)
        self.tail = np.zeros((capacity, 2), dtype=np.intp)
        self.starter = np.zeros(capacity, dtype=np.intp)

    def grow(self) -> None:
        for name in ("views", "vote", "tail", "starter"):
            old = getattr(self, name)
            new = np.zeros((2 * len(old), *old.shape[1:]), dtype=old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)


class StateScores:
    """Per token, the attributes (as UTF-8 bytes) and values to tag with."""

    def __init__(self, model_path: str | Path, max_tokens: int = 200_000) -> None:
        model = read_model(model_path)
        n_labels = len(model.labels)
        weights = np.vstack([model.state, np.zeros(n_labels)])  # the last row: no attribute
        chosen, inverse = _basis(weights[:-1])
        self.n_values = n_labels - 1
        # Each attribute's weights carried into the values of the chosen ones.
        self.values = weights @ inverse[:, : self.n_values]
        self.keys = tuple(model.attributes[i].encode() for i in chosen)
        self.none = len(model.attributes)
        self.attr_rows = {name: i for i, name in enumerate(model.attributes)}
        self.max_tokens = max_tokens
        self._lock = threading.Lock()
        self._table = _Table(self.n_values)
        self.bos, self.eos = self._sum(["BOS"]), self._sum(["EOS"])
        # [doc case][token case * 2 + capital mid-sentence]: the tail features.py adds.
        self.tails = np.zeros((len(DOC_CASES), 2 * (_NO_CASE + 1), self.n_values))
        for d, doc_case in enumerate(DOC_CASES):
            for c, case in enumerate((*CASE_NAMES, "")):
                for mid in (0, 1):
                    self.tails[d, 2 * c + mid] = self._sum(tail_features(doc_case, case, bool(mid)))

    def _sum(self, attrs: list[str] | tuple[str, ...]) -> np.ndarray:
        return self.values[[self.attr_rows.get(a, self.none) for a in attrs]].sum(axis=0)

    def _add(self, table: _Table, tokens: list[Token]) -> None:
        """Sum the views of tokens the table has not met, all in one numpy pass:
        in a text of new words (a tweet, mostly) this is the tagging cost."""
        names: list[str] = []
        starts: list[int] = []
        metas = []
        seen = set()
        for token in tokens:
            if token.text in seen:
                continue
            seen.add(token.text)
            own, before_2, before_1, after_1, after_2, case_name, vote, starter = build_views(token.text, token.kind)
            for view in (own, before_2, before_1, after_1, after_2):
                starts.append(len(names))
                names.append("")  # a zero row first, so that no view is empty for reduceat
                names += view
            case = CASE_NAMES.index(case_name) if case_name else _NO_CASE
            # Its tail mid-sentence, and after a token that opens one.
            metas.append((token.text, vote + 1, (2 * case + 1, 2 * case), starter))
        # A name the model has no weight for is the zero row; map and fromiter stay in C.
        ids = np.fromiter(map(self.attr_rows.get, names, repeat(self.none)), dtype=np.intp, count=len(names))
        summed = np.add.reduceat(self.values[ids], starts)
        with self._lock:
            first = table.size
            while first + len(metas) > len(table.vote):
                table.grow()
            end = first + len(metas)
            table.views[first:end] = summed.reshape(len(metas), 5, self.n_values)
            texts, votes, tails, starters = zip(*metas, strict=True)
            table.vote[first:end] = votes
            table.tail[first:end] = tails
            table.starter[first:end] = starters
            table.size = end
            table.rows.update(zip(texts, range(first, end), strict=True))

    def xseq(self, tokens: list[Token]) -> list[dict[bytes, float]]:
        """What to pass to Tagger.tag() for these tokens: the same tags and
        marginals as sentence_features(tokens) gives."""
        if not tokens:
            return []
        table = self._table
        if table.size >= self.max_tokens:
            # A new table rather than a cleared one: a text being tagged in
            # another thread keeps the rows it looked up.
            table = self._table = _Table(self.n_values)
        get = table.rows.get
        rows = [get(t[0]) for t in tokens]
        if None in rows:
            self._add(table, [t for r, t in zip(rows, tokens, strict=True) if r is None])
            rows = [get(t[0]) for t in tokens]
        idx = np.array(rows, dtype=np.intp)
        views = table.views[idx]
        scores = views[:, 0].copy()
        scores[2:] += views[:-2, 1]
        scores[1:] += views[:-1, 2]
        scores[:-1] += views[1:, 3]
        scores[:-2] += views[2:, 4]
        # The first token opens the text; each other one follows a starter or not.
        after_starter = np.empty(len(idx), dtype=np.intp)
        after_starter[0] = 1
        after_starter[1:] = table.starter[idx[:-1]]
        doc_case = DOC_CASES.index(case_of_counts(np.bincount(table.vote[idx], minlength=5)[1:].tolist()))
        scores += self.tails[doc_case][table.tail[idx, after_starter]]
        scores[0] += self.bos
        scores[-1] += self.eos
        return self._items(scores.tolist())

    def _items(self, rows: list[list[float]]) -> list[dict[bytes, float]]:
        if len(self.keys) == 4:  # the shipped model's five labels: a dict display is 2.5x faster than zip
            k0, k1, k2, k3 = self.keys
            return [{k0: a, k1: b, k2: c, k3: d} for a, b, c, d in rows]
        keys = self.keys
        return [dict(zip(keys, row, strict=True)) for row in rows]
