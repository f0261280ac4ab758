"""The guard reads the CRFsuite model file itself (crfsuite_model.py) and
sums each token's state scores in numpy (state_scores.py), for speed. That
is only safe while python-crfsuite, given every feature as strings (its own
way), tags every token the same. Checked here on every token of the four
labelled corpora in the shared data, windowed as the name recognizer tags.

The hand-written reader follows the file layout of the CRFsuite bundled
with one python-crfsuite release; a different installed version fails this
test until someone reruns it and moves the pin.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import pytest

from bedside.guard.features import sentence_features
from bedside.guard.recognizers import person
from bedside.guard.tokens import tokenize

#: The python-crfsuite release this agreement was checked with.
CHECKED_WITH = "0.9.12"
CORPORA = Path(__file__).resolve().parents[3] / "shared" / "data" / "phi"
FILES = ["btc.dev.jsonl", "physionet_deid.dev.jsonl", "presidio_synth.dev.jsonl", "wnut17.dev.jsonl"]


def test_the_agreement_was_checked_with_the_installed_python_crfsuite() -> None:
    assert version("python-crfsuite") == CHECKED_WITH, (
        f"python-crfsuite {version('python-crfsuite')} is installed; the hand-written model reader was "
        f"checked against {CHECKED_WITH}: run tests/guard/test_crfsuite_agreement.py, then move CHECKED_WITH"
    )


@pytest.mark.parametrize("name", FILES)
def test_our_scores_tag_every_corpus_token_as_python_crfsuite_does(name: str) -> None:
    path = CORPORA / name
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared data is not part of the repository)")
    tagger, scores = person.tagger(), person.state_scores()
    tokens_seen, disagreements = 0, []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            tokens = tokenize(json.loads(line)["text"])
            for lo in range(0, len(tokens), person._WINDOW):
                window = tokens[lo : lo + person._WINDOW]
                theirs = tagger.tag(sentence_features(window))
                ours = tagger.tag(scores.xseq(window))
                tokens_seen += len(window)
                disagreements += [
                    f"line {number}, token {lo + k}: library {a}, ours {b}"
                    for k, (a, b) in enumerate(zip(theirs, ours, strict=True))
                    if a != b
                ]
    assert tokens_seen > 0
    assert not disagreements, f"{len(disagreements)} of {tokens_seen} tokens differ: {disagreements[:5]}"
