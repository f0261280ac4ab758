"""Build the reply-risk data set from its hand-written batches, drop near
duplicates, and split it once, by a fixed seed, into train/dev (two thirds)
and a held-out third that nothing is tuned on.

    python scripts/build_reply_risk_data.py

Reads bench/data/reply_risk/batches/*.txt (b*: replies, p*: posts; a line is
"v|s SETTING | text", "#" starts a comment, "@idea ..." says which public
guidance the following rows paraphrase) and writes
bench/data/reply_risk/train_dev.jsonl and heldout.jsonl. Rerunning gives the
same files byte for byte.
"""

from __future__ import annotations

import json
import random
import re
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "reply_risk"
SEED = 20261203
NEAR_DUPLICATE = 0.75  # Jaccard overlap of word sets above which the later row is dropped
_WORD = re.compile(r"[a-z0-9']+")
_LINE = re.compile(r"^([vs])\s+([a-z]+)\s*\|\s*(.+)$")


def words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def read_batches() -> list[dict]:
    rows: list[dict] = []
    for path in sorted((DATA / "batches").glob("*.txt")):
        kind = "post" if path.name.startswith("p") else "reply"
        style, idea, n = "", None, 0
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("# batch"):
                style = line.split("style:", 1)[-1].strip() if "style:" in line else ""
                continue
            if line.startswith("#"):
                continue
            if line.startswith("@idea"):
                idea = line.removeprefix("@idea").strip()
                continue
            m = _LINE.match(line)
            if m is None:
                sys.exit(f"{path.name}:{lineno}: expected 'v|s SETTING | text', got {line[:60]!r}")
            label, setting, text = m.groups()
            n += 1
            rows.append({
                "id": f"{path.stem}-{n:03d}",
                "text": text.strip(),
                "kind": kind,
                "setting": setting,
                "label": "violation" if label == "v" else "safe",
                "made": {
                    "how": "written by hand for Bedside by its guard-model engineer (not copied from any source)",
                    "batch": path.stem,
                    "style": style,
                    **({"idea_from": idea} if idea else {}),
                },
            })
    return rows


def dedupe(rows: list[dict]) -> tuple[list[dict], list[tuple[str, str]]]:
    kept: list[dict] = []
    kept_words: list[frozenset[str]] = []
    dropped: list[tuple[str, str]] = []
    for row in rows:
        w = words(row["text"])
        twin = next((k for k, kw in zip(kept, kept_words, strict=True)
                     if len(w | kw) and len(w & kw) / len(w | kw) >= NEAR_DUPLICATE), None)
        if twin is not None:
            dropped.append((row["id"], twin["id"]))
            continue
        kept.append(row)
        kept_words.append(w)
    return kept, dropped


# The batches written before any model was trained, split together (stratified).
# Batches written later (after reading dev errors only) are split row by row by
# a hash of their id, so that adding rows never moves an earlier row between
# train/dev and the held-out third.
FIRST_BATCHES = frozenset([
    "b01_welcome", "b02_your_service", "b03_defensive", "b04_clinical_facts", "b05_family_billing",
    "b06_third_person_shift", "b07_casual", "b08_guidance", "b09_mixed_settings", "b10_more_replies",
    "b11_replies", "p01_posts", "p02_posts", "p03_posts", "p04_posts",
])


def split(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """A third of each (kind, label) group of the first batches is held out by a
    seeded shuffle; a third of later rows by the hash of their id."""
    rng = random.Random(SEED)
    dev, held = [], []
    first = [r for r in rows if r["made"]["batch"] in FIRST_BATCHES]
    for key in sorted({(r["kind"], r["label"]) for r in first}):
        group = [r for r in first if (r["kind"], r["label"]) == key]
        rng.shuffle(group)
        cut = len(group) // 3
        held.extend(group[:cut])
        dev.extend(group[cut:])
    for r in rows:
        if r["made"]["batch"] not in FIRST_BATCHES:
            (held if zlib.crc32(f"{SEED}:{r['id']}".encode()) % 3 == 0 else dev).append(r)
    return sorted(dev, key=lambda r: r["id"]), sorted(held, key=lambda r: r["id"])


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def main() -> None:
    rows, dropped = dedupe(read_batches())
    dev, held = split(rows)
    write(DATA / "train_dev.jsonl", dev)
    write(DATA / "heldout.jsonl", held)
    for kind in ("reply", "post"):
        part = [r for r in rows if r["kind"] == kind]
        print(f"{kind}: {len(part)} rows, {sum(r['label'] == 'violation' for r in part)} violations, "
              f"{len({r['setting'] for r in part})} settings")
    print(f"near duplicates dropped: {len(dropped)} {dropped}")
    print(f"train/dev {len(dev)}, held out {len(held)}")


if __name__ == "__main__":
    main()
