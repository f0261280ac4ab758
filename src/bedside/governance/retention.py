"""Apply the retention periods: delete what is past its time and not held.

Deleting ten million rows in one statement would lock the inbox for minutes;
this deletes ``batch`` rows per short transaction, oldest first, so pages keep
answering between batches.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bedside.governance.models import LegalHold, Retention
from bedside.inbox.models import Message
from bedside.logs import event
from bedside.workspace import audit

logger = logging.getLogger(__name__)
BATCH = 5_000


@dataclass(frozen=True)
class Outcome:
    kind: str
    cutoff: datetime
    deleted: int
    held: int


def held_messages() -> Q | None:
    """Messages covered by any active hold (None when nothing is held)."""
    q: Q | None = None
    for hold in LegalHold.objects.filter(lifted_at__isnull=True):
        q = hold.message_filter() if q is None else q | hold.message_filter()
    return q


def expired_messages(now: datetime | None = None) -> tuple[datetime, object, int]:
    cutoff = (now or timezone.now()) - timedelta(days=Retention.days_for("messages"))
    old = Message.all_objects.filter(received_at__lt=cutoff)
    holds = held_messages()
    held = old.filter(holds).count() if holds is not None else 0
    return cutoff, (old.exclude(holds) if holds is not None else old), held


def apply(now: datetime | None = None, *, batch: int = BATCH, actor: str = "retention") -> Outcome:
    cutoff, expired, held = expired_messages(now)
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(expired.order_by("received_at").values_list("pk", flat=True)[:batch])  # type: ignore[attr-defined]
            if not ids:
                break
            Message.all_objects.filter(pk__in=ids).delete()
        deleted += len(ids)
    if deleted or held:
        audit.record("retention_applied", None, actor=actor, object_type="inbox.message",
                     detail={"deleted": deleted, "held": held, "older_than": cutoff.date().isoformat()})
    event(logger, "retention.applied", kind="messages", deleted=deleted, held=held)
    return Outcome("messages", cutoff, deleted, held)
