"""Running saved searches against the networks' public search (stand-ins)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from bedside.listening import collect, tasks
from bedside.listening.models import ListeningSettings, Mention, SavedSearch
from bedside.workspace.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours(db: None) -> Organization:
    return Organization.objects.create(name="Riverbend Health", is_ours=True)


@pytest.fixture
def networks(standin: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    standin.load("bluesky", "mastodon", "rss")
    for slug in ("bluesky", "mastodon", "rss"):
        monkeypatch.setenv(f"BEDSIDE_API_BASE_{slug.upper()}", standin.base_url(slug))
    return standin


def _search(org: Organization, query: str, *sources: str, name: str = "Brand") -> SavedSearch:
    return SavedSearch.objects.create(organization=org, name=name, query=query, sources=list(sources))


def test_a_search_stores_what_its_query_matches_once_encrypted_and_triaged(ours, networks) -> None:
    search = _search(ours, "riverbend -job", "bluesky")
    outcome = collect.run(search)

    # Five posts come back over two pages; the job post is excluded by NOT,
    # the unreadable one is reported, not stored.
    assert (outcome.read, outcome.matched, outcome.stored) == (4, 3, 3)
    assert len(outcome.problems) == 1 and "createdAt" in outcome.problems[0].field
    assert outcome.errors == []
    stored = {m.author_handle: m for m in Mention.objects.all()}
    assert set(stored) == {"commuter.bsky.social", "newdad.bsky.social", "lowday.bsky.social"}
    assert stored["newdad.bsky.social"].sentiment == "positive"
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM listening_mention")
        assert all("Riverbend" not in row[0] for row in cursor.fetchall())
    searched = [r.query.get("q") for r in networks.requests_to("bluesky")]
    assert searched == ["riverbend", "riverbend"]  # the NOT term is never sent; two pages read


def test_crisis_language_in_a_mention_goes_to_compliance(ours, networks) -> None:
    outcome = collect.run(_search(ours, "riverbend", "bluesky"))
    flagged = Mention.objects.get(needs_review=True)
    assert flagged.crisis and flagged.author_handle == "lowday.bsky.social"
    assert outcome.needs_review == 1


def test_running_again_stores_nothing_twice_and_two_searches_share_one_mention(ours, networks) -> None:
    first = _search(ours, "riverbend", "bluesky")
    collect.run(first)
    again = collect.run(first)
    assert again.stored == 0 and Mention.objects.count() == 4
    maternity = _search(ours, "maternity OR twins", "bluesky", name="Maternity")
    assert collect.run(maternity).stored == 0  # already stored by the brand search
    shared = Mention.objects.get(author_handle="newdad.bsky.social")
    assert set(shared.searches.values_list("name", flat=True)) == {"Brand", "Maternity"}


def test_mastodon_listens_to_the_querys_hashtags_on_the_named_instance(ours, networks) -> None:
    outcome = collect.run(_search(ours, "#riverbendcares OR riverbend", "mastodon:mastodon.social"))
    assert outcome.stored == 2 and outcome.errors == []
    paths = {r.path for r in networks.requests_to("mastodon")}
    assert paths == {"/api/v1/timelines/tag/riverbendcares"}


def test_a_feed_source_keeps_only_matching_entries(ours, networks) -> None:
    url = networks.base_url("rss") + "/blog.xml"
    outcome = collect.run(_search(ours, "flu OR vaccinated", f"rss:{url}"))
    assert outcome.stored >= 1 and outcome.matched < outcome.read
    assert all(m.source == "rss" for m in Mention.objects.all())


def test_a_failing_source_costs_only_itself_and_is_shown_on_the_search(ours, networks) -> None:
    broken = networks.base_url("rss") + "/index.html"
    search = _search(ours, "riverbend", "bluesky", f"rss:{broken}")
    outcome = collect.run(search)
    assert outcome.stored == 4 and len(outcome.errors) == 1
    search.refresh_from_db()
    assert search.last_error.startswith("rss:") and search.last_run_at is not None


def test_retention_deletes_old_mentions_of_strangers_but_not_those_waiting_for_compliance(ours, networks) -> None:
    from datetime import timedelta

    from django.utils import timezone

    collect.run(_search(ours, "riverbend", "bluesky"))
    ListeningSettings.objects.update_or_create(pk=1, defaults={"retention_days": 30})
    Mention.objects.update(fetched_at=timezone.now() - timedelta(days=31))
    deleted = tasks.purge()
    assert deleted == 3 and list(Mention.objects.values_list("needs_review", flat=True)) == [True]
    entry = AuditEntry.objects.get(action="listening_mentions_purged")
    assert entry.detail == {"deleted": 3, "older_than_days": 30}


def test_reddit_search_uses_the_installs_app_token_and_sends_only_positive_terms(ours, networks, monkeypatch) -> None:
    networks.load("reddit")
    monkeypatch.setenv("BEDSIDE_API_BASE_REDDIT", networks.base_url("reddit"))
    monkeypatch.setenv("BEDSIDE_REDDIT_CLIENT_ID", "app-id")
    monkeypatch.setenv("BEDSIDE_REDDIT_CLIENT_SECRET", "app-secret")
    outcome = collect.run(_search(ours, "riverbend -garage", "reddit"))
    assert outcome.errors == [] and outcome.stored == 1
    assert Mention.objects.get().author_handle == "u/grateful_mom"
    calls = networks.requests_to("reddit")
    assert [c.path for c in calls] == ["/api/v1/access_token", "/search"]
    assert calls[-1].query["q"] == "riverbend" and calls[-1].query["sort"] == "new"


def test_a_source_without_credentials_says_so_on_the_search(ours, networks, monkeypatch) -> None:
    monkeypatch.setenv("BEDSIDE_API_BASE_REDDIT", networks.base_url("reddit"))
    search = _search(ours, "riverbend", "reddit")
    outcome = collect.run(search)
    assert outcome.stored == 0 and "BEDSIDE_REDDIT_CLIENT_ID" in outcome.errors[0]


def test_x_recent_search_excludes_reposts_and_names_each_author(ours, networks, monkeypatch) -> None:
    networks.load("x")
    monkeypatch.setenv("BEDSIDE_API_BASE_X", networks.base_url("x"))
    monkeypatch.setenv("BEDSIDE_X_TOKEN", "test-token")
    outcome = collect.run(_search(ours, '"riverbend health" -hiring', "x"))
    assert outcome.errors == [] and outcome.stored == 1
    mention = Mention.objects.get()
    assert (mention.author_handle, mention.author_name, mention.language) == ("nightowl", "Night Owl", "en")
    call = networks.requests_to("x")[-1]
    assert call.path == "/2/tweets/search/recent" and call.query["query"] == '"riverbend health" -is:retweet'


@pytest.fixture
def youtube(networks, monkeypatch) -> Any:
    networks.load("youtube")
    monkeypatch.setenv("BEDSIDE_API_BASE_YOUTUBE", networks.base_url("youtube"))
    monkeypatch.setenv("BEDSIDE_YOUTUBE_TOKEN", "AIzaSyTestKey")
    return networks


def test_youtube_stores_matching_videos_and_comments_and_books_the_quota_units(ours, youtube) -> None:
    from bedside.listening import quota

    outcome = collect.run(_search(ours, "riverbend", "youtube"))
    # Three videos over two pages and their comments; "first!" does not match.
    assert outcome.errors == [] and outcome.stored == 5
    assert set(Mention.objects.values_list("external_id", flat=True)) == {
        "rbVid000001",
        "UgyRb0001",
        "rbVid000002",
        "UgyRb0003",
        "rbVid000003",
    }
    assert all(m.source == "youtube" for m in Mention.objects.all())
    assert [p.external_id for p in outcome.problems if p.field == "commentThreads"] == ["rbVid000003"]
    assert quota.spent("youtube") == 100 + 2 + 100 + 1


def test_youtube_reads_no_page_that_could_go_past_the_days_share(ours, youtube, monkeypatch) -> None:
    from bedside.listening import quota

    monkeypatch.setenv("BEDSIDE_YOUTUBE_LISTENING_UNITS", "300")
    search = _search(ours, "riverbend", "youtube")
    first = collect.run(search)
    # One page can cost 150 units (search.list and 50 videos' comments): after
    # the first page's 102 a second still fits (252 <= 300); then 97 are left,
    # less than a page, so the next run asks for nothing.
    assert first.stored == 5 and quota.spent("youtube") == 203
    again = collect.run(search)
    assert again.stored == 0 and "share of today's quota (300 units) is spent" in again.errors[0]
    assert quota.spent("youtube") == 203  # nothing asked for once the share is gone
    searches = [c for c in youtube.requests_to("youtube") if c.path == "/search"]
    assert len(searches) == 2


def test_youtubes_share_is_per_pacific_quota_day(ours, youtube, monkeypatch) -> None:
    from datetime import UTC, datetime

    from bedside.listening import quota

    monkeypatch.setenv("BEDSIDE_YOUTUBE_LISTENING_UNITS", "120")
    late_evening_pacific = datetime(2026, 12, 3, 7, 30, tzinfo=UTC)  # 23:30 on the 2nd in California
    next_morning = datetime(2026, 12, 3, 8, 30, tzinfo=UTC)
    quota.spend("youtube", 100, late_evening_pacific)
    assert quota.left("youtube", late_evening_pacific) == 20
    assert quota.left("youtube", next_morning) == 120


def test_identical_texts_in_a_batch_are_triaged_once_each_copy_with_its_own_verdict(ours) -> None:
    from datetime import UTC, datetime

    from bedside.inbox.triage import triage
    from bedside.listening.sources import Found

    when = datetime(2026, 11, 30, 9, tzinfo=UTC)
    texts = ["Riverbend ER tonight, I want to end my life", "Riverbend parking is a mess",
             "Dr. Alvarez at Riverbend told my neighbour Jim his biopsy was positive"]
    # Each text three times (reposts), by different people, shuffled together.
    found = [Found("bluesky", f"id-{copy}-{i}", f"person{copy}.example", "", text, "", "en", when)
             for copy in range(3) for i, text in enumerate(texts)]
    search = _search(ours, "riverbend")
    outcome = collect.Outcome()
    collect.store(search, search.parsed(), found, outcome, org_names=("Riverbend Health",))
    assert outcome.stored == 9 and Mention.objects.count() == 9
    for text in texts:
        alone = triage(text, kind="mention", org_names=("Riverbend Health",))
        stored = [m for m in Mention.objects.all() if m.body == text]
        assert len(stored) == 3
        assert {(m.sentiment, m.sentiment_score, m.crisis, m.phi, m.spam, m.verdict, tuple(m.labels))
                for m in stored} == {(alone.sentiment, alone.sentiment_score, alone.crisis, alone.phi,
                                      alone.spam, alone.verdict, tuple(alone.labels))}
    assert outcome.needs_review == 6  # the crisis and the PHI text, three copies each
    assert search.days.get().total == 9 and ours.mention_days.get().mentions == 9


def test_a_mention_stored_meanwhile_by_another_worker_is_linked_not_duplicated(ours) -> None:
    from datetime import UTC, datetime

    from bedside.listening.sources import Found

    when = datetime(2026, 11, 30, 9, tzinfo=UTC)
    items = [Found("bluesky", f"race-{i}", "someone.example", "", f"Riverbend visit {i}", "", "en", when)
             for i in range(3)]
    batch = collect.triaged(items, ())
    Mention.objects.bulk_create(collect.triaged(items[1:2], ()))  # the other worker's, first
    assert collect._insert(batch) is None  # told to read back
    assert sorted(Mention.objects.values_list("external_id", flat=True)) == ["race-0", "race-1", "race-2"]
    search = _search(ours, "riverbend")
    outcome = collect.Outcome()
    collect.store(search, search.parsed(), items, outcome)
    assert outcome.stored == 0 and search.mentions.count() == 3 and search.days.get().total == 3


def test_a_mastodon_search_without_hashtags_reads_the_instances_local_timeline(ours, networks) -> None:
    outcome = collect.run(_search(ours, "riverbend -parking", "mastodon:city.social"))
    assert outcome.errors == [] and outcome.read == 3
    assert [m.author_handle for m in Mention.objects.all()] == ["nightowl"]  # matched here, not by the instance
    asked = networks.requests_to("mastodon")
    assert {r.path for r in asked} == {"/api/v1/timelines/public"} and asked[0].query["local"] == "true"
