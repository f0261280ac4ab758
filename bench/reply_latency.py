"""Latency of one 280-character outbound review reply and post through the
guard, beside its anchor in the same process: the same texts scanned as
inbound messages (the detection path bench/guard.py measures against
Presidio), where the reply-risk model and the patient-relationship rules do
not run.

    python bench/reply_latency.py [--messages 200] [--rounds 5] [--src DIR] [--write]

Texts: 280-character slices of the replies and posts of
bench/data/reply_risk/train_dev.jsonl, laid end to end (never the held-out
third), so that most slices read like replies and many hold a risk, the slow
path. Each text is scanned --rounds times per context after a warm-up; both
wall-clock and CPU time (time.thread_time) of each call are kept, and p50 /
p99 reported: on a shared machine the CPU time of a call moves less with
other people's work than its wall-clock time. No assertion on timings.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# --src DIR measures another checkout's guard (e.g. main's, for a before/after).
_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv[:-1] else str(ROOT / "src")
sys.path.insert(0, _SRC)

from bedside.guard import Context, scan, warm_up  # noqa: E402

DATA = ROOT / "bench" / "data" / "reply_risk" / "train_dev.jsonl"
START, END = "<!-- bench:reply_latency:start -->", "<!-- bench:reply_latency:end -->"
CONTEXTS = {
    "inbound message (anchor)": Context(direction="inbound", kind="message"),
    "outbound review reply": Context(kind="review_reply", replying_to="Waited two hours and nobody said sorry."),
    "outbound post": Context(kind="post"),
}


def messages(n: int) -> list[str]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    blob = " ".join(r["text"] for r in rows)
    out = [blob[i : i + 280] for i in range(0, len(blob) - 280, 280)]
    return out[:n]


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return times[len(times) // 2] * 1000, times[min(len(times) - 1, int(len(times) * 0.99))] * 1000


def measure(msgs: list[str], ctx: Context, rounds: int) -> dict[str, float]:
    wall, cpu, held = [], [], 0
    gc.collect()
    for _ in range(rounds):
        for m in msgs:
            t, c = time.perf_counter(), time.thread_time()
            result = scan(m, ctx)
            cpu.append(time.thread_time() - c)
            wall.append(time.perf_counter() - t)
            held += result.verdict != "allow"
    p50, p99 = percentiles(wall)
    c50, c99 = percentiles(cpu)
    return {"p50": p50, "p99": p99, "c50": c50, "c99": c99, "held": held / (rounds * len(msgs))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="write the table into BENCHMARKS.md")
    parser.add_argument("--src", default=_SRC, help="the src folder whose guard is measured (default: this one)")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    warm_up()
    msgs = messages(args.messages)
    for m in msgs[:20]:  # every path warm (the model, the rules' patterns)
        for ctx in CONTEXTS.values():
            scan(m, ctx)
    lines = [
        f"`python bench/reply_latency.py --messages {len(msgs)} --rounds {args.rounds}`, {date.today().isoformat()}, "
        f"one process (load average at start: {load:.1f}). Texts: 280-character slices of the reply-risk "
        "train/dev rows. The anchor is the same texts scanned as inbound messages (detection only).",
        "",
        "| context | p50 ms (wall) | p99 ms (wall) | p50 ms (CPU) | p99 ms (CPU) | held (review or block) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, ctx in CONTEXTS.items():
        r = measure(msgs, ctx, args.rounds)
        lines.append(f"| {name} | {r['p50']:.2f} | {r['p99']:.2f} | {r['c50']:.2f} | {r['c99']:.2f} | "
                     f"{r['held']:.0%} |")
    table = "\n".join(lines)
    print(table)
    if args.write:
        path = ROOT / "BENCHMARKS.md"
        text = path.read_text(encoding="utf-8")
        block = f"{START}\n{table}\n{END}"
        if START in text:
            text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
        else:
            text = (text.rstrip("\n") + "\n\n## Guard: latency of one outbound review reply or post\n\n"
                    + block + "\n")
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
