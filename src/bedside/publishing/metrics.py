"""What each published post did: the sync stores every post of our channels
(benchmark ``Post``, keyed by network and external id, with the network's
counts); a published variant carries the same key, so its numbers are
joined here, never copied. Counts a network does not report stay None."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Q

from bedside.benchmark.models import Post as SyncedPost
from bedside.publishing.models import Campaign, Post, Variant

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


def by_campaign(start: datetime | None = None, end: datetime | None = None) -> list[tuple[str, Measured]]:
    """Each campaign's published posts (those published in [start, end) when
    given), summed (posts with no campaign last). One query joining the
    synced counts on (network, external id) and summing per campaign: listing
    every published variant with an OR of their keys failed on SQLite past a
    thousand posts ("expression tree is too large") and took seconds on
    PostgreSQL; a correlated subquery per count took 85 ms for a month of
    10,000 posts (bench/publishing.py). Raw SQL because the two tables share
    a key but no foreign key; the JSON read differs per database."""
    if connection.vendor == "postgresql":
        clicks = " ".join(f"COALESCE((b.extra->>'{key}')::numeric," for key in LINK_CLICK_KEYS)
        clicks = f"{clicks} NULL{')' * len(LINK_CLICK_KEYS)}::bigint"
    else:
        clicks = " ".join(f"COALESCE(json_extract(b.extra, '$.{key}')," for key in LINK_CLICK_KEYS)
        clicks = f"{clicks} NULL{')' * len(LINK_CLICK_KEYS)}"
    where: list[str] = ["v.state = %s"]
    params: list[object] = [str(Variant.State.PUBLISHED)]
    if start is not None:
        where.append("v.published_at >= %s")
        params.append(start)
    if end is not None:
        where.append("v.published_at < %s")
        params.append(end)
    sql = (f"SELECT c.name, COUNT(v.id), SUM(b.likes), SUM(b.comments), SUM(b.shares), SUM(b.views), SUM({clicks}) "
           f"FROM {Variant._meta.db_table} v JOIN {Post._meta.db_table} p ON p.id = v.post_id "
           f"LEFT JOIN {Campaign._meta.db_table} c ON c.id = p.campaign_id "
           f"LEFT JOIN {SyncedPost._meta.db_table} b ON b.network = v.network AND b.external_id = v.external_id "
           f"AND v.external_id <> '' WHERE {' AND '.join(where)} GROUP BY c.name")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    out = []
    for name, posts, *counts in found:
        sums = dict(zip(FIELDS, (None if n is None else int(n) for n in counts), strict=True))
        out.append((name or "No campaign", Measured(**sums, posts=int(posts))))
    return sorted(out, key=lambda kv: (kv[0] == "No campaign", kv[0].casefold()))
