"""The best time to post rests on our own published posts' numbers, says how
many posts each slot rests on, and ranks no slot on fewer than three."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from bedside.benchmark.models import Post as SyncedPost
from bedside.publishing import best_time
from bedside.publishing.models import Post, Variant

pytestmark = pytest.mark.django_db


def _published(channel, when: datetime, likes: int, n: int) -> None:
    post = Post.objects.create(title=f"p{n}", state=Post.State.APPROVED)
    Variant.objects.create(post=post, channel=channel, network="mastodon", body="b", state="published",
                           published_at=when, external_id=f"bt{n}")
    SyncedPost.objects.create(channel=channel, network="mastodon", external_id=f"bt{n}", published_at=when,
                              likes=likes, comments=1, shares=0)


def test_the_best_slot_is_the_one_whose_posts_drew_most_per_post(personas, mastodon, settings) -> None:
    settings.TIME_ZONE = "America/Chicago"
    zone = timezone.get_current_timezone()
    monday = datetime(2026, 11, 2, 9, 15, tzinfo=zone)  # a Monday, 09:15 in Chicago
    n = 0
    for week in range(4):  # Tuesdays at 12 draw 50 a post, Mondays at 9 draw 10
        _published(mastodon, monday + timedelta(weeks=week), 9, n := n + 1)
        _published(mastodon, monday + timedelta(weeks=week, days=1, hours=3), 49, n := n + 1)
    for lucky in range(2):  # two Friday posts with far more: too few to rank
        _published(mastodon, monday + timedelta(days=4 + 7 * lucky, hours=8), 500, n := n + 1)
    found = best_time.best_times(now=monday + timedelta(weeks=5))
    counted, slots = found["mastodon"]
    assert counted == 10
    assert [(s.label, s.posts, s.per_post) for s in slots] == [("Tuesday 12:00", 4, 50.0), ("Monday 09:00", 4, 10.0)]
    page = personas["manager"].client.get("/publishing/best-times/").content.decode()
    assert "Tuesday 12:00 (50.0 per post, 4 posts)" in page and "America/Chicago" in page


def test_posts_older_than_a_year_or_never_published_do_not_count(personas, mastodon) -> None:
    _published(mastodon, timezone.now() - timedelta(days=400), 100, 1)
    assert best_time.best_times() == {}
    assert "No published post has numbers" in personas["manager"].client.get("/publishing/best-times/").content.decode()
