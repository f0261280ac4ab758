"""Listening's periodic work: run the active searches; delete what retention says."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django_tasks import task

from bedside.listening import collect, retention, staff
from bedside.listening.models import SavedSearch, StaffAccount
from bedside.logs import event
from bedside.workspace import audit

logger = logging.getLogger(__name__)


@task()
def run_searches() -> int:
    stored = 0
    for search in SavedSearch.objects.filter(active=True).select_related("organization"):
        stored += collect.run(search).stored
    return stored


@task()
def purge_expired() -> int:
    return purge() + staff.forget_clear_posts()


@task()
def read_staff_accounts() -> int:
    return sum(staff.read_account(a).flagged
               for a in StaffAccount.objects.filter(active=True).select_related("organization"))


def purge(now: datetime | None = None) -> int:
    """Delete mentions older than the retention period (by when they were
    fetched: a post found late is kept its full period), except those still
    waiting for compliance. The count, never the bodies, goes to the audit log."""
    with transaction.atomic():
        expired, keep_days = retention.expired(now)
        count = expired.count()
        if count:
            expired.delete()
            audit.record("listening_mentions_purged", None, actor="retention",
                         detail={"deleted": count, "older_than_days": keep_days})
    event(logger, "listening.purge", deleted=count, days=keep_days)
    return count
