"""Benchmark listening, in one run:

    python bench/listening.py [--mentions N] [--page-mentions N] [--repeats N] [--write] [--no-postgres]

1. Query matching on one core: texts per second for typical saved searches and
   for the most expensive queries the parser allows (60 prefix terms; nesting at
   the cap; a long phrase list), over generated posts of 10-2,000 characters.
   "Adversarial" means built to be slow: each term still reads the text once.
2. Ingest on one core (the process is pinned to one CPU): N generated public
   posts through ``collect.store`` — query match, triage (guard, crisis,
   sentiment, intent, spam), encryption, one batched insert and the search
   links — mentions/s on SQLite and PostgreSQL. Target: 2,000/s on PostgreSQL.
   Twice: the posts as generated (short posts from 800 templates, so a batch
   of 500 repeats some texts, which are triaged once per batch), and with
   every text made distinct (no triage shared), so neither figure flatters.
3. The search page on PostgreSQL over ``--page-mentions`` mentions generated
   with generate_series (one search, 90 days): p50/p95 of the page and of the
   listening overview as a signed-in viewer sees them. Target p95: 300 ms.

The generated posts are written here from templates (no corpus text). No
assertion on timings: speed is reported, not tested.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from common import fresh_postgres, pin_one_core, setup_django, write_section  # noqa: E402

PG_DB = "bedside_bench_listening"

OPENERS = ["Just left", "Shout-out to", "Waited two hours at", "Parking at", "Great nurses at", "Anyone been to",
           "Flu shots today at", "Not impressed with", "So thankful for", "Heads up about"]
PLACES = ["Riverbend Health", "the Riverbend ER", "Lakeside Clinic", "Riverbend pediatrics", "the cancer center",
          "Northgate Hospital", "#riverbendcares", "@riverbend"]
TAILS = ["this morning.", "and honestly it was fine", "— the valet was quick", "#flushot", "again??",
         "https://news.example.org/story", "lol", "best team ever", "the billing office never called back",
         "and I do not want to wake up tomorrow"]
QUERIES = {
    "brand (3 terms)": '"riverbend health" OR riverbend OR #riverbendcares',
    "brand minus jobs": '(riverbend OR #riverbendcares) -job -hiring -"job fair"',
    "service line": '("cancer center" OR oncology) (riverbend OR lakeside)',
}
ADVERSARIAL = {
    "60 prefix terms": " OR ".join(f"zq{i:02d}*" for i in range(60)),
    "nesting at the cap": "(" * 8 + "riverbend" + ")" * 8,
    "30 long phrases": " OR ".join(f'"riverbend {w} clinic review"' for w in range(30)),
    # Place filters at their cap: ten places with a state each, read on the text.
    "riverbend, 10 places": "riverbend " + " ".join(f'place:"Town{i} County MA"' for i in range(10)),
}
QUERIES["brand in Boston"] = '"riverbend health" OR riverbend place:"Boston MA"'



def posts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        text = f"{rng.choice(OPENERS)} {rng.choice(PLACES)} {rng.choice(TAILS)}"
        if rng.random() < 0.05:  # a few long posts
            text += " " + " ".join(rng.choice(TAILS) for _ in range(rng.randint(20, 120)))
        out.append(text)
    return out


def matching(n: int) -> list[tuple[str, float]]:
    from bedside.listening.query import Text, parse

    texts = posts(n)
    rows = []
    for label, source in {**QUERIES, **ADVERSARIAL}.items():
        query = parse(source)
        started = time.perf_counter()
        for text in texts:
            query.matches(Text.of(text))
        rows.append((label, n / (time.perf_counter() - started)))
    return rows


def _search(name: str = "Brand"):  # type: ignore[no-untyped-def]
    from bedside.listening.models import SavedSearch
    from bedside.workspace.models import Organization

    org, _ = Organization.objects.get_or_create(name="Riverbend Health", defaults={"is_ours": True})
    search, _ = SavedSearch.objects.get_or_create(organization=org, name=name,
                                                  defaults={"query": QUERIES["brand (3 terms)"],
                                                            "sources": ["bluesky"]})
    return search


def _letters(i: int) -> str:
    out = ""
    while True:
        i, r = divmod(i, 26)
        out += chr(ord("a") + r)
        if not i:
            return out


def ingest(n: int, batch: int = 500, *, distinct: bool = False) -> tuple[float, float]:
    """Mentions stored per second of wall time, and per CPU second of this
    process (steadier on a shared machine; the database's own CPU is not in
    it, which the wall figure includes). The generator repeats short posts (800
    templates), as reposts do but more often; ``distinct`` gives every post
    its own text (a made-up word appended), so no triage is shared."""
    from bedside.listening import collect
    from bedside.listening.sources import Found

    search = _search()
    query = search.parsed()
    now = datetime.now(UTC)
    texts = posts(n, seed=time.time_ns() % 10_000)
    if distinct:
        texts = [f"{text} ref {_letters(i + 1000)}" for i, text in enumerate(texts)]
    found = [Found("bluesky", f"at://bench/{time.time_ns()}/{i}", f"user{i % 5000}.bsky.social", "", text, "", "en",
                   now - timedelta(minutes=i)) for i, text in enumerate(texts)]
    outcome = collect.Outcome()
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(0, n, batch):
        collect.store(search, query, found[i:i + batch], outcome, org_names=("Riverbend Health",))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    return outcome.stored / seconds, outcome.stored / cpu_seconds


def generate(rows: int) -> float:
    from django.db import connection

    from bedside.workspace import crypto

    search = _search("Generated")
    bodies = [crypto.encrypt(t) for t in posts(50)]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO listening_mention (source, external_id, author_handle, author_name, body, url, language,
                published_at, fetched_at, sentiment, sentiment_score, crisis, phi, spam, verdict, labels, needs_review,
                intent, intents)
            SELECT 'bluesky', 'gen/' || g, 'user' || (g %% 20000), '', (%(bodies)s::text[])[1 + g %% 50], '', 'en',
                now() - ((g %% 129600) || ' minutes')::interval, now(),
                (ARRAY['positive','neutral','negative'])[1 + g %% 3], 0, false, false, false, 'allow', '[]'::jsonb,
                g %% 50000 = 0, (ARRAY['praise','complaint','question','other'])[1 + g %% 4], '[]'::jsonb
            FROM generate_series(1, %(rows)s) AS g
            """, {"bodies": bodies, "rows": rows})
        cursor.execute(
            "INSERT INTO listening_mention_searches (mention_id, savedsearch_id) "
            "SELECT id, %s FROM listening_mention WHERE external_id LIKE 'gen/%%'", [search.pk])
        # The daily counts ingest keeps, built the same way for generated rows.
        cursor.execute(
            "INSERT INTO listening_searchday (search_id, day, total, positive, negative) "
            "SELECT %s, (published_at AT TIME ZONE 'UTC')::date, count(*), count(*) FILTER (WHERE sentiment = 'positive'), "
            "count(*) FILTER (WHERE sentiment = 'negative') FROM listening_mention WHERE external_id LIKE 'gen/%%' "
            "GROUP BY 2", [search.pk])
        cursor.execute(
            "INSERT INTO listening_searchdayintent (search_id, day, intent, n) "
            "SELECT %s, (published_at AT TIME ZONE 'UTC')::date, intent, count(*) FROM listening_mention "
            "WHERE external_id LIKE 'gen/%%' GROUP BY 2, 3", [search.pk])
        cursor.execute(
            "INSERT INTO listening_organizationday (organization_id, day, mentions) "
            "SELECT %s, (published_at AT TIME ZONE 'UTC')::date, count(*) FROM listening_mention "
            "WHERE external_id LIKE 'gen/%%' GROUP BY 2 ON CONFLICT (organization_id, day) "
            "DO UPDATE SET mentions = listening_organizationday.mentions + EXCLUDED.mentions", [search.organization_id])
        cursor.execute("ANALYZE listening_mention")
        cursor.execute("ANALYZE listening_mention_searches")
    return time.perf_counter() - started


def pages(rows: int, repeats: int) -> list[tuple[str, float, float]]:
    from django.test import Client

    from bedside.workspace import people

    generate(rows)
    search = _search("Generated")
    user = people.create_user(f"vic{time.time_ns()}", "bench passphrase 1234", "viewer")
    client = Client()
    client.force_login(user)
    out = []
    for label, path in (("one search's page", f"/listening/{search.pk}/"), ("listening overview", "/listening/")):
        client.get(path, HTTP_HOST="127.0.0.1")
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            response = client.get(path, HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        timings.sort()
        out.append((label, statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentions", type=int, default=20_000, help="posts to ingest per database")
    parser.add_argument("--match-texts", type=int, default=20_000, help="texts per query in the matching test")
    parser.add_argument("--page-mentions", type=int, default=5_000_000, help="mentions generated for the page")
    parser.add_argument("--repeats", type=int, default=30, help="requests per page")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--write", action="store_true", help="update the listening section of BENCHMARKS.md")
    parser.add_argument("--database", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    pinned = pin_one_core()

    if args.database:  # a child run: one database per process (Django is set up once)
        url = fresh_postgres(PG_DB) if args.database == "postgres" else "sqlite:///" + tempfile.mkdtemp() + "/b.sqlite3"
        setup_django(url, "bench-listening-")
        ingest(500)  # warm: models loaded, tables and caches in place, as in a running worker
        (rate, rate_cpu), (distinct, distinct_cpu) = ingest(args.mentions), ingest(args.mentions, distinct=True)
        print(f"INGEST {args.database} {rate:.0f} {rate_cpu:.0f} {distinct:.0f} {distinct_cpu:.0f}")
        if args.database == "postgres" and args.page_mentions:
            for label, p50, p95 in pages(args.page_mentions, args.repeats):
                print(f"PAGE {label}|{p50:.0f}|{p95:.0f}")
        return 0

    import subprocess

    lines = [f"Command: `python bench/listening.py --mentions {args.mentions} --page-mentions {args.page_mentions} "
             f"--repeats {args.repeats}` ({pinned}; generated posts, no corpus text).", "",
             "| query | texts/s |", "|---|--:|"]
    lines += [f"| {label} | {rate:,.0f} |" for label, rate in matching(args.match_texts)]
    ingest_rows, page_rows = [], []
    for db in ["sqlite"] + ([] if args.no_postgres else ["postgres"]):
        out = subprocess.run([sys.executable, __file__, "--database", db, "--mentions", str(args.mentions),
                              "--page-mentions", str(args.page_mentions), "--repeats", str(args.repeats)],
                             capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            if line.startswith("INGEST "):
                name, *rates = line.split()[1:]
                wall, cpu, d_wall, d_cpu = (f"{int(r):,}" for r in rates)
                ingest_rows.append(f"| {name} | {wall} ({cpu}) | {d_wall} ({d_cpu}) | 2,000 |")
            elif line.startswith("PAGE "):
                label, p50, p95 = line[5:].split("|")
                page_rows.append(f"| {label} | {p50} | {p95} | 300 |")
    lines += ["", "Ingest: mentions/s of wall time (in brackets: per CPU second of the bench process).", "",
              "| ingest + triage into | posts as generated | every text distinct | target |",
              "|---|--:|--:|--:|", *ingest_rows]
    if page_rows:
        lines += ["", f"Pages over {args.page_mentions:,} stored mentions (PostgreSQL):", "",
                  "| page | p50 ms | p95 ms | target p95 |", "|---|--:|--:|--:|", *page_rows]
    report = "\n".join(lines)
    print(report)
    if args.write:
        write_section(ROOT / "BENCHMARKS.md", "listening", report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
