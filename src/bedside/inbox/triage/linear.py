"""A small linear text classifier: multinomial logistic regression over word
unigrams and bigrams plus VADER's compound score, loaded from a gzipped JSON
file shipped in the package and trained by scripts/train_triage_models.py.

Scoring is a dictionary lookup per feature, ~20 µs for a social post.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data")
_TOKEN = re.compile(r"[a-z0-9']+|[!?]+|[^\sa-z0-9']", re.I)
MAX_CHARS = 2000


def features(text: str) -> list[str]:
    tokens = _TOKEN.findall(text[:MAX_CHARS].lower())
    out = tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
    return out


class LinearModel:
    def __init__(self, classes: list[str], bias: list[float], weights: dict[str, list[float]],
                 dense: dict[str, list[float]]) -> None:
        self.classes = classes
        self.bias = bias
        self.weights = weights
        self.dense = dense  # name -> weights for real-valued features (e.g. "vader")

    @classmethod
    def load(cls, name: str) -> LinearModel:
        with gzip.open(DATA / f"{name}.json.gz", "rt", encoding="utf-8") as fh:
            raw = json.load(fh)
        return cls(raw["classes"], raw["bias"], raw["weights"], raw.get("dense", {}))

    def scores(self, text: str, dense: dict[str, float] | None = None) -> list[float]:
        totals = list(self.bias)
        seen = set()
        for feature in features(text):
            if feature in seen:
                continue
            seen.add(feature)
            w = self.weights.get(feature)
            if w is not None:
                for i, v in enumerate(w):
                    totals[i] += v
        for name, value in (dense or {}).items():
            w = self.dense.get(name)
            if w is not None:
                for i, v in enumerate(w):
                    totals[i] += v * value
        return totals

    def probabilities(self, text: str, dense: dict[str, float] | None = None) -> dict[str, float]:
        scores = self.scores(text, dense)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def predict(self, text: str, dense: dict[str, float] | None = None) -> str:
        scores = self.scores(text, dense)
        return self.classes[scores.index(max(scores))]


@cache
def model(name: str) -> LinearModel:
    return LinearModel.load(name)
