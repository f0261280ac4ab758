"""crisis.find per CPU-second on everyday text, a git revision against the working tree, in one process.

    PYTHONPATH=src taskset -c 1 .venv/bin/python bench/crisis_speed.py [--before 06b7974] [--runs 5]

Reads 2,500 NHS comments and 2,500 TweetEval tweets (../shared/data/triage;
timing only, nothing is tuned on them), loads guard/crisis.py and its model as
they were at --before into a module of their own, and times both on the same
texts, alternating, by process CPU time: on a loaded machine only the side by
side comparison means anything.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _old_module(rev: str, folder: Path) -> types.ModuleType:
    for path, name in (("src/bedside/guard/crisis.py", "crisis_before.py"),
                       ("src/bedside/guard/data/crisis_short.npz", "crisis_short.npz")):
        blob = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True, capture_output=True).stdout
        (folder / name).write_bytes(blob)
    spec = importlib.util.spec_from_file_location("bedside.guard.crisis_before", folder / "crisis_before.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    setattr(module, "MODEL_PATH", folder / "crisis_short.npz")  # noqa: B010 - the old module, read from git
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "triage")
    parser.add_argument("--before", default="06b7974")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from bedside.guard import crisis as now

    texts: list[str] = []
    for name in ("nhs_feedback.dev.jsonl", "sentiment_tweeteval.dev.jsonl"):
        with (args.data / name).open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh][:2500]
    with tempfile.TemporaryDirectory() as tmp:
        before = _old_module(args.before, Path(tmp))
        sides = (("before " + args.before, before), ("now", now))
        for _, module in sides:
            for t in texts:
                module.find(t)  # compile, load the model, fill caches
        rates: dict[str, list[float]] = {label: [] for label, _ in sides}
        for _ in range(args.runs):
            for label, module in sides:
                start = time.process_time()
                for t in texts:
                    module.find(t)
                rates[label].append(len(texts) / (time.process_time() - start))
    for label, got in rates.items():
        print(f"{label}: {' '.join(f'{r:,.0f}' for r in got)}; median {sorted(got)[len(got) // 2]:,.0f} texts per CPU-second")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
