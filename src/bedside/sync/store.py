"""Idempotent upserts of what the network clients return.

Everything is keyed by (network, external id) — snapshots by (channel, day) —
and written with one ``INSERT … ON CONFLICT DO UPDATE`` per batch, which
SQLite and PostgreSQL both run as a single statement: snapshots through
``bulk_create(update_conflicts=True)``, posts, messages and listings through
the same statement written out (:mod:`bedside.sync.upsert` says why).
Callers wrap each batch and its cursor in one transaction; nothing here
commits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from typing import Any

from django.db import models
from django.utils import timezone

from bedside.benchmark.models import Post, Snapshot
from bedside.channels.models import Channel
from bedside.inbox.models import Message
from bedside.networks import records
from bedside.reputation.models import Listing
from bedside.sync.upsert import Batch, Stored, count_stored, prepare, upsert, write

_POST_UPDATES = [
    "published_at", "text", "url", "media_type", "likes", "comments", "shares", "views", "extra", "fetched_at",
    "language", "sensitive", "content_warning", "visibility", "link_url",
]
# Not channel (a mention of two of our channels stays with the first), not
# received_at or triaged_at (triage owns those).
_MESSAGE_UPDATES = [
    "kind", "author_handle", "author_name", "published_at", "body", "url", "in_reply_to", "thread_id",
    "rating", "owner_reply", "extra", "problem", "language", "sensitive", "content_warning", "visibility",
]
_LISTING_UPDATES = ["name", "url", "address", "phone", "rating", "review_count", "specialty", "extra", "fetched_at"]
_SNAPSHOT_UPDATES = ["taken_at", "followers", "following", "posts", "extra", "source"]


def prepare_posts(channel: Channel, posts: Sequence[records.Post]) -> Batch:
    rows = []
    for post in _last_per_key(posts):
        problems: list[str] = []
        rows.append({
            "channel_id": channel.pk,
            "network": post.network,
            "external_id": _key(post.external_id, Post, problems),
            "published_at": post.published_at,
            "text": post.text,
            "url": _clip(Post, "url", post.url, problems),
            "media_type": _clip(Post, "media_type", post.media_type, problems),
            "likes": post.likes,
            "comments": post.comments,
            "shares": post.shares,
            "views": post.views,
            "extra": _jsonable(post.extra),
            "language": _clip(Post, "language", post.language, problems),
            "sensitive": post.sensitive,
            "content_warning": post.content_warning,
            "visibility": _clip(Post, "visibility", post.visibility, problems),
            "link_url": _clip(Post, "link_url", post.link_url, problems),
        })
    return prepare(Post, rows, _POST_UPDATES)


def prepare_messages(channel: Channel, messages: Sequence[records.Message]) -> Batch:
    rows = []
    for message in _last_per_key(messages):
        problems: list[str] = []
        if not message.text.strip():
            problems.append("no text")
        row = {
            "channel_id": channel.pk,
            "network": message.network,
            "external_id": _key(message.external_id, Message, problems),
            "kind": str(message.kind),
            "author_handle": _clip(Message, "author_handle", message.author_handle, problems),
            "author_name": message.author_name,
            "published_at": message.published_at,
            "body": message.text,
            "url": _clip(Message, "url", message.url, problems),
            "in_reply_to": _clip(Message, "in_reply_to", message.in_reply_to, problems),
            "thread_id": _clip(Message, "thread_id", message.thread_id, problems),
            "rating": message.rating,
            "owner_reply": message.owner_reply,
            "extra": _jsonable(message.extra),
            "language": _clip(Message, "language", message.language, problems),
            "sensitive": message.sensitive,
            "content_warning": message.content_warning,
            "visibility": _clip(Message, "visibility", message.visibility, problems),
        }
        row["problem"] = "; ".join(problems)[:200]
        rows.append(row)
    return prepare(Message, rows, _MESSAGE_UPDATES)


def store_posts(channel: Channel, posts: Sequence[records.Post]) -> Stored:
    return write(prepare_posts(channel, posts))


def store_messages(channel: Channel, messages: Sequence[records.Message]) -> Stored:
    return write(prepare_messages(channel, messages))


def store_listing(channel: Channel, listing: records.Listing) -> Stored:
    problems: list[str] = []
    row = {
        "channel_id": channel.pk,
        "network": listing.network,
        "external_id": _key(listing.external_id, Listing, problems),
        "name": _clip(Listing, "name", listing.name, problems),
        "url": _clip(Listing, "url", listing.url, problems),
        "address": _clip(Listing, "address", listing.address, problems),
        "phone": _clip(Listing, "phone", listing.phone, problems),
        "rating": listing.rating,
        "review_count": listing.review_count,
        "specialty": _clip(Listing, "specialty", listing.specialty, problems),
        "extra": _jsonable(listing.extra),
    }
    return upsert(Listing, [row], _LISTING_UPDATES)


def store_snapshots(rows: Iterable[tuple[Channel, records.ProfileStats, date]], *, source: str) -> Stored:
    """One snapshot per channel and day; a later reading that day replaces it."""
    latest: dict[tuple[int, date], Snapshot] = {}
    for channel, stats, day in rows:
        latest[(channel.pk, day)] = Snapshot(
            channel=channel,
            date=day,
            taken_at=stats.taken_at,
            followers=stats.followers,
            following=stats.following,
            posts=stats.posts,
            extra=_jsonable(stats.extra),
            source=source,
        )
    if not latest:
        return Stored()
    channel_ids = {pk for pk, _ in latest}
    days = {day for _, day in latest}
    existing = set(
        Snapshot.objects.filter(channel_id__in=channel_ids, date__in=days).values_list("channel_id", "date")
    )
    Snapshot.objects.bulk_create(
        list(latest.values()),
        update_conflicts=True,
        unique_fields=["channel", "date"],
        update_fields=_SNAPSHOT_UPDATES,
    )
    old = sum(1 for key in latest if key in existing)
    return Stored(new=len(latest) - old, updated=old)


def already_stored(messages: Sequence[records.Message]) -> tuple[int, int]:
    """How many of a page's messages are stored already, of how many: all of
    them means the sync has caught up, none that it is deep in new history."""
    ids = {(m.network, m.external_id) for m in messages}
    if not ids:
        return 0, 0
    by_network: dict[str, list[str]] = {}
    for network, external_id in ids:
        by_network.setdefault(network, []).append(external_id)
    found = sum(count_stored(Message, network, external_ids) for network, external_ids in by_network.items())
    return min(found, len(ids)), len(ids)


def snapshot_day(stats: records.ProfileStats) -> date:
    """The local day a synced reading belongs to (the site's TIME_ZONE)."""
    return timezone.localdate(stats.taken_at)


# -- helpers ---------------------------------------------------------------
def _last_per_key(items: Sequence[Any]) -> list[Any]:
    # PostgreSQL refuses to update one row twice in one INSERT … ON CONFLICT,
    # and a page can repeat an item (a post edited while we paged): keep the last.
    return list({(item.network, item.external_id): item for item in items}.values())


@cache
def _max_length(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length or 0


def _clip(model: type[models.Model], name: str, value: str, problems: list[str]) -> str:
    # SQLite would store an over-long value and PostgreSQL refuse the whole
    # batch: cut it, and say so on the record instead of losing the batch.
    limit = _max_length(model, name)
    if limit and len(value) > limit:
        problems.append(f"{name} cut to {limit} characters")
        return value[:limit]
    return value


def _key(external_id: str, model: type[models.Model], problems: list[str]) -> str:
    limit = _max_length(model, "external_id")
    if len(external_id) <= limit:
        return external_id
    # Still unique and still the same key on the next sync.
    problems.append(f"external id longer than {limit} characters, stored hashed")
    digest = hashlib.sha256(external_id.encode()).hexdigest()[:32]
    return f"{external_id[: limit - 33]}~{digest}"


_PLAIN = (str, int, float, bool, type(None))
def _jsonable(extra: dict[str, Any]) -> dict[str, Any]:
    if all(isinstance(v, _PLAIN) for v in extra.values()):
        return dict(extra)
    # Dates or other objects a network client put in extra: keep them as text.
    return json.loads(json.dumps(extra, default=str))
