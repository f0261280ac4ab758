"""Which mentions retention has given up: one rule for the daily purge and
for exports (an export never hands out what the purge would delete today)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from bedside.inbox.models import Message
from bedside.listening.models import ListeningSettings, Mention
from bedside.workspace import holds


def expired(now: datetime | None = None) -> tuple[QuerySet[Mention], int]:
    """Mentions older than the retention period (by when they were fetched:
    a post found late is kept its full period), except those still waiting
    for compliance, those by someone who wrote to us, and those a legal hold
    covers; and the period in days."""
    keep_days = ListeningSettings.current().retention_days
    cutoff = (now or timezone.now()) - timedelta(days=keep_days)
    # Someone who wrote to us (their message is in the inbox) is not a
    # stranger: their mentions follow the inbox's keeping, not this one.
    wrote_to_us = Message.objects.filter(network=OuterRef("source"), author_handle=OuterRef("author_handle"))
    found = Mention.objects.filter(fetched_at__lt=cutoff, needs_review=False).exclude(Exists(wrote_to_us))
    held = holds.held("mentions")  # a legal hold keeps what it covers
    if held is not None:
        found = found.exclude(held)
    return found, keep_days
