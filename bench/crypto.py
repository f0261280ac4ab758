"""Benchmark the at-rest encryption of message bodies: Fernet tokens per
message and per sync batch.

    python bench/crypto.py [--messages 20000] [--batch 500] [--runs 5]

Times, on made-up message bodies of social-media length (40 to 400
characters), ``crypto.encrypt`` and ``crypto.decrypt`` one message at a
time and ``crypto.encrypt_many`` over batches of ``--batch`` (what a sync
prepares per page column). The keys are two fresh Fernet keys, as after a
rotation: the first encrypts, both decrypt. Figures are the median of
``--runs`` runs, in microseconds of this process's CPU time per message
(CPU time moves less than wall time when other work shares the machine).
No assertion on timings here: speed is reported, not tested.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (str(ROOT), str(ROOT / "src")):
    if path not in sys.path:
        sys.path.insert(0, path)


def _setup() -> None:
    from cryptography.fernet import Fernet

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.ENCRYPTION_KEYS = ",".join(Fernet.generate_key().decode() for _ in range(2))


def _bodies(n: int) -> list[str]:
    rng = random.Random(19)
    words = ["thank", "you", "for", "the", "care", "the", "nurses", "on", "the", "ward", "were", "kind", "parking", "was", "hard", "to", "find"]
    return [" ".join(rng.choice(words) for _ in range(rng.randint(8, 80))) for _ in range(n)]


def _cpu_us_per(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    fn()
    return (time.process_time() - start) * 1e6 / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    _setup()
    from bedside.workspace import crypto

    bodies = _bodies(args.messages)
    tokens = [crypto.encrypt(b) for b in bodies]
    batches = [bodies[i : i + args.batch] for i in range(0, len(bodies), args.batch)]
    rows: dict[str, list[float]] = {"encrypt (one at a time)": [], "encrypt_many (batches)": [],
                                    "decrypt (one at a time)": []}
    for _ in range(args.runs):
        rows["encrypt (one at a time)"].append(_cpu_us_per(lambda: [crypto.encrypt(b) for b in bodies], len(bodies)))
        rows["encrypt_many (batches)"].append(
            _cpu_us_per(lambda: [crypto.encrypt_many(b) for b in batches], len(bodies))
        )
        rows["decrypt (one at a time)"].append(_cpu_us_per(lambda: [crypto.decrypt(t) for t in tokens], len(bodies)))
    assert [crypto.decrypt(t) for t in crypto.encrypt_many(bodies[:50])] == bodies[:50]
    print(f"{args.messages} messages, batches of {args.batch}, median of {args.runs} runs, "
          f"1-minute load {os.getloadavg()[0]:.1f}")
    print("| operation | CPU µs/message | messages per CPU-second |")
    print("|---|---:|---:|")
    for name, values in rows.items():
        us = statistics.median(values)
        print(f"| {name} | {us:.1f} | {1e6 / us:,.0f} |")


if __name__ == "__main__":
    main()
