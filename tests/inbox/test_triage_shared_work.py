"""Triage reads one text through the guard, two sentiment models and a
word-valence list; the hashed tokens and buckets they share are computed
once per text (bedside.guard.hashed keeps the last text's). The verdicts,
flags and scores must be exactly those of the straightforward path, where
every reader computes its own: compared here on a few thousand varied texts
(written for this test, plus the shared dev texts when present, read at
test time), in order and shuffled so that every text follows another."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import numpy as np

from bedside.guard import hashed
from bedside.inbox.triage import triage

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "triage"
KINDS = ("comment", "mention", "message", "review")
PIECES = [
    "the nurses on ward 6 were lovely", "waited four hours in a&e and nobody told us why", "not good at all",
    "can i change my appointment to friday?", "Dr Okafor explained everything, thank you!!", "my bill is wrong again",
    "i don't want to be here anymore", "is it true garlic cures the flu", "click here to win a free phone",
    "parking is a joke lol", "never again", "really not bad", "😀 great care", "I can't thank you enough :)",
]


def _texts() -> list[str]:
    rng = random.Random(16)
    texts = [" ".join(rng.sample(PIECES, rng.randint(1, 4))) for _ in range(2500)]
    texts += ["", "   ", "ok", "OK", "ok "]
    if SHARED.is_dir():
        for name in ("nhs_feedback.dev.jsonl", "sentiment_tweeteval.dev.jsonl"):
            lines = (SHARED / name).read_text(encoding="utf-8").splitlines()
            texts += [json.loads(line)["text"] for line in rng.sample(lines, min(800, len(lines)))]
    return texts


def _forget() -> None:
    hashed._LAST_TOKENS = ("", [])
    hashed._LAST_BUCKETS = ("", 0, None, np.zeros(0, dtype=np.int64))


def test_triage_with_shared_tokens_equals_the_straightforward_path() -> None:
    texts = _texts()
    assert len(texts) > 2500
    rng = random.Random(3)
    jobs = [(t, KINDS[i % len(KINDS)]) for i, t in enumerate(texts)]
    reference = {}
    for text, kind in jobs:
        _forget()  # nothing carried over: every reader tokenizes on its own
        reference[(text, kind)] = dataclasses.asdict(triage(text, kind=kind))
    for order in (jobs, rng.sample(jobs, len(jobs))):
        for text, kind in order:
            assert dataclasses.asdict(triage(text, kind=kind)) == reference[(text, kind)], (kind, text[:40])


def test_buckets_and_tokens_are_those_of_the_text_asked_about() -> None:
    texts = _texts()[:500]
    for a, b in zip(texts, texts[1:], strict=False):
        for text in (a, b, a):
            for bits in (16, 18):
                got = hashed.buckets(text, bits)
                _forget()
                assert sorted(got.tolist()) == sorted(hashed.buckets(text, bits).tolist())
            toks = hashed.tokens(text)
            toks.append("changed by a caller")  # a caller's copy: the next caller is not affected
            assert hashed.tokens(text) == hashed._tokens(text)
