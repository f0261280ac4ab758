"""`bedside scan IN.jsonl` as a whole command against the guard library.

    python bench/scan.py [--docs 3000] [--runs 3] [--jobs 1 2] [--write]

The input is the first --docs tweets of ../shared/data/phi/btc.dev.jsonl as
{"id", "text", "context"} lines (written to a temporary file). For each run:

- library: a fresh process loads the guard, scans one text to warm up, then
  scans every text of the file (already in memory) with its context: the
  rate bench/guard.py reports, with start-up left out;
- command: `bedside scan IN --out OUT --jobs N` timed from outside, start-up,
  reading, parsing and writing included.

Wall-clock and CPU seconds (user + system of the process and its children)
are both reported, the median of --runs: on a shared machine the CPU time of
one process moves less with other people's work than its wall-clock time.
No assertion on timings: the figures go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "phi" / "btc.dev.jsonl"
START, END = "<!-- bench:scan:start -->", "<!-- bench:scan:end -->"
BEDSIDE = Path(sys.executable).with_name("bedside")

_LIBRARY = """
import json, sys, time, os
t0, c0 = time.perf_counter(), time.process_time()
from bedside.guard import Context, scan, warm_up
warm_up()
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
t1, c1 = time.perf_counter(), time.process_time()
for r in rows:
    scan(r["text"], Context.from_dict(r.get("context")))
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"docs": len(rows), "wall": t2 - t1, "cpu": c2 - c1, "startup_wall": t1 - t0}))
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def library_run(infile: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _LIBRARY, str(infile)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def command_run(infile: Path, jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        dst = Path(tmp) / "out.jsonl"
        cpu0, t0 = _children_cpu(), time.perf_counter()
        subprocess.run([str(BEDSIDE), "scan", str(infile), "--out", str(dst), "--jobs", str(jobs)], check=True)
        wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
        lines = sum(1 for _ in dst.open(encoding="utf-8"))
    return {"wall": wall, "cpu": cpu, "lines": lines}


def write_input(data: Path, docs: int, dst: Path) -> int:
    n = 0
    with data.open(encoding="utf-8") as src, dst.open("w", encoding="utf-8") as out:
        for raw in src:
            if n >= docs:
                break
            row = json.loads(raw)
            out.write(json.dumps({"id": row["id"], "text": row["text"], "context": {"kind": "post"}},
                                 ensure_ascii=False) + "\n")
            n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--docs", type=int, nargs="+", default=[3000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--write", action="store_true", help="update the scan section of BENCHMARKS.md")
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data}: not found (the corpora live in ../shared/data/phi)")
    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for docs in args.docs:
            infile = Path(tmp) / f"tweets-{docs}.jsonl"
            n = write_input(args.data, docs, infile)
            lib = [library_run(infile) for _ in range(args.runs)]
            lib_wall = statistics.median(r["wall"] for r in lib)
            lib_cpu = statistics.median(r["cpu"] for r in lib)
            startup = statistics.median(r["startup_wall"] for r in lib)
            rows.append({"docs": n, "what": "library (start-up left out)", "wall": lib_wall, "cpu": lib_cpu,
                         "lib_rate": n / lib_wall, "lib_cpu_rate": n / lib_cpu, "startup": startup})
            for jobs in args.jobs:
                cmd = [command_run(infile, jobs) for _ in range(args.runs)]
                assert all(r["lines"] == n for r in cmd), "the command lost lines"
                rows.append({"docs": n, "what": f"`bedside scan --jobs {jobs}`", "jobs": jobs,
                             "wall": statistics.median(r["wall"] for r in cmd),
                             "cpu": statistics.median(r["cpu"] for r in cmd),
                             "lib_rate": n / lib_wall, "lib_cpu_rate": n / lib_cpu})
    text = render(rows, args, load)
    print(text)
    if args.write:
        write(text)


def render(rows: list[dict], args: argparse.Namespace, load: float) -> str:
    lines = [
        "## Guard: `bedside scan` as a whole command",
        "",
        f"`python bench/scan.py --docs {' '.join(map(str, args.docs))} --runs {args.runs} --jobs "
        f"{' '.join(map(str, args.jobs))}`, {date.today().isoformat()}, on this 2-core machine shared with other "
        f"work (load average at start: {load:.1f}); the median of {args.runs} runs. Input: the first tweets of "
        "BTC as JSON lines with a post context. The command's figures include the interpreter's start-up, "
        "loading the guard, reading and parsing the file and writing one JSON result a line; the library's "
        "leave start-up out (the rate bench/guard.py reports). Target: the command at >= 80% of the library "
        "on one core.",
        "",
        "| docs | what | wall s | docs/s (wall) | % of library (wall) | CPU s | docs/CPU s | % of library (CPU) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        rate, cpu_rate = r["docs"] / r["wall"], r["docs"] / r["cpu"]
        lines.append(
            f"| {r['docs']:,} | {r['what']} | {r['wall']:.2f} | {rate:,.0f} | {100 * rate / r['lib_rate']:.0f}% "
            f"| {r['cpu']:.2f} | {cpu_rate:,.0f} | {100 * cpu_rate / r['lib_cpu_rate']:.0f}% |"
        )
    starts = [r["startup"] for r in rows if "startup" in r]
    if starts:
        lines += ["", f"Library start-up (import, load, one warm-up scan), median: {statistics.median(starts):.2f} s."]
    return "\n".join(lines)


def write(text: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    body = path.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    if START in body:
        body = body[: body.index(START)] + block + body[body.index(END) + len(END) :]
    else:
        body = body.replace("<!-- bench:guard:end -->", "<!-- bench:guard:end -->\n\n" + block, 1)
    path.write_text(body, encoding="utf-8")


if __name__ == "__main__":
    main()
