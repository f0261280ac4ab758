"""What the patient-index check costs, on a synthetic index of N patients
(default 1,000,000; invented names, dates and MRNs, made from a fixed seed).

    python bench/patient_index.py [--patients N] [--texts N] [--db] [--no-memory]

Measures, on one core:
- hashing: normalizing and HMAC-SHA256-hashing every key of every patient
  (name, name + date of birth, MRN: 3 keys a patient), as an import does;
- memory: the in-memory index (guard.patient_index.HashedIndex: a frozenset
  of 32-byte digests), its set and objects counted with sys.getsizeof;
- lookup: one matches() call with the ~4 candidate keys of a typical post, and
  the whole guard scan of 280-character posts with and without the index
  (p50/p99 over --texts posts, half of which name a patient of the index);
- with --db: `bedside patient-index import` of the same patients written to
  a CSV file, into the database of DATABASE_URL (or a fresh SQLite file), and
  one lookup through the table (StoredPatientIndex), p50/p99.

Times are CPU seconds of this process (see CLOCK). No assertion on timings: speed is reported, not tested.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bedside.guard import Context, scan  # noqa: E402
from bedside.guard.patient_index import HashedIndex, digest, record_keys  # noqa: E402

# CPU time of this process: the machines this runs on are shared, and wall
# time there measures the neighbours. SQLite runs in-process, so its work is
# counted; a PostgreSQL server's is not (its import figure is a lower bound).
CLOCK = time.process_time
KEY = b"bench-only-key-0123456789abcdefghijklmnop"
_SYLLABLES = ("ka", "lo", "mi", "ren", "tor", "vas", "bel", "dri", "sen", "mar", "quin", "ol", "ha", "zu", "pet", "an")


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(n)).capitalize()


def patients(n: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """(name as an MPI writes it, date of birth, MRN), invented."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        first, last = _word(rng, rng.randint(2, 3)), _word(rng, rng.randint(2, 4))
        dob = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(1925, 2024)}"
        out.append((f"{last.upper()}, {first.upper()}", dob, f"MR{i + 1000000:08d}"))
    return out


def pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def posts(people: list[tuple[str, str, str]], n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if i % 2:
            last, first = people[rng.randrange(len(people))][0].title().split(", ")
            who = f"{first} {last}"
        else:
            who = f"{_word(rng, 2)} {_word(rng, 3)}"  # most likely no patient
        text = (f"Huge thanks to {who} for volunteering at our spring health fair! Free blood pressure checks "
                f"run every Saturday from 9 to noon in the main lobby; bring a friend, grab a coffee, and ask our "
                f"nurses anything about staying well this season. See you there, neighbors!")
        out.append(text[:280])
    return out


def index_mib(index: HashedIndex) -> float:
    """The frozenset and the digests in it (each a 32-byte bytes object)."""
    digests = index._digests
    return (sys.getsizeof(digests) + sum(sys.getsizeof(d) for d in digests)) / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--patients", type=int, default=1_000_000)
    ap.add_argument("--texts", type=int, default=2000)
    ap.add_argument("--db", action="store_true", help="also import into the database and look up through it")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    people = patients(args.patients)
    t0 = CLOCK()
    keys = [k for p in people for k in record_keys(*p)]
    t_norm = CLOCK() - t0
    t0 = CLOCK()
    digests = [digest(KEY, k) for k in keys]
    t_hash = CLOCK() - t0
    t0 = CLOCK()
    index = HashedIndex(KEY, digests)
    built = CLOCK() - t0
    del digests
    mib = index_mib(index)
    rows = [
        ("patients", f"{args.patients:,}"),
        ("keys (name, name+dob, mrn)", f"{len(keys):,}"),
        ("normalize all keys", f"{t_norm:.1f} s ({len(keys) / t_norm:,.0f} keys/s)"),
        ("HMAC-SHA256 all keys", f"{t_hash:.1f} s ({len(keys) / t_hash:,.0f} keys/s)"),
        ("in-memory index (frozenset of digests)", f"{mib:,.0f} MiB, {len(index):,} digests, set built in {built:.1f} s"),
    ]
    del keys

    texts = posts(people, args.texts)
    sample_keys = ["name:olka renmar", "dob:olka renmar|1961-07-14", "mrn:MR01000042", "name:vas tor"]
    lookups = []
    for _ in range(20000):
        t0 = CLOCK()
        index.matches(sample_keys)
        lookups.append(CLOCK() - t0)
    rows.append(("matches() of 4 candidate keys", f"p50 {pct(lookups, .5) * 1e6:.1f} µs, p99 {pct(lookups, .99) * 1e6:.1f} µs"))

    plain, with_index = Context(kind="post"), Context(kind="post", patient_index=index)
    for t in texts[:50]:  # warm up the name model
        scan(t, plain)
    blocked = 0
    timings: dict[str, list[float]] = {"without": [], "with": []}
    for t in texts:
        for label, ctx in (("without", plain), ("with", with_index)):
            t0 = CLOCK()
            r = scan(t, ctx)
            timings[label].append(CLOCK() - t0)
            if label == "with" and any(f.rule.startswith("patient_index:") for f in r.findings):
                blocked += 1
    for label in ("without", "with"):
        v = timings[label]
        rows.append((f"guard scan of a 280-char post, {label} the index",
                     f"p50 {pct(v, .5) * 1e3:.2f} ms, p99 {pct(v, .99) * 1e3:.2f} ms, mean {statistics.mean(v) * 1e3:.2f} ms"))
    rows.append(("posts naming a patient, blocked", f"{blocked:,} of {len(texts) // 2:,}"))
    if args.db:
        rows.extend(bench_db(people))
    print("| measure | result |\n| --- | --- |")
    for k, v in rows:
        print(f"| {k} | {v} |")


def bench_db(people: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    tmp = Path(tempfile.mkdtemp(prefix="bedside-bench-pi-"))
    os.environ.setdefault("BEDSIDE_DATA_DIR", str(tmp))
    os.environ.setdefault("BEDSIDE_SECRET_KEY", "bench-only-secret-key-that-is-long-enough-0123456789")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bedside.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from bedside.workspace import patient_index as stored

    csv_path = tmp / "mpi.csv"
    with csv_path.open("w", encoding="utf-8") as f:
        f.write("name,dob,mrn\n")
        for name, dob, mrn in people:
            f.write(f'"{name}",{dob},{mrn}\n')
    t0 = CLOCK()
    done = stored.import_file(csv_path, actor="bench", problem=print)
    t_import = CLOCK() - t0
    lookup = stored.StoredPatientIndex()
    last, first = people[len(people) // 2][0].title().split(", ")
    keys = [f"name:{first.lower()} {last.lower()}", "mrn:MR01000042", "name:nobody here", "dob:nobody here|1970-01-01"]
    found = lookup.matches(keys)
    times = []
    for _ in range(2000):
        t0 = CLOCK()
        lookup.matches(keys)
        times.append(CLOCK() - t0)
    from django.db import connection

    return [
        (f"import into {connection.vendor} (CSV -> hashes -> table, one transaction)",
         f"{t_import:.0f} s ({done.patients / t_import:,.0f} patients/s, {done.entries:,} rows)"),
        (f"StoredPatientIndex.matches() of 4 keys on {connection.vendor} ({len(found)} found)",
         f"p50 {pct(times, .5) * 1e3:.2f} ms, p99 {pct(times, .99) * 1e3:.2f} ms"),
    ]


if __name__ == "__main__":
    main()
