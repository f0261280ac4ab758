"""Bedside's sentiment model beside VADER, in the same run.

    .venv/bin/pip install -e ".[bench]"    # vaderSentiment, the anchor
    .venv/bin/python bench/sentiment.py [--data ../shared/data/triage] [--limit N]

- TweetEval sentiment, validation split (evaluate only; never trained on);
- NHS Friends and Family Test comments, the held-out fifth (crc32(id) % 5 == 0)
  that scripts/train_sentiment.py leaves out;
- our short crisis messages (bench/data/crisis_short, all positives): how
  many each model shows as positive, read as a post or as a review (the
  product must show none);
- speed: messages per CPU-second on one core over the tweets and comments
  (process time, so other work on a shared machine does not count).
Macro-F1 is the mean of the three classes' F1.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLASSES = ("negative", "neutral", "positive")


def macro_f1(gold: list[str], pred: list[str]) -> tuple[float, list[float]]:
    per = []
    for c in CLASSES:
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        predicted, actual = pred.count(c), gold.count(c)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        per.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(per) / len(per), per


def load(path: Path, held_out: bool, limit: int | None) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    if held_out:
        rows = [r for r in rows if zlib.crc32(r["id"].encode()) % 5 == 0]
    return rows[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "triage")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    from bedside.inbox.triage.sentiment import sentiment
    from crisis_short import load_short

    # Bedside reads a review as patients' feedback and anything else as a
    # social post (sentiment(kind=...)): NHS comments are feedback, tweets posts.
    models: dict[str, Callable[[str, str], str]] = {"Bedside (ours)": lambda t, kind: sentiment(t, kind=kind).label}
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        vader = SentimentIntensityAnalyzer()

        def vader_label(text: str, kind: str) -> str:
            score = vader.polarity_scores(text)["compound"]
            return "positive" if score >= 0.05 else "negative" if score <= -0.05 else "neutral"

        models["VADER 3.3.2 (anchor)"] = vader_label
    except ImportError:
        print("vaderSentiment is not installed (pip install -e '.[bench]'): VADER left out", file=sys.stderr)

    sets = {
        "TweetEval validation (evaluate only)": load(args.data / "sentiment_tweeteval.dev.jsonl", False, args.limit),
        "NHS comments, held-out fifth": load(args.data / "nhs_feedback.dev.jsonl", True, args.limit),
    }
    kinds = {"TweetEval validation (evaluate only)": "comment", "NHS comments, held-out fifth": "review"}
    crises = [r.text for r in load_short() if r.crisis][: args.limit]
    print("| model | data | macro-F1 | F1 negative | F1 neutral | F1 positive | n |")
    print("|---|---|--:|--:|--:|--:|--:|")
    speed: dict[str, float] = {}
    for name, label in models.items():
        label("warm up", "comment")
        label("warm up", "review")
        spent, count = 0.0, 0
        for data, rows in sets.items():
            start = time.process_time()
            pred = [label(r["text"], kinds[data]) for r in rows]
            spent += time.process_time() - start
            count += len(rows)
            score, per = macro_f1([r["label"] for r in rows], pred)
            print(f"| {name} | {data} | {score:.3f} | " + " | ".join(f"{p:.3f}" for p in per) + f" | {len(rows)} |")
        speed[name] = count / spent if spent else float("inf")
    print()
    print("| model | crisis messages shown as positive (of our short crisis messages) | messages per CPU-second, one core |")
    print("|---|--:|--:|")
    for name, label in models.items():
        positive = sum(label(t, "comment") == "positive" or label(t, "review") == "positive" for t in crises)
        print(f"| {name} | {positive} / {len(crises)} | {speed[name]:,.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
