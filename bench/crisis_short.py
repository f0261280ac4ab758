"""Crisis recall on short messages (bench/data/crisis_short) beside the C-SSRS
figure and the false-alarm rate on everyday text.

    .venv/bin/python bench/crisis_short.py [--data ../shared/data/triage] [--show-tuning-misses]

- Short messages: our own labelled set (README there). Recall and false alarms
  on the tuning two thirds and on the held-out third, and likewise for the
  third pass's rows (fresh_*.tsv, their own held-out third); misses are only
  ever listed for the tuning parts (--show-tuning-misses).
- C-SSRS Reddit users (evaluate only): escalation recall for Ideation,
  Behavior and Attempt, as bench/inbox_accuracy.py measures it.
- Everyday text: the share of NHS comments, TweetEval tweets and YouTube
  comments the whole triage escalates (none of them is a crisis as far as
  their labels go; a few may be, so this is an upper bound on false alarms).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHORT = ROOT / "bench" / "data" / "crisis_short"
ESCALATE = {"Ideation", "Behavior", "Attempt"}


@dataclass(frozen=True)
class Short:
    family: str
    person: str
    text: str
    crisis: bool

    dev: bool = False
    fresh: bool = False

    @property
    def held_out(self) -> bool:
        if self.fresh:
            return split(self.text, FRESH_SALT)
        return not self.dev and split(self.text)


# The third pass's rows (fresh_*.tsv) have a held-out third of their own,
# fixed by a different seed before they were scored or any rule changed.
FRESH_SALT = b"crisis-short-v3:"


def split(text: str, salt: bytes = b"crisis-short-v1:") -> bool:
    """True for the held-out third, fixed by a seeded hash before any rule was written."""
    digest = hashlib.blake2b(salt + text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % 3 == 0


def load_short(folder: Path = SHORT, *, dev: bool = False, fresh: bool = False) -> list[Short]:
    """The 692 rows split by hash; with ``dev``, the rows written later for
    tuning only (dev_*.tsv), which are never part of the held-out third; with
    ``fresh``, the third pass's rows (fresh_*.tsv), split by their own seed."""
    rows = []
    names = (("dev_positive.tsv", True), ("dev_negative.tsv", False)) if dev else (
        ("fresh_positive.tsv", True), ("fresh_negative.tsv", False)) if fresh else (
        ("positive.tsv", True), ("negative.tsv", False))
    for name, crisis in names:
        for n, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise SystemExit(f"{folder / name}:{n}: expected family<TAB>person<TAB>text")
            rows.append(Short(parts[0], parts[1], parts[2], crisis, dev, fresh))
    return rows


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def rate(flags: list[bool]) -> str:
    return f"{sum(flags) / len(flags):.3f} ({sum(flags)} / {len(flags)})" if flags else "–"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "triage")
    parser.add_argument("--limit", type=int, default=None, help="rows per shared file (smoke runs)")
    parser.add_argument("--show-tuning-misses", action="store_true")
    parser.add_argument("--tuning-only", action="store_true",
                        help="score the tuning rows only (while developing: the held-out third stays unread)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from bedside.inbox.triage import triage

    rows = load_short()
    dev = load_short(dev=True)
    fresh = load_short(fresh=True)
    lines = ["| data | part | recall (crisis escalated) | false alarms (others escalated) |", "|---|---|--:|--:|"]
    parts = [("tuning two thirds", [r for r in rows if not r.held_out]),
             ("written later, tuning only (dev_*.tsv)", dev),
             ("third pass (fresh_*.tsv), tuning two thirds", [r for r in fresh if not r.held_out])]
    if not args.tuning_only:
        parts.append(("held-out third (never read)", [r for r in rows if r.held_out]))
        parts.append(("third pass (fresh_*.tsv), its held-out third (never read)", [r for r in fresh if r.held_out]))
    for part, picked in parts:
        keep = "held-out" in part
        got = [(r, triage(r.text, kind="comment").crisis) for r in picked]
        lines.append(f"| short messages (ours) | {part} | {rate([c for r, c in got if r.crisis])} | "
                     f"{rate([c for r, c in got if not r.crisis])} |")
        if not keep and args.show_tuning_misses:
            for r, c in got:
                if c != r.crisis:
                    print(f"{'MISS' if r.crisis else 'FALSE'}\t{r.family}\t{r.text}", file=sys.stderr)
    if args.tuning_only:
        print("\n".join(lines))
        return 0
    users = _jsonl(args.data / "crisis_cssrs.dev.jsonl")[: args.limit]
    esc = [triage(u["text"], kind="message").crisis for u in users]
    gold = [u["label"] in ESCALATE for u in users]
    lines.append(f"| C-SSRS Reddit users (evaluate only) | all | {rate([e for e, g in zip(esc, gold, strict=True) if g])} | "
                 f"{rate([e for e, g in zip(esc, gold, strict=True) if not g])} (Supportive, Indicator) |")
    for name, label, kind in (("nhs_feedback.dev.jsonl", "NHS comments", "review"),
                              ("sentiment_tweeteval.dev.jsonl", "TweetEval tweets (evaluate only)", "comment"),
                              ("youtube_spam.dev.jsonl", "YouTube comments", "comment")):
        docs = _jsonl(args.data / name)[: args.limit]
        lines.append(f"| {label} | all | – | {rate([triage(d['text'], kind=kind).crisis for d in docs])} |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
