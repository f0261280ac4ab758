"""Measure the guard on the reply-risk data set: violation recall and the
share of safe texts allowed, for the rules alone, the model alone and both
together (the guard's own verdict), on train/dev (in-sample: the model and its
thresholds were fitted there) and on the held-out third (never tuned on).

    python bench/reply_risk.py [--write]

A text is "held" when the verdict is review or block. Replies are scanned as
outbound review replies, posts as outbound posts. --write puts the table into
BENCHMARKS.md between the reply-risk markers.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bedside.guard import Context, policy, reply_risk, scan  # noqa: E402

DATA = ROOT / "bench" / "data" / "reply_risk"
START, END = "<!-- bench:reply_risk:start -->", "<!-- bench:reply_risk:end -->"
# Batches written in the third pass of issue 12 are named *_third_pass (a third
# of their rows fall in the held-out third by the hash of their id).
THIRD_PASS = "_third_pass"
CONTEXTS = {"reply": Context(kind="review_reply"), "post": Context(kind="post")}


def judge(row: dict) -> tuple[bool, bool, bool]:
    """(rules hold it, model alone holds it, the guard holds it)."""
    ctx = CONTEXTS[row["kind"]]
    result = scan(row["text"], ctx)
    rules = [f for f in result.findings if f.rule != policy.REPLY_RISK_RULE]
    by_rules = policy.decide(rules, ctx)[0] != "allow"
    persons = sum(1 for f in result.findings if f.label == "PERSON" and f.score >= 0.5)
    by_model = reply_risk.score(row["text"], row["kind"] == "post", persons) > 0
    return by_rules, by_model, result.verdict != "allow"


def figures(rows: list[dict]) -> dict[str, tuple[float, float]]:
    judged = [(r, judge(r)) for r in rows]
    out = {}
    for i, name in enumerate(("rules alone", "model alone", "rules + model (guard)")):
        viol = [j[i] for r, j in judged if r["label"] == "violation"]
        safe = [j[i] for r, j in judged if r["label"] == "safe"]
        out[name] = (sum(viol) / len(viol), 1 - sum(safe) / len(safe))
    return out


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the table into BENCHMARKS.md")
    args = parser.parse_args()
    held = load("heldout.jsonl")
    splits = (
        ("train/dev (in-sample)", load("train_dev.jsonl")),
        ("held-out third", held),
        # Like for like with the figures before the third pass: its batches left out.
        ("held-out third, rows before the third pass", [r for r in held if not r["made"]["batch"].endswith(THIRD_PASS)]),
    )
    lines = [
        "| split | kind | texts (violations) | rules alone: recall / safe allowed | model alone | "
        "rules + model (the guard) |",
        "|---|---|---|---|---|---|",
    ]
    t0 = time.perf_counter()
    n = 0
    for split, rows in splits:
        kinds = (("all", rows), ("replies", [r for r in rows if r["kind"] == "reply"]),
                 ("posts", [r for r in rows if r["kind"] == "post"]))
        for kind, part in kinds if not split.startswith("held-out third, rows before") else kinds[:1]:
            f = figures(part)
            n += len(part)
            cells = " | ".join(f"{rec:.3f} / {ok:.3f}" for rec, ok in f.values())
            violations = sum(r["label"] == "violation" for r in part)
            lines.append(f"| {split} | {kind} | {len(part)} ({violations}) | {cells} |")
    table = "\n".join(lines)
    print(table)
    print(f"({n} scans in {time.perf_counter() - t0:.1f} s)")
    if args.write:
        path = ROOT / "BENCHMARKS.md"
        text = path.read_text(encoding="utf-8")
        block = (f"{START}\n{table}\n\nRecall: share of violations held (review or block). Safe allowed: share of "
                 "safe texts allowed. Targets on the held-out third: recall >= 0.95 with >= 0.90 allowed "
                 f"(rules + model). Rerun: `python bench/reply_risk.py --write`.\n{END}")
        if START in text:
            text = text[: text.index(START)] + block + text[text.index(END) + len(END):]
        else:
            text = text.rstrip("\n") + "\n\n## Reply-risk model: replies and posts that disclose a patient\n\n" + \
                "Data: bench/data/reply_risk (written by hand for Bedside; see its README). Train/dev figures are " + \
                "in-sample (the model and its thresholds were fitted there); the held-out third was scored once " + \
                "per model and its errors never read.\n\n" + block + "\n"
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
