"""Overdue: an open message nobody has answered past its queue's
response-time target. The same rule :func:`response_times.overdue` alerts
on (new or assigned, not spam, published within its look-back)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from bedside.inbox.models import Message, Queue, State
from bedside.inbox.response_times import OVERDUE_LOOKBACK

WAITING = (State.NEW, State.ASSIGNED)
CACHE_KEY = "inbox:overdue-count"


def is_overdue(message: Message, now: datetime | None = None) -> bool:
    """For a row already loaded with its queue (the inbox list)."""
    now = now or timezone.now()
    queue = message.queue if message.queue_id else None
    if queue is None or not queue.response_target_minutes or message.spam:
        return False
    if message.state not in WAITING or message.first_replied_at is not None:
        return False
    return now - OVERDUE_LOOKBACK <= message.published_at < now - timedelta(minutes=queue.response_target_minutes)


def overdue_messages(now: datetime | None = None) -> QuerySet[Message]:
    now = now or timezone.now()
    late = Q()
    for queue_id, minutes in Queue.objects.filter(response_target_minutes__gt=0).values_list(
            "pk", "response_target_minutes"):
        late |= Q(queue_id=queue_id, published_at__lt=now - timedelta(minutes=minutes))
    if not late:
        return Message.objects.none()
    return Message.objects.filter(late, state__in=WAITING, first_replied_at__isnull=True, spam=False,
                                  published_at__gte=now - OVERDUE_LOOKBACK)


def overdue_count(within: QuerySet | None = None) -> int:
    """How many are overdue now (among channels ``within``), cached for 30
    seconds: on a million-message inbox the count costs tens of ms on
    PostgreSQL, and it is shown on every inbox and dashboard view. Each row's
    own "Overdue" mark is computed live."""
    from django.core.cache import cache

    found = cache.get(CACHE_KEY)
    if found is None:
        rows = overdue_messages()
        found = (rows.filter(channel__in=within) if within is not None else rows).count()
        cache.set(CACHE_KEY, found, 30)
    return int(found)
