"""Sentiment of social media and patient text.

VADER (Hutto & Gilbert 2014, MIT licence) reads emoji, capitals, "!!!",
negation and intensifiers; its compound score in [-1, 1] and its authors'
thresholds give the label, which holds up on tweets about anything.

Patients' complaints are often lexically neutral ("waited four hours for the
ambulance"), so :func:`dissatisfaction` adds a small logistic regression
(triage/data/sentiment.json.gz, scripts/train_triage_models.py) that takes
VADER's score as one feature next to word unigrams and bigrams learnt from
NHS patient comments. It decides the complaint and praise intents, not the label: trained
on patient feedback, it over-calls general tweets negative (both measured in
BENCHMARKS.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from bedside.inbox.triage.linear import DATA, LinearModel, model

# VADER's authors' thresholds, used when no trained model is shipped.
POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05
# Long texts are scored on their opening: VADER is linear in length and the
# tone of a 30,000-character post is set well before its end.
MAX_CHARS = 2000
MODEL = "sentiment"


@dataclass(frozen=True, slots=True)
class Sentiment:
    label: str  # positive, neutral, negative
    score: float  # VADER compound, -1 … 1


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


@cache
def _model() -> LinearModel | None:
    return model(MODEL) if (DATA / f"{MODEL}.json.gz").exists() else None


def vader_score(text: str) -> float:
    return float(_analyzer().polarity_scores(text[:MAX_CHARS])["compound"])


def vader_label(score: float) -> str:
    if score >= POSITIVE_AT:
        return "positive"
    if score <= NEGATIVE_AT:
        return "negative"
    return "neutral"


def sentiment(text: str) -> Sentiment:
    if not text.strip():
        return Sentiment("neutral", 0.0)
    score = vader_score(text)
    return Sentiment(vader_label(score), score)


def feedback(text: str, score: float) -> dict[str, float] | None:
    """How likely a patient would file this as negative, neutral or positive
    feedback (probabilities), or None without a trained model. ``score`` is
    the text's VADER compound."""
    trained = _model()
    if trained is None or not text.strip():
        return None
    return trained.probabilities(text, {"vader": score})


def dissatisfaction(text: str, score: float) -> float | None:
    found = feedback(text, score)
    return None if found is None else found["negative"]
