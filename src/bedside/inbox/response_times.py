"""Response times: time to first reply and to close, per queue and network.

The clock starts when the person published the message: sync delays are
part of what they waited. Figures are medians and 90th percentiles in
minutes; ``conversation_metrics`` is what the benchmark's conversation
metrics read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from django.db.models import F, Q
from django.utils import timezone

from bedside.inbox import alerts
from bedside.inbox.models import Message, Queue, State

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
            organization_id: int | None = None) -> list[Times]:
    """Per queue and network (or per ``by`` subset) over messages published since ``since`` (30 days)."""
    since = since or timezone.now() - timedelta(days=30)
    rows = Message.objects.filter(published_at__gte=since)
    if organization_id is not None:
        rows = rows.filter(channel__organization_id=organization_id)
    first: dict[tuple[str, str], list[float]] = defaultdict(list)
    close: dict[tuple[str, str], list[float]] = defaultdict(list)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for queue, network, published, replied, closed in rows.values_list(
        "queue__name", "network", "published_at", "first_replied_at", "closed_at"
    ).iterator(chunk_size=5000):
        key = (queue or "(none)" if "queue" in by else "all", network if "network" in by else "all")
        counts[key] += 1
        if replied:
            first[key].append(_minutes(replied, published))
        if closed:
            close[key].append(_minutes(closed, published))
    out = []
    for key in sorted(counts):
        f, c = first[key], close[key]
        out.append(Times(key[0], key[1], counts[key], len(f), len(c),
                         median(f) if f else None, _p90(f), median(c) if c else None, _p90(c)))
    return out


def conversation_metrics(since: datetime | None = None, organization_id: int | None = None) -> dict[str, float | int | None]:
    """One line for the benchmark: volume, reply rate and the two medians."""
    [total] = summary(since, by=(), organization_id=organization_id) or [Times("all", "all")]
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
