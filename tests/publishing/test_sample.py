"""The demo's sample posts: a month of them, one awaiting approval with a
flagged image, loaded once, and never sent to a network."""

from __future__ import annotations

import pytest

from bedside.channels.models import Channel
from bedside.publishing import metrics, sample, sending
from bedside.publishing.models import EvergreenQueue, Post, Series, Variant
from bedside.workspace import people
from bedside.workspace.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_month_of_sample_posts_once_and_never_sends_them() -> None:
    people.create_user("manager", "a long enough passphrase 7", "social_manager")
    ours = Organization.objects.create(name="Riverbend Health (sample)", is_ours=True, is_sample=True)
    for network in ("x", "facebook", "instagram"):
        Channel.objects.create(organization=ours, network=network, handle="RiverbendHealth")
    assert sample.load() == {"posts": len(sample.POSTS) + 2, "series": 1, "queues": 1}
    assert sample.load() == {"posts": 0}
    assert all(p.title.startswith("Sample: ") for p in Post.objects.all())
    states = set(Variant.objects.values_list("state", flat=True))
    assert {"published", "scheduled", "failed"} <= states
    # A weekly health tip and an evergreen queue, approved, with their times on the calendar.
    assert Series.objects.get().occurrences.count() >= 4
    assert EvergreenQueue.objects.get().occurrences.count() >= 6  # 3 posts, 14 days apart
    waiting = Post.objects.get(state=Post.State.AWAITING_APPROVAL)
    assert waiting.images.get().verdict in ("review", "block")
    assert [name for name, m in metrics.by_campaign() if m.likes] == ["Flu season (sample)", "Heart month (sample)",
                                                                      "No campaign"]
    # A demo worker left running never reaches a network with them.
    Variant.objects.filter(state=Variant.State.SCHEDULED).update(scheduled_at=Variant.objects.earliest("pk").scheduled_at)
    assert sending.publish_due() == []
    failed = Variant.objects.filter(state=Variant.State.FAILED).exclude(post__title__startswith="Sample: Parking")
    assert failed.exists() and all("sample channel" in v.error for v in failed)
