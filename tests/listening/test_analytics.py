"""Volume, spikes and share of voice from the counts kept at ingest."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bedside.listening import analytics, collect
from bedside.listening.analytics import Day
from bedside.listening.models import SavedSearch, SearchDay
from bedside.listening.sources import Found
from bedside.workspace.models import Organization

pytestmark = pytest.mark.django_db
NOON = datetime(2026, 11, 20, 12, tzinfo=UTC)


def _found(i: int, text: str, days_ago: int = 0) -> Found:
    return Found("bluesky", f"at://p/{i}", f"u{i}.bsky.social", "", text, "", "en", NOON - timedelta(days=days_ago))


def test_volume_counts_each_day_with_its_sentiment_and_zero_days() -> None:
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    search = SavedSearch.objects.create(organization=ours, name="Brand", query="riverbend", sources=["bluesky"])
    collect.store(search, search.parsed(), [
        _found(1, "Riverbend nurses were wonderful, thank you!", 0),
        _found(2, "Riverbend lost my paperwork again, awful", 0),
        _found(3, "Riverbend parking garage", 2),
        _found(4, "Lakeside only", 0),  # not matched: not counted
    ], collect.Outcome())
    days = analytics.volume(search, NOON - timedelta(days=3), NOON)
    assert [d.total for d in days] == [0, 1, 0, 2]
    assert (days[-1].positive, days[-1].negative) == (1, 1)
    collect.store(search, search.parsed(), [_found(1, "Riverbend nurses were wonderful, thank you!", 0)],
                  collect.Outcome())
    assert SearchDay.objects.get(search=search, day=NOON.date()).total == 2  # stored once, counted once


def test_share_of_voice_counts_a_mention_once_per_organization() -> None:
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    peer = Organization.objects.create(name="Lakeside Medical")
    brand = SavedSearch.objects.create(organization=ours, name="Brand", query="riverbend", sources=["bluesky"])
    er = SavedSearch.objects.create(organization=ours, name="ER", query="riverbend er", sources=["bluesky"])
    theirs = SavedSearch.objects.create(organization=peer, name="Lakeside", query="lakeside", sources=["bluesky"])
    posts = [_found(1, "Riverbend ER was fast"), _found(2, "Riverbend and Lakeside both fine"),
             _found(3, "Lakeside lobby"), _found(4, "Lakeside again")]
    for search in (brand, er, theirs):
        collect.store(search, search.parsed(), posts, collect.Outcome())
    voice = analytics.share_of_voice([brand, er, theirs], NOON - timedelta(days=1), NOON)
    assert voice == [("Lakeside Medical", 3, 60.0), ("Riverbend Health", 2, 40.0)]


def test_a_spike_needs_both_a_high_z_score_and_a_minimum_count() -> None:
    quiet = [Day(date(2026, 11, 1) + timedelta(days=i), n, 0, n, 0) for i, n in enumerate([1, 0, 2, 1] * 4)]
    burst = [*quiet, Day(date(2026, 11, 17), 40, 0, 40, 0)]
    assert [s.count for s in analytics.spikes(burst)] == [40]
    small = [*quiet, Day(date(2026, 11, 17), 6, 0, 6, 0)]  # far above a tiny baseline, but only 6
    assert analytics.spikes(small) == []


def test_the_executive_report_has_a_listening_section_with_counts_only() -> None:
    from django.utils import timezone

    from bedside.benchmark.overview import build
    from bedside.reports import executive

    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    assert 'id="listening"' not in executive.render_html(build())  # no searches, no section
    search = SavedSearch.objects.create(organization=ours, name="Brand", query="riverbend", sources=["bluesky"])
    now = timezone.now()
    found = [Found("bluesky", f"at://r/{i}", "u.bsky.social", "", text, "", "en", now - timedelta(hours=i))
             for i, text in enumerate(["Riverbend nurses were wonderful, thank you!", "Riverbend lobby"])]
    collect.store(search, search.parsed(), found, collect.Outcome())
    html = executive.render_html(build())
    section = html.split('id="listening"', 1)[1].split("</section>", 1)[0]
    assert "Brand" in section and ">2<" in section and "sources: bluesky" in section
    assert "wonderful" not in html
