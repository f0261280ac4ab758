"""Benchmark retention over a large inbox on PostgreSQL, in one run:

    python bench/retention.py [--rows N] [--due N] [--batch N] [--probe-requests N] [--write]

1. ``--rows`` messages generated in the database with generate_series (the
   same rows as bench/inbox.py's list-page bench: one a minute going back,
   most closed, a few thousand open), of which the oldest ``--due`` are past
   the retention period; one legal hold covers one author's messages.
2. The anchor, measured in the same run: the inbox list page (the default
   view, as a signed-in responder sees it, through Django's test client) and a
   one-row write (what triage or a person closing a message does), with no
   deletion running.
3. Retention applied (``governance.retention.apply``: 5,000-row transactions,
   oldest first) while a second thread keeps requesting the same page and
   making the same write: their p50 / p95 / max during the deletion show
   whether the inbox is locked while it runs.

No assertion on timings: speed is reported, not tested. Not pinned to one
core: the deleter and the page share the machine, as they would in
production (the worker and the web server).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from common import fresh_postgres, setup_django, write_section  # noqa: E402

PG_DB = "bedside_bench_retention"


def summary(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {
        "n": len(ordered),
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        "max": ordered[-1],
    }


class Probe:
    """Requests the inbox page and makes a one-row write, over and over, in its
    own thread (its own database connection), until told to stop."""

    def __init__(self, user: object, open_id: int) -> None:
        self.user, self.open_id = user, open_id
        self.page: list[float] = []
        self.write: list[float] = []
        self.stop = threading.Event()

    def once(self, client: object) -> None:
        from bedside.inbox.models import Message

        started = time.perf_counter()
        response = client.get("/inbox/", HTTP_HOST="127.0.0.1")  # type: ignore[attr-defined]
        self.page.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        started = time.perf_counter()
        Message.objects.filter(pk=self.open_id).update(priority=1 + len(self.write) % 3)
        self.write.append((time.perf_counter() - started) * 1000)

    def run(self, requests: int | None = None) -> None:
        from django.db import connection
        from django.test import Client

        client = Client()
        client.force_login(self.user)
        try:
            while not self.stop.is_set() and (requests is None or len(self.page) < requests):
                self.once(client)
        finally:
            connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="messages in the inbox")
    parser.add_argument("--due", type=int, default=1_000_000, help="of which this many are past their time")
    parser.add_argument("--batch", type=int, default=5_000, help="rows per deleting transaction")
    parser.add_argument("--probe-requests", type=int, default=20, help="page requests for the anchor")
    parser.add_argument("--write", action="store_true", help="update the retention section of BENCHMARKS.md")
    args = parser.parse_args()
    if not 0 < args.due < args.rows:
        parser.error("--due must be between 0 and --rows")

    setup_django(fresh_postgres(PG_DB), prefix="bench-retention-")
    from bedside.governance import retention
    from bedside.governance.models import LegalHold, Retention
    from bedside.inbox.models import OPEN_STATES, Message
    from bedside.workspace import people
    from inbox import generate_rows

    seconds = generate_rows(args.rows)
    # Row g was received g minutes ago: rows older than (rows - due) minutes are due.
    days = (args.rows - args.due) // 1440
    Retention.objects.update_or_create(kind="messages", defaults={"days": days})
    LegalHold.objects.create(name="One author's complaint", reason="bench", author_handle="user7")
    _, due, held = retention.expired_messages()
    due_count = due.count()
    print(f"generated {args.rows:,} rows in {seconds:.0f} s; {due_count:,} due, {held:,} held", flush=True)

    user = people.create_user("ray", "bench passphrase 1234", "responder")
    open_id = Message.objects.filter(state__in=OPEN_STATES).values_list("pk", flat=True).first()
    anchor = Probe(user, open_id)
    anchor.run(requests=1)  # warm PostgreSQL's buffers and the page's caches
    anchor.page.clear()
    anchor.write.clear()
    anchor.run(requests=args.probe_requests)

    during = Probe(user, open_id)
    thread = threading.Thread(target=during.run)
    thread.start()
    started = time.perf_counter()
    outcome = retention.apply(batch=args.batch, actor="bench")
    took = time.perf_counter() - started
    during.stop.set()
    thread.join()
    left = Message.all_objects.count()

    a_page, a_write = summary(anchor.page), summary(anchor.write)
    d_page, d_write = summary(during.page), summary(during.write)
    report = "\n".join(
        [
            f"Command: `python bench/retention.py --rows {args.rows} --due {args.due} --batch {args.batch} "
            f"--probe-requests {args.probe_requests} --write` (PostgreSQL, {time.strftime('%Y-%m-%d')}).",
            "",
            f"{args.rows:,} inbox messages generated with generate_series in {seconds:.0f} s; {due_count:,} past the "
            f"retention period ({days} days), {held:,} of them kept by a legal hold on one author. Retention deleted "
            f"**{outcome.deleted:,} messages in {took:.0f} s ({outcome.deleted / took:,.0f} rows/s)** in "
            f"{-(-outcome.deleted // args.batch):,} transactions of {args.batch:,}; {left:,} rows remain.",
            "",
            "| | requests | p50 ms | p95 ms | max ms |",
            "|---|---:|---:|---:|---:|",
            f"| inbox list page, no deletion running (anchor) | {a_page['n']} | {a_page['p50']:.0f} | "
            f"{a_page['p95']:.0f} | {a_page['max']:.0f} |",
            f"| inbox list page, during the deletion | {d_page['n']} | {d_page['p50']:.0f} | {d_page['p95']:.0f} | "
            f"{d_page['max']:.0f} |",
            f"| one-row write to an open message, no deletion (anchor) | {a_write['n']} | {a_write['p50']:.1f} | "
            f"{a_write['p95']:.1f} | {a_write['max']:.1f} |",
            f"| one-row write to an open message, during the deletion | {d_write['n']} | {d_write['p50']:.1f} | "
            f"{d_write['p95']:.1f} | {d_write['max']:.1f} |",
        ]
    )
    print(report)
    if args.write:
        write_section(ROOT / "BENCHMARKS.md", "retention", report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
