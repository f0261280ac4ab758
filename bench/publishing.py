"""Benchmark publishing at a health system's scale, in one run:

    python bench/publishing.py [--posts-per-month N] [--channels N] [--months N] [--repeats N]
                               [--variants N] [--workers-seconds S] [--write] [--sqlite]

1. The calendar month view on PostgreSQL (SQLite too with ``--sqlite``):
   ``--months`` months of ``--posts-per-month`` posts spread over ``--channels``
   channels (the past published, with the networks' counts synced back, the
   rest scheduled; one post in 40 failed), and the page as a signed-in social
   manager sees it through Django's test client: p50/p95 of the busiest month,
   of the failed filter and of a week. Side by side in the same run, the anchor:
   the one SQL query a month view cannot do without (the month's variants with
   their post titles, through a raw cursor), so load on the shared machine
   shows in both.
2. Two workers sharing the queue: ``--variants`` variants all due at once,
   two worker processes running ``publish_due`` against a stand-in network on
   127.0.0.1 that takes 20 ms per post; one worker is killed (SIGKILL) in the
   middle of publishing. Reported: seconds until every variant is published
   (the target is 60 s after its time), posts the network received, and how
   many were received twice (must be 0).

No assertion on timings: speed is reported, not tested.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from common import fresh_postgres, pin_one_core, setup_django, write_section  # noqa: E402

PG_DB = "bedside_bench_publishing"
NETWORKS = ["x", "facebook", "bluesky", "mastodon"]
#: the busiest month is the current one: half published, half still to come
MONTH = datetime.now(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def load(posts_per_month: int, channels: int, months: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from bedside.benchmark.models import Post as SyncedPost
    from bedside.channels.models import Channel
    from bedside.publishing.models import Campaign, Post, Variant
    from bedside.workspace.models import Organization

    rng = random.Random(15)
    started = time.perf_counter()
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True, website="https://riverbend.example")
    chans = [Channel.objects.create(organization=ours, network=NETWORKS[n % len(NETWORKS)],
                                    handle=f"riverbend{n}" if NETWORKS[n % len(NETWORKS)] != "mastodon"
                                    else f"riverbend{n}@mastodon.social") for n in range(channels)]
    campaigns = [Campaign.objects.create(name=f"Campaign {n}", slug=f"campaign-{n}") for n in range(12)]
    author = get_user_model().objects.create_user("author", password="x")
    now = datetime.now(UTC)
    first = MONTH - timedelta(days=31 * (months - 2))  # history before, one month ahead
    first = first.replace(day=1)
    total = posts_per_month * months
    span = (MONTH + timedelta(days=62)).replace(day=1) - first
    body = "Flu shots are free at every clinic this week; no appointment needed. https://riverbend.example/flu"
    for batch_start in range(0, total, 5000):
        n_batch = min(5000, total - batch_start)
        posts = Post.objects.bulk_create([
            Post(title=f"Post {batch_start + i}", author=author, campaign=campaigns[(batch_start + i) % 12],
                 state=Post.State.APPROVED, verdict="allow", content_type="health_advice")
            for i in range(n_batch)])
        variants, synced = [], []
        for i, post in enumerate(posts):
            n = batch_start + i
            when = first + span * (n / total) + timedelta(seconds=rng.randint(0, 3600))
            channel = chans[n % channels]
            published = when < now
            failed = published and n % 40 == 0
            state = (Variant.State.FAILED if failed else Variant.State.PUBLISHED if published
                     else Variant.State.SCHEDULED)
            external = f"bench-{n}" if state == Variant.State.PUBLISHED else ""
            variants.append(Variant(post=post, channel=channel, network=channel.network, body=body,
                                    verdict="allow", scheduled_at=when, state=state, external_id=external,
                                    published_at=when if external else None,
                                    error="request refused (HTTP 400)" if failed else ""))
            if external:
                synced.append(SyncedPost(channel=channel, network=channel.network, external_id=external,
                                         published_at=when, likes=rng.randint(0, 300),
                                         comments=rng.randint(0, 30), shares=rng.randint(0, 40)))
        Variant.objects.bulk_create(variants)
        SyncedPost.objects.bulk_create(synced)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    month_rows = Variant.objects.filter(scheduled_at__gte=MONTH, scheduled_at__lt=(MONTH + timedelta(days=32))
                                        .replace(day=1)).count()
    return {"posts": Post.objects.count(), "variants": Variant.objects.count(), "month_rows": month_rows,
            "load_s": time.perf_counter() - started}


def anchor_query() -> None:
    from django.db import connection

    end = (MONTH + timedelta(days=32)).replace(day=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.id, v.network, v.state, v.scheduled_at, v.published_at, p.title FROM publishing_variant v "
            "JOIN publishing_post p ON p.id = v.post_id WHERE (v.published_at >= %s AND v.published_at < %s) OR "
            "(v.published_at IS NULL AND v.scheduled_at >= %s AND v.scheduled_at < %s)", [MONTH, end, MONTH, end])
        cursor.fetchall()


def calendar(repeats: int) -> list[dict]:
    from django.test import Client

    from bedside.workspace import people

    user = people.create_user(f"mona{time.time_ns()}", "bench passphrase 1234", "social_manager")
    client = Client()
    client.force_login(user)
    month = MONTH.strftime("%Y-%m")
    views = [("month", f"/publishing/calendar/?month={month}"),
             ("month, failed only", f"/publishing/calendar/?month={month}&state=failed"),
             ("week", f"/publishing/calendar/?week={MONTH.strftime('%Y-%m-%d')}")]
    out = []
    for label, url in [("anchor: the month's rows, one raw SQL query", "")] + views:
        def once(url: str = url) -> None:
            if not url:
                anchor_query()
                return
            response = client.get(url, HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, response.status_code

        once()  # warm
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            once()
            timings.append((time.perf_counter() - started) * 1000)
        out.append({"view": label, "p50": statistics.median(timings), "p95": p95(timings)})
    return out


# -- two workers ---------------------------------------------------------------
class Network:
    """A stand-in Mastodon that takes 20 ms a post and remembers every one."""

    def __init__(self) -> None:
        self.received: list[str] = []
        self.when: list[str] = []
        self.lock = threading.Lock()
        network = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _send(self, body: object, status: int = 200, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                if "lookup" in self.path:
                    self._send({"id": "1", "username": "riverbend", "acct": "riverbend", "url": "https://x"})
                    return
                # Newest first, 40 a page, older pages by max_id with a Link
                # header, as https://docs.joinmastodon.org/api/guidelines/#pagination
                query = parse_qs(urlsplit(self.path).query)
                with network.lock:
                    below = int(query.get("max_id", [str(len(network.received) + 1)])[0])
                    ids = list(range(min(below - 1, len(network.received)), 0, -1))[:40]
                    statuses = [{"id": str(i), "created_at": network.when[i - 1], "content": f"<p>{network.received[i - 1]}</p>",
                                 "url": f"https://mastodon.social/@riverbend/{i}",
                                 "account": {"id": "1", "acct": "riverbend", "username": "riverbend"},
                                 "media_attachments": [], "visibility": "public", "in_reply_to_id": None,
                                 "sensitive": False, "spoiler_text": "", "language": "en", "replies_count": 0,
                                 "reblogs_count": 0, "favourites_count": 0, "card": None} for i in ids]
                more = {"Link": f'<{network.url}{urlsplit(self.path).path}?max_id={ids[-1]}>; rel="next"'} \
                    if ids and ids[-1] > 1 else {}
                self._send(statuses, headers=more)

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                time.sleep(0.02)
                with network.lock:
                    network.received.append(body["status"])
                    network.when.append(datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
                    sid = len(network.received)
                self._send({"id": str(sid), "url": f"https://mastodon.social/@riverbend/{sid}"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


def worker_main(url: str, stop_after: float, ready: str) -> None:
    """A worker process: started (Django loaded) before the posts fall due, as
    a real worker is, then publish_due until nothing is due or time is up."""
    setup_django(url, migrate=False)
    from bedside.publishing import sending

    Path(ready).write_text("ready")
    while not Path(ready + ".go").exists():
        time.sleep(0.01)
    deadline = time.monotonic() + stop_after
    while time.monotonic() < deadline:
        if not sending.publish_due(limit=20) and not sending.due().exists():
            break


def two_workers(database_url: str, variants: int, seconds: float) -> dict:
    from bedside.channels.models import Channel
    from bedside.networks.http import allow_hosts
    from bedside.publishing.models import Post, Variant
    from bedside.workspace.models import Organization

    network = Network()
    os.environ["BEDSIDE_API_BASE_MASTODON"] = network.url
    os.environ["BEDSIDE_ALLOWED_FETCH_HOSTS"] = "127.0.0.1"  # the workers' settings read it at start
    allow_hosts(["127.0.0.1"])
    Variant.objects.all().delete()
    ours = Organization.objects.filter(is_ours=True).first() or Organization.objects.create(name="R", is_ours=True)
    channel = Channel.objects.create(organization=ours, network="mastodon", handle="riverbend@mastodon.social",
                                     credentials={"token": "bench-token"})
    later = datetime.now(UTC) + timedelta(days=1)
    posts = Post.objects.bulk_create([Post(title=f"Due {n}", state=Post.State.APPROVED, verdict="allow")
                                      for n in range(variants)])
    Variant.objects.bulk_create([Variant(post=p, channel=channel, network="mastodon", verdict="allow",
                                         body=f"Health tip {n}: drink a glass of water with every meal and walk after dinner.",
                                         scheduled_at=later, state=Variant.State.SCHEDULED)
                                 for n, p in enumerate(posts)])
    flags = tempfile.mkdtemp(prefix="bench-workers-")
    env = {**os.environ}
    first, second = (subprocess.Popen([sys.executable, __file__, "--worker", database_url, str(seconds),
                                       f"{flags}/{n}"], env=env) for n in (1, 2))
    while not all(Path(f"{flags}/{n}").exists() for n in (1, 2)):
        if first.poll() is not None or second.poll() is not None:
            raise SystemExit("a worker stopped before it was ready")
        time.sleep(0.05)
    # Every variant falls due now, with both workers already running.
    due_at = datetime.now(UTC)
    Variant.objects.filter(channel=channel).update(scheduled_at=due_at)
    started = time.perf_counter()
    for n in (1, 2):
        Path(f"{flags}/{n}.go").write_text("go")
    # Kill one worker mid-publish: once a tenth of the posts are out.
    while len(network.received) < variants // 10 and first.poll() is None:
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed_at = time.perf_counter() - started
    # The survivor finishes the queue; the variant the killed worker held
    # becomes "outcome unknown" after sending.STALE, so a third worker run
    # later (as the scheduler would) settles it by reading back.
    second.wait()
    survivor_done = time.perf_counter() - started
    from bedside.publishing import sending

    stuck = list(Variant.objects.filter(state=Variant.State.PUBLISHING).values_list("pk", flat=True))
    sending.publish_due(now=datetime.now(UTC) + sending.STALE + timedelta(seconds=1))
    left = Variant.objects.exclude(state=Variant.State.PUBLISHED).count()
    published = Variant.objects.filter(state=Variant.State.PUBLISHED)
    lateness = [(v.published_at - due_at).total_seconds() for v in published if v.pk not in stuck]
    network.server.shutdown()
    return {"variants": variants, "received": len(network.received), "distinct": len(set(network.received)),
            "killed_at_s": killed_at, "survivor_done_s": survivor_done, "max_late_s": max(lateness or [0]),
            "held_by_killed": len(stuck), "not_published": left}


def child(args: argparse.Namespace) -> None:
    pin_one_core()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='bench-publishing-')}/bench.sqlite3"
    setup_django(url, "bench-publishing-")
    result = {"database": args.database, **load(args.posts_per_month, args.channels, args.months)}
    result["calendar"] = calendar(args.repeats)
    if args.variants and args.database == "postgresql":
        result["workers"] = two_workers(url, args.variants, args.workers_seconds)
    print("RESULT " + json.dumps(result))


def run_child(database: str, url: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--child", "--database", database, "--database-url", url,
               "--posts-per-month", str(args.posts_per_month), "--channels", str(args.channels),
               "--months", str(args.months), "--repeats", str(args.repeats), "--variants", str(args.variants),
               "--workers-seconds", str(args.workers_seconds)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{database} run failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    line = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])


def render(runs: list[dict], args: argparse.Namespace) -> str:
    command = (f"python bench/publishing.py --posts-per-month {args.posts_per_month} --channels {args.channels} "
               f"--months {args.months} --repeats {args.repeats} --variants {args.variants}"
               + (" --sqlite" if args.sqlite else ""))
    lines = [f"`{command}`, {time.strftime('%Y-%m-%d')}, one core per database run (pinned), 1-minute load "
             f"{os.getloadavg()[0]:.1f} at the end. Target: the calendar month view under 300 ms at p95 on "
             "PostgreSQL with 10,000 posts a month across 20 channels.", "",
             "| database | posts (variants) | rows in the month | view | p50 ms | p95 ms |", "|---|---:|---:|---|---:|---:|"]
    for run in runs:
        for row in run["calendar"]:
            lines.append(f"| {run['database']} | {run['posts']:,} ({run['variants']:,}) | {run['month_rows']:,} | "
                         f"{row['view']} | {row['p50']:.0f} | {row['p95']:.0f} |")
    for run in runs:
        w = run.get("workers")
        if w:
            lines += ["", f"Two workers on {run['database']}, {w['variants']:,} variants due at the same moment, a "
                      "stand-in network taking 20 ms a post, one worker killed (SIGKILL) after "
                      f"{w['killed_at_s']:.1f} s: the survivor had published the rest {w['survivor_done_s']:.1f} s "
                      f"after their time (latest {w['max_late_s']:.1f} s; target 60 s); {w['held_by_killed']} "
                      "variant(s) held by the killed worker were settled by the next run after "
                      f"sending.STALE (read back first); the network received {w['received']:,} posts, "
                      f"{w['distinct']:,} distinct (none twice: {w['received'] == w['distinct']}); "
                      f"not published at the end: {w['not_published']}."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts-per-month", type=int, default=10_000)
    parser.add_argument("--channels", type=int, default=20)
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--variants", type=int, default=100)
    parser.add_argument("--workers-seconds", type=float, default=120.0)
    parser.add_argument("--sqlite", action="store_true", help="measure on SQLite too")
    parser.add_argument("--write", action="store_true", help="replace this bench's section of BENCHMARKS.md")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", default="postgresql", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args.worker[0], float(args.worker[1]), args.worker[2])
        return
    if args.child:
        child(args)
        return
    runs = [run_child("postgresql", fresh_postgres(PG_DB), args)]
    if args.sqlite:
        runs.append(run_child("sqlite", "", args))
    report = render(runs, args)
    print(report)
    if args.write:
        write_section(ROOT / "BENCHMARKS.md", "publishing", report)


if __name__ == "__main__":
    main()
