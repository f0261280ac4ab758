"""Score the guard on freshly written reply-risk batches before anything is
tuned on them: the honest transfer estimate of a new pass.

    python bench/reply_risk_fresh.py b22_fourth_pass p12_fourth_pass [--errors]

Reads the named batches from bench/data/reply_risk/batches (not the built
jsonl files), splits their rows as scripts/build_reply_risk_data.py does (a
third, by the hash of the row id, belongs to the held-out third) and prints
violation recall and safe allowed of the guard (rules + model) on each part.
--errors lists the misses of the train/dev part only: the held-out part's
rows are never printed.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from build_reply_risk_data import SEED, read_batches  # noqa: E402

from bedside.guard import Context, scan  # noqa: E402

CONTEXTS = {"reply": Context(kind="review_reply"), "post": Context(kind="post")}


def held_out(row: dict) -> bool:
    return zlib.crc32(f"{SEED}:{row['id']}".encode()) % 3 == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batches", nargs="+", help="batch names (file stems), e.g. b22_fourth_pass")
    parser.add_argument("--errors", action="store_true", help="list the misses of the train/dev part")
    args = parser.parse_args()
    rows = [r for r in read_batches() if r["made"]["batch"] in set(args.batches)]
    if not rows:
        sys.exit(f"no rows in batches {args.batches}")
    for part, keep in (("train/dev part", False), ("held-out part", True)):
        sel = [r for r in rows if held_out(r) == keep]
        for kind in ("all", "reply", "post"):
            k = [r for r in sel if kind == "all" or r["kind"] == kind]
            held = [(r, scan(r["text"], CONTEXTS[r["kind"]]).verdict != "allow") for r in k]
            viol = [h for r, h in held if r["label"] == "violation"]
            safe = [h for r, h in held if r["label"] == "safe"]
            if not viol or not safe:
                continue
            print(f"{part:15} {kind:6} {len(k):4} ({len(viol)}) recall {sum(viol) / len(viol):.3f} "
                  f"safe allowed {1 - sum(safe) / len(safe):.3f}")
            if args.errors and not keep and kind == "all":
                for r, h in held:
                    if h != (r["label"] == "violation"):
                        print(f"   miss {r['id']} {r['label']}: {r['text']}")


if __name__ == "__main__":
    main()
