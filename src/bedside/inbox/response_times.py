"""Response times: one definition of "replied" and "first response time",
used by the inbox's response-times page and API, the dashboard and the
benchmark's reply rate, so the three can never disagree for the same period.

- **Waiting**: an incoming comment, mention, direct message or review on one
  of our channels, published in the period: not the channel's own words, not
  spam, and not one person answering another inside a thread (conversation
  among the public is not waiting for us).
- **Replied**: the channel answered it, from Bedside (the reply's send time)
  or on the network itself (the channel's own message replying to it, or
  following it in the same thread), whichever came first.
- **First response time**: from when the person published the message (sync
  delays are part of what they waited) to that first answer.

Figures are medians and 90th percentiles. ``conversation_metrics`` is the
one-line summary; :func:`answer_times` is the rule itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import cast

from django.db.models import F, Q
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import alerts
from bedside.inbox.models import Message, Queue, State

#: the period the inbox's figures cover unless one is asked for
DEFAULT_DAYS = 30
DEFINITION = (
    "Waiting: comments, mentions, direct messages and reviews on our channels published in the period, "
    "less our own, spam, and people answering each other in a thread. Replied: our channel answered, from "
    "Bedside or on the network itself. First response time: from publication to that first answer."
)


@dataclass(frozen=True, slots=True)
class Row:
    """One stored message, as :func:`answer_times` reads it (never its body)."""

    channel_id: int
    external_id: str
    thread_id: str
    in_reply_to: str
    author: str
    published_at: datetime
    first_replied_at: datetime | None = None
    spam: bool = False
    key: Hashable = None


@dataclass(frozen=True, slots=True)
class Waited:
    row: Row
    answered_at: datetime | None

    @property
    def hours(self) -> float | None:
        if self.answered_at is None:
            return None
        return max(0.0, (self.answered_at - self.row.published_at).total_seconds() / 3600)


def own_handle(handle: str) -> str:
    return handle.strip().lstrip("@").lower()


def answer_times(rows: Iterable[Row], handles: dict[int, str], until: datetime | None = None) -> list[Waited]:
    """The waiting messages among ``rows`` with when each was first answered.

    ``rows`` must include the channel's own messages published after the
    period (answers come later); ``until`` ends the period for waiting ones.
    """
    ours: dict[int, list[Row]] = defaultdict(list)
    public: list[Row] = []
    for row in rows:
        if own_handle(row.author) == handles.get(row.channel_id):
            ours[row.channel_id].append(row)
        elif until is None or row.published_at < until:
            public.append(row)
    public_ids = {r.external_id for r in public}
    by_target: dict[tuple[int, str], list[datetime]] = defaultdict(list)
    by_thread: dict[tuple[int, str], list[datetime]] = defaultdict(list)
    for channel_id, answers in ours.items():
        for a in answers:
            if a.in_reply_to:
                by_target[channel_id, a.in_reply_to].append(a.published_at)
            if a.thread_id:
                by_thread[channel_id, a.thread_id].append(a.published_at)
    found = []
    for row in public:
        if row.spam or (row.in_reply_to and row.in_reply_to in public_ids):
            continue
        at = row.published_at
        later = [t for t in by_target.get((row.channel_id, row.external_id), ()) if t >= at]
        if not later and row.thread_id:
            later = [t for t in by_thread.get((row.channel_id, row.thread_id), ()) if t > at]
        if row.first_replied_at is not None:
            later.append(row.first_replied_at)
        found.append(Waited(row, min(later) if later else None))
    return found


def handles_of(channel_ids: Iterable[int]) -> dict[int, str]:
    return {pk: own_handle(h) for pk, h in Channel.objects.filter(pk__in=list(channel_ids)).values_list("pk", "handle")}


# Older messages (a first import of a channel's history) never alert.
OVERDUE_LOOKBACK = timedelta(days=7)


@dataclass
class Times:
    queue: str
    network: str
    messages: int = 0
    replied: int = 0
    closed: int = 0
    first_reply_median: float | None = None
    first_reply_p90: float | None = None
    close_median: float | None = None
    close_p90: float | None = None

    @property
    def reply_rate(self) -> float | None:
        return self.replied / self.messages if self.messages else None


def _p90(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def _minutes(later: datetime, earlier: datetime) -> float:
    return max(0.0, (later - earlier).total_seconds() / 60)


def summary(since: datetime | None = None, *, by: tuple[str, ...] = ("queue", "network"),
            organization_id: int | None = None, until: datetime | None = None) -> list[Times]:
    """Per queue and network (or per ``by`` subset) over the messages waiting
    for us published from ``since`` (30 days ago) to ``until`` (now), on our
    organization's channels (or ``organization_id``'s); see the module's
    definition of waiting and replied."""
    since = since or timezone.now() - timedelta(days=DEFAULT_DAYS)
    messages = Message.objects.filter(published_at__gte=since)
    if organization_id is not None:
        messages = messages.filter(channel__organization_id=organization_id)
    else:
        # Our inbox: a peer's commenters are not waiting for us (the
        # benchmark reads the peers' conversation through its own call).
        messages = messages.filter(channel__organization__is_ours=True)
    rows = [
        Row(channel_id, external_id, thread_id, in_reply_to, author, published, replied, spam,
            (queue or "(none)" if "queue" in by else "all", network if "network" in by else "all", closed))
        for channel_id, external_id, thread_id, in_reply_to, author, published, replied, spam, queue, network, closed
        in messages.values_list("channel_id", "external_id", "thread_id", "in_reply_to", "author_handle",
                                "published_at", "first_replied_at", "spam", "queue__name", "network", "closed_at")
        .iterator(chunk_size=5000)
    ]
    waited = answer_times(rows, handles_of({r.channel_id for r in rows}), until)
    first: dict[tuple[str, str], list[float]] = defaultdict(list)
    close: dict[tuple[str, str], list[float]] = defaultdict(list)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for w in waited:
        queue, network, closed = cast(tuple[str, str, datetime | None], w.row.key)
        key = (queue, network)
        counts[key] += 1
        if w.hours is not None:
            first[key].append(w.hours * 60)
        if closed:
            close[key].append(_minutes(closed, w.row.published_at))
    out = []
    for key in sorted(counts):
        f, c = first[key], close[key]
        out.append(Times(key[0], key[1], counts[key], len(f), len(c),
                         median(f) if f else None, _p90(f), median(c) if c else None, _p90(c)))
    return out


def conversation_metrics(since: datetime | None = None, organization_id: int | None = None,
                         until: datetime | None = None) -> dict[str, float | int | None]:
    """One line: volume, reply rate and the two medians, over the period."""
    [total] = summary(since, by=(), organization_id=organization_id, until=until) or [Times("all", "all")]
    return {
        "messages": total.messages,
        "replied": total.replied,
        "reply_rate": total.reply_rate,
        "first_reply_median_minutes": total.first_reply_median,
        "first_reply_p90_minutes": total.first_reply_p90,
        "close_median_minutes": total.close_median,
    }


def overdue(now: datetime | None = None) -> list[Message]:
    """Open messages not yet answered past their queue's response-time target."""
    now = now or timezone.now()
    found = []
    for queue in Queue.objects.filter(response_target_minutes__gt=0):
        late = now - timedelta(minutes=queue.response_target_minutes)
        found += list(
            Message.objects.filter(
                queue=queue, state__in=[State.NEW, State.ASSIGNED], first_replied_at__isnull=True,
                published_at__lt=late, published_at__gte=now - OVERDUE_LOOKBACK,
            ).filter(~Q(spam=True)).select_related("queue").order_by(F("priority").asc(), "published_at")[:500]
        )
    return found


def alert_overdue(now: datetime | None = None) -> int:
    """Alert once per overdue message and rule; returns alerts sent."""
    sent = 0
    for message in overdue(now):
        target = message.queue.response_target_minutes if message.queue_id else 0
        sent += len(alerts.fire("overdue", message, note=f"no reply within {target} minutes"))
    return sent


#: the inbox page's summary; the worker refreshes it every minute
QUEUE_SUMMARY = "inbox-per-queue"
# Older than this, the page says the figures are stale (the worker is down).
STALE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Stored:
    rows: list[Times]
    computed_at: datetime
    period_days: int

    @property
    def stale(self) -> bool:
        return timezone.now() - self.computed_at > STALE_AFTER


def refresh_queue_summary(now: datetime | None = None) -> Stored:
    """Compute the per-queue summary and store it for the inbox page."""
    from bedside.inbox.models import ResponseTimeSummary

    now = now or timezone.now()
    rows = summary(now - timedelta(days=DEFAULT_DAYS), by=("queue",), until=now)
    ResponseTimeSummary.objects.update_or_create(
        key=QUEUE_SUMMARY,
        defaults={"computed_at": now, "period_days": DEFAULT_DAYS, "rows": [asdict(r) for r in rows]},
    )
    return Stored(rows, now, DEFAULT_DAYS)


def stored_queue_summary() -> Stored:
    """What the worker last computed; computed here only when it never ran
    (a fresh install before the worker's first minute)."""
    from bedside.inbox.models import ResponseTimeSummary

    found = ResponseTimeSummary.objects.filter(key=QUEUE_SUMMARY).first()
    if found is None:
        return refresh_queue_summary()
    return Stored([Times(**r) for r in found.rows], found.computed_at, found.period_days)
