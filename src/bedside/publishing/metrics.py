"""What each published post did: the sync stores every post of our channels
(benchmark ``Post``, keyed by network and external id, with the network's
counts); a published variant carries the same key, so its numbers are
joined here, never copied. Counts a network does not report stay None."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from bedside.benchmark.models import Post as SyncedPost
from bedside.publishing.models import Variant

#: where networks put link clicks when they report them (X's owner-only
#: non_public_metrics.url_link_clicks; Facebook's post_clicks_by_type "link clicks")
LINK_CLICK_KEYS = ("url_link_clicks", "link_clicks")
FIELDS = ("likes", "comments", "shares", "views", "link_clicks")


@dataclass
class Measured:
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    views: int | None = None
    link_clicks: int | None = None
    posts: int = 0  # how many published variants these numbers rest on

    @property
    def interactions(self) -> int | None:
        counts = [c for c in (self.likes, self.comments, self.shares) if c is not None]
        return sum(counts) if counts else None


def _clicks(extra: dict[str, object]) -> int | None:
    for key in LINK_CLICK_KEYS:
        value = extra.get(key)
        if isinstance(value, int | float):
            return int(value)
    return None


def for_variants(variants: Iterable[Variant]) -> dict[int, Measured]:
    """The synced counts of each published variant, by variant id."""
    keyed = {(v.network, v.external_id): v.pk for v in variants if v.state == Variant.State.PUBLISHED and v.external_id}
    if not keyed:
        return {}
    match = Q()
    for network, external_id in keyed:
        match |= Q(network=network, external_id=external_id)
    out: dict[int, Measured] = {}
    for row in SyncedPost.objects.filter(match).only("network", "external_id", *FIELDS[:4], "extra"):
        out[keyed[(row.network, row.external_id)]] = Measured(row.likes, row.comments, row.shares, row.views,
                                                               _clicks(row.extra or {}), 1)
    return out


def total(measured: Iterable[Measured]) -> Measured:
    """Sums, where at least one post reports the count (None where none does)."""
    out = Measured()
    for m in measured:
        out.posts += m.posts
        for name in FIELDS:
            value = getattr(m, name)
            if value is not None:
                setattr(out, name, (getattr(out, name) or 0) + value)
    return out


def by_campaign() -> list[tuple[str, Measured]]:
    """Each campaign's published posts, summed (posts with no campaign last)."""
    variants = list(Variant.objects.filter(state=Variant.State.PUBLISHED).select_related("post__campaign"))
    measured = for_variants(variants)
    groups: dict[str, list[Measured]] = {}
    for v in variants:
        name = v.post.campaign.name if v.post.campaign else "No campaign"
        groups.setdefault(name, []).append(measured.get(v.pk, Measured(posts=1)))
    rows = sorted(groups.items(), key=lambda kv: (kv[0] == "No campaign", kv[0].casefold()))
    return [(name, total(ms)) for name, ms in rows]
