"""Sentiment of social media and patient text: Bedside's own model.

A linear model over hashed word n-grams (bedside.guard.hashed) and a few
dense features from a word-valence list (the VADER lexicon's people-rated
words, MIT, shipped as triage/data/valence.tsv.gz: the sum of positive and of
negative valence with negation flipped, their balance, whether any word was
rated at all, exclamation marks). Trained by scripts/train_sentiment.py on
NHS patients' comments (MIT) and the lexicon's words, shipped as
triage/data/sentiment.npz: no download, thousands of messages a second on one core. Social posts are
read by a second model (sentiment_social.npz) whose features also fold handles,
links, hashtags and stretched words, and add word affixes and emoticons
(social_grams). It replaced VADER,
which read a suicide note as positive; measured side by side with VADER in
BENCHMARKS.md (bench/sentiment.py).

Crisis-aware: a message the crisis module escalates is never shown as
positive (it reads as negative, its score at most -0.5; where the caller
does not say, the crisis module is asked whenever the model leans positive).
"""

from __future__ import annotations

import gzip
import math
import re
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from bedside.guard import crisis
from bedside.guard.hashed import MAX_CHARS, HashedLinear, tokens

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


# Social posts carry handles, links, hashtags, stretched words and emoticons
# that say nothing (a handle, a link) or say it in many spellings ("soooo",
# ":-)", ";D"): each family is read as one token, so a model trained on Reddit
# comments, where they are rare, still knows them in a tweet.
_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@\w+")
_HASHTAG = re.compile(r"#(\w+)")
_STRETCHED = re.compile(r"(\w)\1{2,}")
_SMILE = re.compile(r"(?<![\w/])(?:[:;=8x][-'^o]?[)\]dp3*}>]+|[(\[{][-'^o]?[:;=]|<3+|\^_*\^)(?![\w/])", re.I)
_FROWN = re.compile(r"(?<![\w/])(?:[:;=8][-'^o]?[(\[/\\|{<]+|:'[(\[]|[)\]][-'^o]?[:;=]|-_+-|t_t|</3)(?![\w/])", re.I)


def social_text(text: str) -> str:
    """A post as the social model reads it: a handle is "@user", a link "http",
    a hashtag its word, a letter stretched past two is two ("sooo" -> "soo"),
    and every smiling or frowning emoticon is spelt ":)" or ":(", the spelling
    the word list and the Reddit comments teach the model most about."""
    text = _URL.sub(" http ", text[:MAX_CHARS])
    text = _HANDLE.sub(" @user ", text)
    text = _HASHTAG.sub(r" \1 ", text)
    text = _SMILE.sub(" :) ", text)
    text = _FROWN.sub(" :( ", text)
    return _STRETCHED.sub(r"\1\1", text)


def _emoticons(text: str) -> list[str]:
    return ["EMOTICON_smile"] * min(len(_SMILE.findall(text)), 1) + ["EMOTICON_frown"] * min(len(_FROWN.findall(text)), 1)


def _grams(toks: list[str]) -> list[str]:
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]


def _affixes(toks: list[str]) -> list[str]:
    # A long word's first and last four letters: a misspelt or rare form of a
    # word ("disappointin", "gorgeousness") shares them with the word the model
    # learnt (GoEmotions dev 0.699 -> 0.703, NHS tuning fifth 0.602 -> 0.614).
    return [a for t in toks if len(t) >= 5 and not t.startswith("NOT_") for a in ("P:" + t[:4], "S:" + t[-4:])]


def _social_features(text: str, toks: list[str]) -> list[str]:
    return _grams(toks) + _affixes(toks) + _emoticons(text)


def social_grams(text: str) -> list[str]:
    """The social model's hashed features: word unigrams and bigrams of
    social_text (negation marked, as for the feedback model), a long word's
    first and last four letters, and one token each for a smiling and a
    frowning emoticon."""
    return _social_features(text, tokens(social_text(text)))


def _dense(toks: list[str], text: str) -> list[float]:
    table = valences()
    pos = neg = 0.0
    rated = False
    for tok in toks:
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


def dense_features(text: str, *, social: bool = False) -> list[float]:
    """[positive sum, negative sum, balance, |balance|, no rated word, exclamations], each small;
    ``social``: over the words the social model reads (social_text)."""
    return _dense(tokens(social_text(text) if social else text), text)


def _probabilities(model: HashedLinear, grams: list[str], dense: list[float]) -> dict[str, float]:
    # The model's scores without a dict or an array per step: one gather and
    # sum over the text's distinct buckets, then a three-way softmax in floats
    # (the same figures as HashedLinear.probabilities, at a fraction of the cost).
    mask = (1 << model.bits) - 1
    idx = np.fromiter({zlib.crc32(g.encode()) & mask for g in grams}, dtype=np.int64)
    scores = model.bias + model.weights[idx].sum(axis=0) if idx.size else model.bias
    if model.dense is not None:
        scores = scores + np.asarray(dense, dtype=np.float32) @ model.dense
    values = scores.tolist()
    top = max(values)
    exps = [math.exp(v - top) for v in values]
    total = sum(exps)
    return {c: e / total for c, e in zip(model.classes, exps, strict=True)}


def _read(text: str, social: bool) -> dict[str, float]:
    if social:
        toks = tokens(social_text(text))
        return _probabilities(_social(), _social_features(text, toks), _dense(toks, text))
    toks = tokens(text)
    return _probabilities(_model(), _grams(toks), _dense(toks, text))


def sentiment(text: str, *, is_crisis: bool | None = None, kind: str = "comment") -> Sentiment:
    """``is_crisis``: whether the crisis module escalates the text, when the
    caller knows already (triage does); looked up otherwise. ``kind``: the
    message's kind; a review is read as patients' feedback, anything else as
    a social post."""
    if not text.strip():
        return Sentiment("neutral", 0.0, {"negative": 0.0, "neutral": 1.0, "positive": 0.0})
    probs = _read(text, kind not in FEEDBACK_KINDS)
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
    return _read(text, social=False)


def dissatisfaction(text: str) -> float | None:
    found = feedback(text)
    return None if found is None else found["negative"]
