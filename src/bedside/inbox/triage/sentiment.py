"""Sentiment of social media text with VADER, built for exactly that text.

VADER (Hutto & Gilbert 2014, MIT licence) reads emoji, capitals, "!!!",
negation and intensifiers; its compound score is in [-1, 1].
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

# VADER's authors' thresholds; measured on real labelled text in BENCHMARKS.md.
POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05
# Long texts are scored on their opening: VADER is linear in length and the
# tone of a 30,000-character post is set well before its end.
MAX_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Sentiment:
    label: str  # positive, neutral, negative
    score: float  # VADER compound, -1 … 1


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> Sentiment:
    if not text.strip():
        return Sentiment("neutral", 0.0)
    score = _analyzer().polarity_scores(text[:MAX_CHARS])["compound"]
    if score >= POSITIVE_AT:
        return Sentiment("positive", score)
    if score <= NEGATIVE_AT:
        return Sentiment("negative", score)
    return Sentiment("neutral", score)
