"""Sync through the task queue: one task per channel on the "sync" queue, and a
periodic task (a :class:`~bedside.workspace.models.Schedule`, see
``bedside.workspace.scheduler.DEFAULTS``) that enqueues the channels due."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django_tasks import task

from bedside.channels.models import Channel
from bedside.config import env_int
from bedside.sync import engine
from bedside.sync import runs as sync_runs
from bedside.sync.models import SyncRun
from bedside.workspace import leases

logger = logging.getLogger(__name__)

SYNC_TASK = "bedside.sync.tasks.sync_channel"


def interval() -> timedelta:
    """``BEDSIDE_SYNC_INTERVAL`` seconds between syncs of a channel (3 hours):
    X bills every read and YouTube allows 10,000 quota units a day."""
    return timedelta(seconds=env_int("BEDSIDE_SYNC_INTERVAL", 3 * 3600, minimum=60))


@task(queue_name="sync")
def sync_channel(channel_id: int, trigger: str = "schedule") -> dict[str, object]:
    channel = Channel.objects.select_related("organization").filter(pk=channel_id).first()
    if channel is None:
        return {"channel": channel_id, "status": "gone"}
    try:
        run = engine.sync_channel(channel, trigger=trigger)
    except engine.AlreadyRunning as exc:
        logger.info("%s", exc)
        return {"channel": channel_id, "status": "already running", "run": exc.run.pk}
    return {"channel": channel_id, "run": run.pk, "status": run.status, "counts": run.counts}


@task(queue_name="sync")
def sync_due_channels() -> list[int]:
    """Enqueue a sync for every channel that is due and not already queued."""
    leases.release_orphans()
    queued = queued_channel_ids()
    enqueued = []
    for channel_id in due_channel_ids():
        if channel_id in queued:
            continue
        sync_channel.enqueue(channel_id=channel_id, trigger="schedule")
        enqueued.append(channel_id)
    return enqueued


def due_channel_ids(now: datetime | None = None) -> list[int]:
    """Channels never synced, whose last run is older than the interval, or
    whose failed run's retry time has come; a run in progress is not due
    unless it has been "running" for hours. The demo's sample organizations
    are never due: their handles are real peers' and their history made up,
    so a scheduled sync could only reach out to the internet and fail."""
    now = now or timezone.now()
    last_run = SyncRun.objects.filter(channel=OuterRef("pk")).order_by("-started_at", "-pk").values("pk")[:1]
    channels = dict(Channel.objects.exclude(organization__is_sample=True).annotate(last_run=Subquery(last_run)).values_list("pk", "last_run"))
    runs = SyncRun.objects.in_bulk([pk for pk in channels.values() if pk is not None])
    latest = {channel_id: runs[pk] for channel_id, pk in channels.items() if pk is not None}
    due = []
    for channel_id in sorted(channels):
        run = latest.get(channel_id)
        if run is None:
            due.append(channel_id)
        elif run.status == SyncRun.Status.RUNNING:
            # A run whose process died (its worker's lease ran out) is due:
            # the sync itself marks it interrupted and resumes at its cursor.
            if not sync_runs.alive(run, now):
                due.append(channel_id)
        elif run.retry_at is not None:
            if run.retry_at <= now:
                due.append(channel_id)
        elif run.started_at + interval() <= now:
            due.append(channel_id)
    return due


def queued_channel_ids() -> set[int]:
    """Channels with a sync task waiting, or running in a worker that lives
    (a task whose worker was killed is not "already queued")."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    waiting = DBTaskResult.objects.filter(task_path=SYNC_TASK, status__in=["READY", "RUNNING"])
    found = set()
    for args, status, workers in waiting.values_list("args_kwargs", "status", "worker_ids"):
        if status == "RUNNING" and not leases.is_alive((workers or [""])[-1], now):
            continue
        channel_id = (args or {}).get("kwargs", {}).get("channel_id")
        if channel_id is None and (args or {}).get("args"):
            channel_id = args["args"][0]
        if isinstance(channel_id, int):
            found.add(channel_id)
    return found


def enqueue(channel: Channel, trigger: str) -> str | None:
    """Queue a sync of ``channel`` unless one is queued already; the task id."""
    leases.release_orphans()  # a dead worker's task goes back to the queue, or fails
    if channel.pk in queued_channel_ids():
        return None
    return str(sync_channel.enqueue(channel_id=channel.pk, trigger=trigger).id)
