"""Cross-promotion audit: which social profiles each website links to and
where (header, footer, body), and which profiles link back to the website."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from bedside.benchmark.models import ProfileLook, SiteCrawl, SiteLinkSnapshot
from bedside.channels.models import Channel
from bedside.workspace.models import Organization

PLACEMENTS = ("header", "footer", "body")


@dataclass
class ProfileCheck:
    network: str
    handle: str
    linked_from_site: bool | None  # None: the site was never crawled
    placements: list[str] = field(default_factory=list)
    with_icon: bool = False
    links_back: bool | None = None  # None: the profile's website field is unknown


@dataclass
class SiteAudit:
    org: str
    org_id: int
    is_ours: bool
    website: str
    crawled_at: datetime | None
    profiles: list[ProfileCheck]
    # Profiles the site links to that are not registered channels (maybe worth adding).
    unlisted: list[dict[str, Any]]

    @property
    def linked_summary(self) -> str:
        """"Facebook (header, footer); X (footer)": what the site links to, and where."""
        from bedside.networks.registry import NETWORKS

        return "; ".join(
            f"{NETWORKS.get(p.network, p.network)} ({', '.join(p.placements)})"
            for p in self.profiles
            if p.linked_from_site
        )

    @property
    def not_linked(self) -> str:
        from bedside.networks.registry import NETWORKS

        return ", ".join(NETWORKS.get(p.network, p.network) for p in self.profiles if p.linked_from_site is False)

    @property
    def links_back(self) -> tuple[int, int]:
        """(profiles linking back to the site, profiles whose link is known)."""
        known = [p for p in self.profiles if p.links_back is not None]
        return sum(1 for p in known if p.links_back), len(known)

    @property
    def linked(self) -> int | None:
        if self.crawled_at is None:
            return None
        return sum(1 for p in self.profiles if p.linked_from_site)


def _norm(handle: str) -> str:
    return handle.strip().lstrip("@").rstrip("/").lower()


def _host(url: str) -> str:
    return (urlsplit(url if "://" in url else f"https://{url}").hostname or "").removeprefix("www.")


def latest_looks(channel_ids: list[int]) -> dict[int, ProfileLook]:
    """Each channel's latest profile look (the brand and cross-promotion audits share it)."""
    looks: dict[int, ProfileLook] = {}
    for look in ProfileLook.objects.filter(channel_id__in=channel_ids).order_by("channel_id", "-seen_at"):
        looks.setdefault(look.channel_id, look)
    return looks


def crosspromo(
    organizations: list[Organization],
    subject_id: int | None = None,
    channels: list[Channel] | None = None,
    looks: dict[int, ProfileLook] | None = None,
) -> list[SiteAudit]:
    """``channels`` and ``looks``: the organizations' channels and their latest
    looks, when the caller has read them already."""
    ids = [o.pk for o in organizations]
    if channels is None:
        channels = list(Channel.objects.defer("credentials").filter(organization_id__in=ids))
    wanted = set(ids)
    channels = sorted((c for c in channels if c.organization_id in wanted), key=lambda c: (c.network, c.handle, c.pk))
    sites = {c.organization_id: c for c in channels if c.network == "website"}
    latest: dict[int, SiteCrawl] = {}
    for crawl in SiteCrawl.objects.filter(channel__in=sites.values()).order_by("channel_id", "-crawled_at"):
        latest.setdefault(crawl.channel_id, crawl)
    found: dict[int, list[SiteLinkSnapshot]] = defaultdict(list)
    for link in SiteLinkSnapshot.objects.filter(crawl__in=latest.values()):
        found[link.crawl_id].append(link)
    if looks is None:
        looks = latest_looks([c.pk for c in channels])

    by_org: dict[int, list[Channel]] = defaultdict(list)
    for c in channels:
        by_org[c.organization_id].append(c)
    audits = []
    for org in organizations:
        site = sites.get(org.pk)
        crawl = latest.get(site.pk) if site else None
        links = found.get(crawl.pk, []) if crawl else []
        home = _host(org.website or (site.handle if site else ""))
        profiles = []
        matched: set[tuple[str, str]] = set()
        for c in by_org[org.pk]:
            if c.network in ("website", "rss"):
                continue
            mine = [x for x in links if x.network == c.network and _norm(x.handle) == _norm(c.handle)]
            matched.update((x.network, _norm(x.handle)) for x in mine)
            look = looks.get(c.pk)
            profiles.append(
                ProfileCheck(
                    network=c.network,
                    handle=c.handle,
                    linked_from_site=bool(mine) if crawl else None,
                    placements=[p for p in PLACEMENTS if any(x.placement == p for x in mine)],
                    with_icon=any(x.has_icon for x in mine),
                    links_back=(
                        (bool(home) and _host(look.website) == home) if look is not None and look.website else None
                    ),
                )
            )
        unlisted: dict[tuple[str, str], set[str]] = defaultdict(set)
        for x in links:
            key = (x.network, _norm(x.handle))
            if key not in matched:
                unlisted[key].add(x.placement)
        audits.append(
            SiteAudit(
                org=org.name,
                org_id=org.pk,
                is_ours=org.pk == subject_id if subject_id else org.is_ours,
                website=org.website or (site.handle if site else ""),
                crawled_at=crawl.crawled_at if crawl else None,
                profiles=profiles,
                unlisted=[
                    {"network": n, "handle": h, "placements": [p for p in PLACEMENTS if p in where]}
                    for (n, h), where in sorted(unlisted.items())
                ],
            )
        )
    return audits
