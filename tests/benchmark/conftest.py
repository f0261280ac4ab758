"""Builders for benchmark tests: organizations with channels and histories."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from bedside.benchmark.models import Post, Snapshot
from bedside.channels.models import Channel
from bedside.workspace.models import Organization
from tests.workspace.conftest import personas  # noqa: F401  (the shared fixture)

END = date(2026, 6, 30)


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour=hour)), timezone.get_current_timezone())


def organization(name: str, *, ours: bool = False, website: str = "") -> Organization:
    return Organization.objects.create(name=name, is_ours=ours, website=website)


def channel(org: Organization, network: str, handle: str | None = None, **kw) -> Channel:
    return Channel.objects.create(organization=org, network=network, handle=handle or org.name.split()[0], **kw)


def history(
    ch: Channel,
    start_followers: int | None,
    end_followers: int | None,
    *,
    days: int = 400,
    end: date = END,
    skip: range = range(0),
    extra: dict | None = None,
) -> None:
    """Daily snapshots rising linearly from start to end; ``skip`` leaves days out
    (counted back from ``end``); None followers make a network with no count."""
    rows = []
    for back in range(days, -1, -1):
        if back in skip:
            continue
        day = end - timedelta(days=back)
        if start_followers is None or end_followers is None:
            followers = None
        else:
            followers = round(end_followers - (end_followers - start_followers) * back / days)
        rows.append(Snapshot(channel=ch, date=day, taken_at=at(day, 6), followers=followers, extra=extra or {}))
    Snapshot.objects.bulk_create(rows)


def posts(ch: Channel, n: int, *, likes: int | None = 10, comments: int | None = 2, shares: int | None = 3,
          video_every: int = 0, end: date = END, content_type: str = "") -> None:
    Post.objects.bulk_create(
        Post(
            channel=ch, network=ch.network, external_id=f"{ch.pk}-{i}", published_at=at(end - timedelta(days=i)),
            likes=likes, comments=comments, shares=shares,
            media_type="video" if video_every and i % video_every == 0 else "image", content_type=content_type,
        )
        for i in range(n)
    )


@pytest.fixture
def peer_set(db: None) -> dict[str, Organization]:
    """Ours (small, growing), a big leader, a peer with gaps and no counts."""
    ours = organization("Riverbend Health", ours=True, website="https://riverbend.example")
    leader = organization("Mayo Clinic", website="https://www.mayoclinic.org")
    patchy = organization("Patchy Medical")
    history(channel(ours, "x"), 1_000, 1_500)
    history(channel(ours, "facebook"), 2_000, 2_600, extra={"talking_about_count": 52})
    history(channel(leader, "x"), 100_000, 110_000)
    history(channel(leader, "facebook"), 200_000, 204_000, extra={"talking_about_count": 2040})
    history(channel(leader, "instagram"), 50_000, 60_000)
    # Patchy: X with a month missing in the middle; YouTube hides its count.
    history(channel(patchy, "x"), 10_000, 11_000, skip=range(150, 190))
    history(channel(patchy, "youtube", "PatchyTV"), None, None)
    return {"ours": ours, "leader": leader, "patchy": patchy}
