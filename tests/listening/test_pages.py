"""The listening pages: who sees what, the query helper, audited reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.listening import collect
from bedside.listening.models import Mention, SavedSearch
from bedside.listening.sources import Found
from bedside.workspace.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours(db: None) -> Organization:
    return Organization.objects.create(name="Riverbend Health", is_ours=True)


@pytest.fixture
def search(ours: Organization) -> SavedSearch:
    """Three mentions stored the way a run stores them (triaged, counted)."""
    search = SavedSearch.objects.create(organization=ours, name="Brand", query="riverbend", sources=["bluesky"])
    now = timezone.now()
    texts = ["Riverbend valet was quick #parking", "Riverbend again, quick check-in",
             "Sitting outside Riverbend and I do not want to wake up tomorrow"]
    found = [Found("bluesky", f"at://m/{i}", f"a{i}.bsky.social", "", text, "", "en", now - timedelta(hours=i + 1))
             for i, text in enumerate(texts)]
    collect.store(search, search.parsed(), found, collect.Outcome())
    assert Mention.objects.filter(needs_review=True).count() == 1
    return search


def test_the_listening_page_lists_searches_with_counts_and_whats_waiting_for_compliance(personas, search) -> None:
    page = personas["viewer"].client.get("/listening/")
    html = page.content.decode()
    assert page.status_code == 200 and "Brand" in html and "1 mention needs compliance review" in html
    assert "New search" not in html  # a viewer does not manage searches
    assert ">3<" in html.replace(" ", "")


def test_a_search_page_shows_volume_tops_and_no_bodies(personas, search) -> None:
    page = personas["viewer"].client.get(f"/listening/{search.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "#parking (1)" in html and "quick (2)" in html
    assert "valet was quick" not in html and "wake up" not in html  # bodies only on the mention's own page
    assert "Open<span" not in html  # a viewer may not open mentions


def test_opening_a_mention_is_audited_and_compliance_marks_it_reviewed(personas, search) -> None:
    flagged = Mention.objects.get(needs_review=True)
    rita = personas["reviewer"]
    page = rita.client.get(f"/listening/mentions/{flagged.pk}/")
    assert page.status_code == 200 and "do not want to wake up" in page.content.decode()
    assert AuditEntry.objects.filter(action="mention_read", object_id=str(flagged.pk)).count() == 1
    assert personas["viewer"].client.get(f"/listening/mentions/{flagged.pk}/").status_code == 403
    rita.client.post(f"/listening/mentions/{flagged.pk}/reviewed/")
    flagged.refresh_from_db()
    assert not flagged.needs_review and flagged.reviewed_by == rita.user


def test_the_query_helper_previews_matches_and_refuses_a_malformed_query_saying_where(personas, search) -> None:
    mona = personas["manager"].client
    org = search.organization.pk
    preview = mona.post("/listening/new/", {"name": "Parking", "organization": org, "query": "#parking OR valet",
                                            "sources_text": "bluesky", "preview": "1"})
    html = preview.content.decode()
    assert "the hashtag #parking or the word valet" in html and "matches <strong>1</strong>" in html
    assert not SavedSearch.objects.filter(name="Parking").exists()
    bad = mona.post("/listening/new/", {"name": "Bad", "organization": org, "query": "(valet OR parking",
                                        "sources_text": "bluesky\nmastodon:"})
    html = bad.content.decode()
    assert "column 1: this ( is not closed" in html and "line 2: " in html
    saved = mona.post("/listening/new/", {"name": "Parking", "organization": org, "query": "valet",
                                          "sources_text": "bluesky\nmastodon:Mastodon.Social"})
    created = SavedSearch.objects.get(name="Parking")
    assert saved.status_code == 302 and created.sources == ["bluesky", "mastodon:mastodon.social"]
    assert personas["responder"].client.get("/listening/new/").status_code == 403
