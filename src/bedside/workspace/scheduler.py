"""Periodic work: enqueue each due :class:`Schedule` through the task queue.

Many workers may tick at once: a schedule is claimed with a conditional update
("… where next_run_at is still what I read"), so exactly one of them enqueues
it, as healthchecks' workers claim rows.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

from bedside.workspace.models import Schedule

logger = logging.getLogger(__name__)

# The workspace's own periodic work; every other app adds its entries from its
# AppConfig.ready() (see ``register``), so this module names no app above it.
DEFAULTS = [
    # name, task path, interval
    ("verify audit chain", "bedside.workspace.tasks.verify_audit_chain", 24 * 3600),
    ("prune failed logins", "bedside.workspace.tasks.prune_login_attempts", 6 * 3600),
    ("purge deleted organizations", "bedside.workspace.tasks.purge_deleted_organizations", 6 * 3600),
]


def register(*entries: tuple[str, str, int]) -> None:
    """Add an app's periodic tasks (name, task path, interval in seconds)."""
    for entry in entries:
        if entry not in DEFAULTS:
            DEFAULTS.append(entry)


def ensure_defaults(now: datetime | None = None) -> None:
    now = now or timezone.now()
    for name, task, interval in DEFAULTS:
        Schedule.objects.get_or_create(
            name=name, defaults={"task": task, "interval_seconds": interval, "next_run_at": now}
        )


def tick(now: datetime | None = None) -> list[str]:
    """Enqueue every due schedule this process wins; return their names."""
    now = now or timezone.now()
    enqueued = []
    for schedule in Schedule.objects.filter(enabled=True, next_run_at__lte=now):
        following = schedule.next_run_at + timedelta(seconds=schedule.interval_seconds)
        if following <= now:  # after downtime, run once, not once per missed slot
            following = now + timedelta(seconds=schedule.interval_seconds)
        won = Schedule.objects.filter(pk=schedule.pk, next_run_at=schedule.next_run_at).update(
            next_run_at=following, last_enqueued_at=now
        )
        if not won:
            continue
        try:
            import_string(schedule.task).enqueue(**schedule.kwargs)
        except Exception:
            logger.exception("schedule %r could not enqueue %s", schedule.name, schedule.task)
            continue
        enqueued.append(schedule.name)
    return enqueued


class SchedulerThread(threading.Thread):
    """Ticks every ``interval`` seconds until stopped."""

    def __init__(self, interval: float = 30.0) -> None:
        super().__init__(name="bedside-scheduler", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                tick()
            except Exception:
                logger.exception("scheduler tick failed")
            finally:
                close_old_connections()
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
