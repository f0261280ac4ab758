"""Sentiment of social media and patient text: Bedside's own model.

A linear model over hashed word n-grams (bedside.guard.hashed) and a few
dense features from a word-valence list (the VADER lexicon's people-rated
words, MIT, shipped as triage/data/valence.tsv.gz: the sum of positive and of
negative valence with negation flipped, their balance, whether any word was
rated at all, exclamation marks). Trained by scripts/train_sentiment.py on
NHS patients' comments (MIT) and the lexicon's words, shipped as
triage/data/sentiment.npz: no download, thousands of messages a second on one core. It replaced VADER,
which read a suicide note as positive; measured side by side with VADER in
BENCHMARKS.md (bench/sentiment.py).

Crisis-aware: a message the crisis module escalates is never shown as
positive (it reads as negative, its score at most -0.5; where the caller
does not say, the crisis module is asked whenever the model leans positive).
"""

from __future__ import annotations

import gzip
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bedside.guard import crisis
from bedside.guard.hashed import HashedLinear, tokens

CLASSES = ("negative", "neutral", "positive")
MODEL_PATH = Path(__file__).with_name("data") / "sentiment.npz"
# Social posts (comments, mentions, direct messages) read differently from
# patients' feedback: a plain account of a wait is a complaint in feedback, a
# plain post about a match is neutral. The social model adds GoEmotions'
# Reddit comments to the feedback model's data (triage/data/SOURCES.md).
SOCIAL_PATH = Path(__file__).with_name("data") / "sentiment_social.npz"
FEEDBACK_KINDS = frozenset(["review"])
VALENCE_PATH = Path(__file__).with_name("data") / "valence.tsv.gz"
MODEL_BITS = 18
CRISIS_SCORE = -0.5


@dataclass(frozen=True, slots=True)
class Sentiment:
    label: str  # positive, neutral, negative
    score: float  # P(positive) - P(negative), -1 … 1
    probabilities: dict[str, float] | None = None


@cache
def _model() -> HashedLinear:
    return HashedLinear.load(MODEL_PATH)


@cache
def _social() -> HashedLinear:
    return HashedLinear.load(SOCIAL_PATH)


@cache
def valences() -> dict[str, float]:
    with gzip.open(VALENCE_PATH, "rt", encoding="utf-8") as fh:
        return {word: float(value) for word, value in (line.rstrip("\n").split("\t") for line in fh)}


def dense_features(text: str) -> list[float]:
    """[positive sum, negative sum, balance, |balance|, no rated word, exclamations], each small."""
    table = valences()
    pos = neg = 0.0
    rated = False
    for tok in tokens(text):
        negated = tok.startswith("NOT_")
        value = table.get(tok[4:] if negated else tok)
        if value is None:
            continue
        rated = True
        value = -0.74 * value if negated else value
        if value > 0:
            pos += value
        else:
            neg -= value
    balance = (pos - neg) / math.sqrt((pos - neg) ** 2 + 15)
    return [math.log1p(pos), math.log1p(neg), balance, abs(balance), 0.0 if rated else 1.0,
            min(text.count("!"), 3) / 3]


def sentiment(text: str, *, is_crisis: bool | None = None, kind: str = "comment") -> Sentiment:
    """``is_crisis``: whether the crisis module escalates the text, when the
    caller knows already (triage does); looked up otherwise. ``kind``: the
    message's kind; a review is read as patients' feedback, anything else as
    a social post."""
    if not text.strip():
        return Sentiment("neutral", 0.0, {"negative": 0.0, "neutral": 1.0, "positive": 0.0})
    model = _model() if kind in FEEDBACK_KINDS else _social()
    probs = model.probabilities(text, dense_features(text))
    label = max(CLASSES, key=lambda c: probs[c])
    score = probs["positive"] - probs["negative"]
    if is_crisis is None and (label == "positive" or score > 0):
        # Looked up only where it could show a crisis as positive (triage
        # passes is_crisis, so there a crisis always reads negative).
        is_crisis = bool(crisis.find(text))
    if is_crisis:
        return Sentiment("negative", min(score, CRISIS_SCORE), probs)
    return Sentiment(label, score, probs)


def feedback(text: str, score: float | None = None) -> dict[str, float] | None:
    """How likely a patient would file this as negative, neutral or positive
    feedback (the model was trained on patients' own labels)."""
    if not text.strip():
        return None
    return _model().probabilities(text, dense_features(text))


def dissatisfaction(text: str) -> float | None:
    found = feedback(text)
    return None if found is None else found["negative"]
