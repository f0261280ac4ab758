"""Train the inbox's sentiment model, reproducibly.

    .venv/bin/python scripts/train_triage_models.py [--data ../shared/data/triage]

What goes in, and under which licence (see shared/data/triage/SOURCES.md):
- nhs_feedback.dev.jsonl: NHS England Friends and Family Test comments as
  published by The Strategy Unit's pxtextmining (MIT, (c) 2021 NHS England),
  which SOURCES.md allows for training. Comments whose id hashes into the
  held-out fifth (crc32(id) % 5 == 0) are NOT trained on: bench/inbox.py
  reports on them.
- TweetEval, the C-SSRS Reddit users and the COVID-19 rumours are for
  evaluation only and are never read here.

The model: multinomial logistic regression (numpy, full-batch gradient descent,
L2, class-balanced) over word unigrams and bigrams seen at least twice, plus
VADER's compound score as one real-valued feature, so the lexicon's knowledge
of social media text carries over where the NHS words run out. Weights under
PRUNE are dropped to keep the shipped file small. Deterministic: same data,
same file (src/bedside/inbox/triage/data/sentiment.json.gz).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bedside.inbox.triage.linear import DATA, features  # noqa: E402
from bedside.inbox.triage.sentiment import vader_score  # noqa: E402

CLASSES = ["negative", "neutral", "positive"]
MIN_COUNT = 2
L2 = 3e-4
STEPS = 400
RATE = 2.0
PRUNE = 0.02


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [r for r in rows if zlib.crc32(r["id"].encode()) % 5 != 0]


def train(rows: list[dict]) -> dict:
    docs = [sorted(set(features(r["text"]))) for r in rows]
    counts = Counter(f for d in docs for f in d)
    vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(vocab)}
    n, v, k = len(rows), len(vocab), len(CLASSES)
    x = np.zeros((n, v + 1), dtype=np.float64)
    for row, doc in enumerate(docs):
        for f in doc:
            if f in index:
                x[row, index[f]] = 1.0
    x[:, v] = [vader_score(r["text"]) for r in rows]
    y = np.array([CLASSES.index(r["label"]) for r in rows])
    onehot = np.eye(k)[y]
    class_weight = n / (k * np.bincount(y, minlength=k))
    sample_weight = class_weight[y][:, None]
    w = np.zeros((v + 1, k))
    b = np.zeros(k)
    for _ in range(STEPS):
        logits = x @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - onehot) * sample_weight / n
        w -= RATE * (x.T @ grad + L2 * w)
        b -= RATE * grad.sum(axis=0)
    weights = {f: [round(float(a), 4) for a in w[i]] for f, i in index.items() if np.abs(w[i]).max() >= PRUNE}
    return {"classes": CLASSES, "bias": [round(float(a), 4) for a in b], "weights": weights,
            "dense": {"vader": [round(float(a), 4) for a in w[v]]},
            "trained_on": "NHS Friends and Family Test comments (pxtextmining, MIT, (c) 2021 NHS England), "
                          "all but the held-out fifth (crc32(id) % 5 == 0)"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "triage")
    args = parser.parse_args()
    rows = load(args.data / "nhs_feedback.dev.jsonl")
    model = train(rows)
    DATA.mkdir(exist_ok=True)
    out = DATA / "sentiment.json.gz"
    with gzip.GzipFile(out, "wb", mtime=0) as fh:
        fh.write(json.dumps(model, sort_keys=True, separators=(",", ":")).encode())
    print(f"{len(rows)} comments, {len(model['weights'])} features kept -> {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
