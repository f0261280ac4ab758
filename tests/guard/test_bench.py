"""The benchmark runs end to end on a tiny corpus this test writes itself
(no shared data copied here). No timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_it_runs_the_guard_benchmark_on_a_small_slice(tmp_path: Path) -> None:
    docs = [
        {"id": "t1", "text": "met Jane Porter in Boston today", "spans": [
            {"start": 4, "end": 15, "label": "PERSON"}, {"start": 19, "end": 25, "label": "LOCATION"}]},
        {"id": "t2", "text": "nothing to see here", "spans": []},
        {"id": "t3", "text": "call 617-555-0199 or a@b.com", "spans": [
            {"start": 5, "end": 17, "label": "PHONE"}, {"start": 21, "end": 28, "label": "EMAIL"}]},
    ]
    for name in ("btc.dev.jsonl", "presidio_synth.dev.jsonl"):
        (tmp_path / name).write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "guard.py"), "--data", str(tmp_path), "--limit", "20", "--no-presidio"],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "| presidio_synth (in-sample) | guard | 3 |" in out.stdout
    assert "PHONE" in out.stdout


def test_it_writes_only_its_own_section(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import guard as bench
    finally:
        sys.path.remove(str(ROOT / "bench"))
    target = tmp_path / "BENCHMARKS.md"
    target.write_text("# Benchmarks\n\nother section\n", encoding="utf-8")
    bench.write_section(target, "table one")
    bench.write_section(target, "table two")
    text = target.read_text(encoding="utf-8")
    assert "other section" in text and "table two" in text and "table one" not in text
    assert text.count(bench.START) == 1
