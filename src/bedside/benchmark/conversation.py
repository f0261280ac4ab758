"""Two-way or one-way: how often and how fast a channel answers comments,
and how much of the peer set's conversation mentions each organization.

Read from the inbox's stored messages as they are, with the inbox's one
definition of replied and first response time
(:func:`bedside.inbox.response_times.answer_times`), over comments only: the
one kind every peer's channel shows in public, so peers compare like for
like. Bodies are never read, so nothing here touches PHI or needs an audit entry.
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
from bedside.inbox.response_times import Row, answer_times, own_handle


@dataclass(frozen=True, slots=True)
class Conversation:
    comments: int
    answered: int
    replies: int
    median_hours: float | None
    #: each answered comment's first response time, in hours (an organization's
    #: median is over all of its channels' waits, as the inbox's is)
    waits: tuple[float, ...] = ()

    @property
    def reply_rate(self) -> float | None:
        return self.answered / self.comments * 100 if self.comments else None


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
    handles = {c.pk: own_handle(c.handle) for c in channels}
    since, until = _day_bounds(start, end)
    rows = Message.objects.filter(channel_id__in=list(handles), kind=Message.Kind.COMMENT, published_at__gte=since)
    # Read as ISO text and parsed by datetime itself, the times cost a tenth of
    # the drivers' per-row conversion (which was most of this function's time).
    as_text = _time_as_text()
    if as_text is not None:
        rows = rows.annotate(at_text=as_text)
    values = rows.values_list(
        "channel_id", "external_id", "thread_id", "in_reply_to", "author_handle",
        "published_at" if as_text is None else "at_text", "first_replied_at", "spam",
    )
    read = [
        Row(channel_id, external_id, thread_id, in_reply_to, author,
            _utc(published_at) if as_text is not None else published_at, replied, spam)
        for channel_id, external_id, thread_id, in_reply_to, author, published_at, replied, spam
        in values.iterator(chunk_size=10_000)
    ]
    replies: dict[int, int] = defaultdict(int)
    for row in read:
        if own_handle(row.author) == handles[row.channel_id]:
            replies[row.channel_id] += 1
    waited: dict[int, list[float | None]] = defaultdict(list)
    for w in answer_times(read, handles, until):
        waited[w.row.channel_id].append(w.hours)
    found: dict[int, Conversation] = {}
    for channel_id, hours in waited.items():
        waits = tuple(h for h in hours if h is not None)
        found[channel_id] = Conversation(
            comments=len(hours),
            answered=len(waits),
            replies=replies[channel_id],
            median_hours=statistics.median(waits) if waits else None,
            waits=waits,
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
