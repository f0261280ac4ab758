"""Dev-only checks of the reply-risk model's features, beside the trainer's
out-of-fold figure: how a choice of features transfers to rows it has no
written siblings of. Reads bench/data/reply_risk/train_dev.jsonl only (never
the held-out third); writes nothing.

    python scripts/reply_risk_dev_checks.py [--fresh _fourth_pass]

For the L2 strength and thresholds the trainer would choose (5-fold
out-of-fold on dev, scripts/train_reply_risk.py), prints violation recall /
safe allowed of rules + model:
- out-of-fold (the trainer's own figure);
- cross-validated by whole batch (5 groups of batches by a hash of the batch
  name), with the same thresholds: no row has a sibling of its batch in training;
- trained on the dev rows of the other batches, with thresholds from their own
  out-of-fold scores, and scored on the dev rows of batches whose name ends
  with --fresh: the figure of rows written after the model.
Used in the fourth pass of issue 12 to choose the structural features and the
character n-grams (BENCHMARKS.md, "Reply-risk model").
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import train_reply_risk as T  # noqa: E402

from bedside.guard import reply_risk as R  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", default="_fourth_pass", help="suffix of the batches scored as fresh rows")
    args = parser.parse_args()
    data = [json.loads(line) for line in T.DATA.read_text(encoding="utf-8").splitlines()]
    # The rules and the name model without the shipped model, as in training
    # (the shipped file is left in place).
    R.available = lambda: False  # type: ignore[assignment]
    ctxs = [T.POST if d["kind"] == "post" else T.REPLY for d in data]
    persons = [T.persons(d["text"], c) for d, c in zip(data, ctxs, strict=True)]
    ruled = np.array([T.rules_verdict(d["text"], c) != "allow" for d, c in zip(data, ctxs, strict=True)])
    y = np.array([1.0 if d["label"] == "violation" else 0.0 for d in data])
    viol, safe = y == 1, y == 0
    rows = [R.features(d["text"], d["kind"] == "post", n) for d, n in zip(data, persons, strict=True)]
    gate = np.array([R.gate(r, d["kind"] == "post") for r, d in zip(rows, data, strict=True)])
    fold = T.folds(data)
    learn = np.ones(len(y), dtype=bool)
    best = None
    for l2 in T.L2_GRID:
        oof = T.out_of_fold(rows, y, fold, l2, learn)
        pair = T.thresholds(oof, ruled, viol, safe, gate)
        if pair:
            allowed = 1 - T.held_by(oof, ruled, gate, *pair)[safe].mean()
            if best is None or allowed > best[0]:
                best = (allowed, l2, oof, pair)
    if best is None:
        sys.exit("no thresholds reach the target recall on dev")
    _, l2, oof, pair = best
    held = T.held_by(oof, ruled, gate, *pair)
    print(f"l2={l2}, thresholds {pair}: out-of-fold {held[viol].mean():.3f} / {1 - held[safe].mean():.3f}")
    group = [zlib.crc32(d["made"]["batch"].encode()) % T.FOLDS for d in data]
    grouped = T.out_of_fold(rows, y, group, l2, learn)
    held = T.held_by(grouped, ruled, gate, *pair)
    print(f"cross-validated by batch: {held[viol].mean():.3f} / {1 - held[safe].mean():.3f}")
    fresh = np.array([d["made"]["batch"].endswith(args.fresh) for d in data])
    old, new = np.flatnonzero(~fresh), np.flatnonzero(fresh)
    if len(new):
        sub = [rows[i] for i in old]
        oof_old = T.out_of_fold(sub, y[old], [fold[i] for i in old], l2, learn[old])
        pair_old = T.thresholds(oof_old, ruled[old], viol[old], safe[old], gate[old]) or pair
        w, b = T.fit(sub, y[old], l2)
        p = T.predict([rows[i] for i in new], w, b)
        held = T.held_by(p, ruled[new], gate[new], *pair_old)
        print(f"trained without *{args.fresh} ({len(new)} dev rows), scored on them: "
              f"{held[viol[new]].mean():.3f} / {1 - held[safe[new]].mean():.3f}")


if __name__ == "__main__":
    main()
