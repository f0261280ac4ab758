"""Where sync (or the demo) hands over what the audits read: website crawls and
how each profile presents itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from bedside.benchmark.models import ProfileLook, SiteCrawl, SiteLinkSnapshot
from bedside.benchmark.photos import photo_hash
from bedside.channels.models import Channel
from bedside.networks.records import ProfileStats, SiteLink


class NotAWebsite(ValueError):
    pass


@transaction.atomic
def record_crawl(channel: Channel, links: Iterable[SiteLink], crawled_at: datetime | None = None) -> int:
    """Store one crawl of a website channel; returns how many links it found.

    A crawl that found no link is stored as what it is (an empty crawl is a
    finding: the site promotes no profile), as long as the caller says when.
    """
    if channel.network != "website":
        raise NotAWebsite(f"{channel} is not a website channel; crawls belong to website channels")
    when = crawled_at or timezone.now()
    crawl, _ = SiteCrawl.objects.get_or_create(channel=channel, crawled_at=when)
    crawl.found.all().delete()
    rows = [
        SiteLinkSnapshot(
            crawl=crawl,
            page_url=link.page_url[:1000],
            target_url=link.target_url[:1000],
            network=link.network,
            handle=link.handle[:300],
            placement=link.placement,
            has_icon=link.has_icon,
        )
        for link in links
    ]
    SiteLinkSnapshot.objects.bulk_create(rows)
    crawl.links = len(rows)
    crawl.save(update_fields=["links"])
    return len(rows)


def record_profile(channel: Channel, stats: ProfileStats, photo: bytes | None = None) -> ProfileLook:
    """Store how a profile looks now, unless it looks exactly as last time."""
    look = ProfileLook(
        channel=channel,
        seen_at=stats.taken_at,
        name=stats.name[:300],
        description=stats.description,
        avatar_url=stats.avatar_url[:1000],
        avatar_hash=photo_hash(photo) if photo else "",
        website=_website(channel, stats)[:1000],
    )
    last = ProfileLook.objects.filter(channel=channel).order_by("-seen_at").first()
    same = ("name", "description", "avatar_url", "avatar_hash", "website")
    if last is not None and all(getattr(last, f) == getattr(look, f) for f in same):
        return last
    look.save()
    return look


def _website(channel: Channel, stats: ProfileStats) -> str:
    """The profile's link for the cross-promotion audit: among its website
    field and the other links it lists (Mastodon's profile fields), the one
    that points at the organization's own site when there is one."""
    candidates = [u for u in (stats.website, *stats.links) if u]
    home = (urlsplit(channel.organization.website or "").hostname or "").removeprefix("www.")
    if home:
        for url in candidates:
            host = (urlsplit(url).hostname or "").removeprefix("www.")
            if host == home or host.endswith("." + home):
                return url
    return candidates[0] if candidates else ""
