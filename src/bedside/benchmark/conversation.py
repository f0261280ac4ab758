"""Two-way or one-way: how often and how fast a channel answers comments,
and how much of the peer set's conversation mentions each organization.

Read from the inbox's stored messages as they are: a comment counts as
answered when our channel's own message replies to it (``in_reply_to`` names
it) or follows it in the same thread. Bodies are never read, so nothing here
touches PHI or needs an audit entry.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection
from django.db.models import CharField, Count, F, Func
from django.db.models.functions import Cast

from bedside.benchmark.metrics import _day_bounds
from bedside.channels.models import Channel
from bedside.inbox.models import Message


@dataclass(frozen=True, slots=True)
class Conversation:
    comments: int
    answered: int
    replies: int
    median_hours: float | None

    @property
    def reply_rate(self) -> float | None:
        return self.answered / self.comments * 100 if self.comments else None


def _own(handle: str) -> str:
    return handle.strip().lstrip("@").lower()


def _time_as_text() -> Func | None:
    """published_at as ISO text in UTC, where the database can give it."""
    if connection.vendor == "sqlite":
        return Cast("published_at", CharField())  # stored as UTC text already
    if connection.vendor == "postgresql":
        # Spelled out, so the server's DateStyle cannot change it.
        return Func(
            F("published_at"),
            template="""to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')""",
            output_field=CharField(),
        )
    return None


def _utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def conversation(channels: Sequence[Channel], start: date, end: date) -> dict[int, Conversation]:
    """Per channel with comments in the window; a channel without any is absent ("no data")."""
    if not channels:
        return {}
    handles = {c.pk: _own(c.handle) for c in channels}
    since, until = _day_bounds(start, end)
    rows = Message.objects.filter(channel_id__in=list(handles), kind=Message.Kind.COMMENT, published_at__gte=since)
    # Read as ISO text and parsed by datetime itself, the times cost a tenth of
    # the drivers' per-row conversion (which was most of this function's time).
    as_text = _time_as_text()
    if as_text is not None:
        rows = rows.annotate(at_text=as_text)
    rows = rows.values_list(
        "channel_id", "external_id", "thread_id", "in_reply_to", "author_handle", "published_at" if as_text is None else "at_text"
    )
    incoming: dict[int, list[tuple[str, str, object]]] = defaultdict(list)
    ours: dict[int, list[tuple[str, str, object]]] = defaultdict(list)
    public: list[tuple[int, str, str, str, object]] = []
    for channel_id, external_id, thread_id, in_reply_to, author, published_at in rows.iterator(chunk_size=10_000):
        if as_text is not None:
            published_at = _utc(published_at)
        if _own(author) == handles[channel_id]:
            ours[channel_id].append((in_reply_to, thread_id, published_at))
        elif published_at < until:
            public.append((channel_id, external_id, thread_id, in_reply_to, published_at))
    # One person answering another inside a thread is conversation among the
    # public, not a comment waiting for us: only comments on our posts count.
    comment_ids = {external_id for _, external_id, _, _, _ in public}
    for channel_id, external_id, thread_id, in_reply_to, published_at in public:
        if in_reply_to not in comment_ids:
            incoming[channel_id].append((external_id, thread_id, published_at))
    found: dict[int, Conversation] = {}
    for channel_id, comments in incoming.items():
        by_target: dict[str, list] = defaultdict(list)
        by_thread: dict[str, list] = defaultdict(list)
        for in_reply_to, thread_id, at in ours[channel_id]:
            if in_reply_to:
                by_target[in_reply_to].append(at)
            if thread_id:
                by_thread[thread_id].append(at)
        waits = []
        for external_id, thread_id, at in comments:
            later = [t for t in by_target.get(external_id, []) if t >= at]
            if not later and thread_id:
                later = [t for t in by_thread.get(thread_id, []) if t > at]
            if later:
                waits.append((min(later) - at).total_seconds() / 3600)
        found[channel_id] = Conversation(
            comments=len(comments),
            answered=len(waits),
            replies=len(ours[channel_id]),
            median_hours=statistics.median(waits) if waits else None,
        )
    return found


def mentions(channel_ids: Sequence[int], start: date, end: date) -> tuple[dict[int, int], set[int]]:
    """Mentions per channel in the window, and the channels with any mention ever
    (those we listen on: a channel never mentioned is "no data", not 0)."""
    if not channel_ids:
        return {}, set()
    since, until = _day_bounds(start, end)
    mentioned = Message.objects.filter(channel_id__in=channel_ids, kind=Message.Kind.MENTION)
    listened = set(mentioned.order_by().values_list("channel_id", flat=True).distinct())
    counts = dict(
        mentioned.filter(published_at__gte=since, published_at__lt=until)
        .order_by()
        .values("channel_id")
        .annotate(n=Count("id"))
        .values_list("channel_id", "n")
    )
    return counts, listened
