"""Per-class precision and recall of the inbox's triage classifiers on the
real labelled text in ../shared/data/triage (see SOURCES.md there).

Files that may be trained on (NHS feedback, YouTube spam) are scored on their
held-out fifth only (crc32(id) % 5 == 0, as scripts/train_sentiment.py
leaves it out); the evaluation-only files (TweetEval, the Reddit C-SSRS
users, COVID-19 rumours) are scored whole and were never trained on.

Gold labels as the data gives them, mapped to our classes:
- sentiment: the file's negative / neutral / positive;
- appointment (access request): NHS topics "Appointment arrangements",
  "Appointment method" or "Contacting services";
- complaint: NHS comments the staff labelled negative; praise: labelled positive;
- spam: YouTube spam; misinformation: COVID-19 rumours labelled false
  (against true and unverified);
- crisis: C-SSRS Ideation, Behavior and Attempt must escalate; Supportive and
  Indicator should not.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ACCESS_TOPICS = {"Appointment arrangements", "Appointment method", "Contacting services"}
ESCALATE = {"Ideation", "Behavior", "Attempt"}


@dataclass
class Row:
    dataset: str
    task: str
    cls: str
    precision: float | None
    recall: float
    support: int
    n: int


def load(data: Path, name: str, *, held_out: bool, limit: int | None = None) -> list[dict]:
    rows = []
    with (data / name).open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if held_out and zlib.crc32(row["id"].encode()) % 5 != 0:
                continue
            rows.append(row)
            if limit and len(rows) >= limit:
                break
    return rows


def _pr(gold: list[bool], pred: list[bool]) -> tuple[float | None, float, int]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    predicted = sum(pred)
    support = sum(gold)
    return (tp / predicted if predicted else None), (tp / support if support else 0.0), support


def binary(dataset: str, task: str, cls: str, gold: list[bool], pred: list[bool]) -> Row:
    p, r, support = _pr(gold, pred)
    return Row(dataset, task, cls, p, r, support, len(gold))


def multiclass(dataset: str, task: str, classes: Iterable[str], gold: list[str], pred: list[str]) -> list[Row]:
    return [binary(dataset, task, c, [g == c for g in gold], [p == c for p in pred]) for c in classes]


def evaluate(data: Path, triage: Callable[..., object], limit: int | None = None) -> list[Row]:
    from bedside.guard.crisis import find as crisis_hits
    from bedside.inbox.triage.misinformation import is_misinformation
    from bedside.inbox.triage.sentiment import sentiment
    from bedside.inbox.triage.spam import is_spam

    rows: list[Row] = []
    # Crisis first: its recall is the figure that matters most. The whole
    # triage (guard included) decides escalation, as in the inbox.
    users = load(data, "crisis_cssrs.dev.jsonl", held_out=False, limit=limit)
    escalated = [triage(u["text"], kind="message").crisis for u in users]
    gold = [u["label"] in ESCALATE for u in users]
    rows.append(binary("C-SSRS Reddit users", "crisis (triage)", "escalate: Ideation+Behavior+Attempt", gold, escalated))
    for level in ("Attempt", "Behavior", "Ideation", "Indicator", "Supportive"):
        picked = [e for e, u in zip(escalated, users, strict=True) if u["label"] == level]
        if picked:
            rows.append(Row("C-SSRS Reddit users", "crisis (triage)", f"escalated share of {level}", None,
                            sum(picked) / len(picked), len(picked), len(users)))
    # The lexicon was tuned by reading misses in the even half only (crc32 % 2 == 0);
    # the odd half was never read, so its recall is the honest figure.
    for half, name in ((0, "read while tuning"), (1, "never read")):
        pairs = [(g, e) for g, e, u in zip(gold, escalated, users, strict=True)
                 if zlib.crc32(u["id"].encode()) % 2 == half]
        rows.append(binary(f"C-SSRS Reddit users, {name} half", "crisis (triage)", "escalate",
                           [g for g, _ in pairs], [e for _, e in pairs]))
    lexicon_only = [bool(crisis_hits(u["text"])) for u in users]
    rows.append(binary("C-SSRS Reddit users", "crisis (guard.crisis alone)", "escalate", gold, lexicon_only))

    for name, label, held in (("sentiment_tweeteval.dev.jsonl", "TweetEval", False),
                              ("nhs_feedback.dev.jsonl", "NHS feedback (held-out fifth)", True)):
        docs = load(data, name, held_out=held, limit=limit)
        pred = [sentiment(d["text"]).label for d in docs]
        rows += multiclass(label, "sentiment (Bedside model)", ("negative", "neutral", "positive"),
                           [d["label"] for d in docs], pred)
    # Complaint on tweets about anything: no gold, but a complaint should at
    # least be negative, so precision against TweetEval's negative label
    # shows how much the NHS-trained model over-calls general social text.
    tweets = load(data, "sentiment_tweeteval.dev.jsonl", held_out=False, limit=limit)
    rows.append(binary("TweetEval (proxy: complaint should be negative)", "intent", "complaint",
                       [d["label"] == "negative" for d in tweets],
                       ["complaint" in triage(d["text"], kind="comment").intents for d in tweets]))
    rows.append(binary("TweetEval (proxy: praise should be positive)", "intent", "praise",
                       [d["label"] == "positive" for d in tweets],
                       ["praise" in triage(d["text"], kind="comment").intents for d in tweets]))

    nhs = load(data, "nhs_feedback.dev.jsonl", held_out=True, limit=limit)
    results = [triage(d["text"], kind="review") for d in nhs]
    ds = "NHS feedback (held-out fifth)"
    rows.append(binary(ds, "intent", "appointment / access",
                       [bool(ACCESS_TOPICS & set(d.get("topics", []))) for d in nhs],
                       ["appointment" in r.intents for r in results]))
    rows.append(binary(ds, "intent", "complaint", [d["label"] == "negative" for d in nhs],
                       ["complaint" in r.intents for r in results]))
    rows.append(binary(ds, "intent", "praise", [d["label"] == "positive" for d in nhs],
                       ["praise" in r.intents for r in results]))

    yt = load(data, "youtube_spam.dev.jsonl", held_out=True, limit=limit)
    rows.append(binary("YouTube spam (held-out fifth)", "spam", "spam", [d["label"] == "spam" for d in yt],
                       [is_spam(d["text"]) for d in yt]))
    rumours = load(data, "covid_rumors.dev.jsonl", held_out=False, limit=limit)
    rows.append(binary("COVID-19 rumours", "misinformation", "false claim", [d["label"] == "false" for d in rumours],
                       [is_misinformation(d["text"]) for d in rumours]))
    return rows


def table(rows: list[Row]) -> str:
    lines = ["| data | classifier | class | precision | recall | support / n |", "|---|---|---|--:|--:|--:|"]
    for r in rows:
        p = "–" if r.precision is None else f"{r.precision:.2f}"
        lines.append(f"| {r.dataset} | {r.task} | {r.cls} | {p} | {r.recall:.2f} | {r.support} / {r.n} |")
    return "\n".join(lines)
