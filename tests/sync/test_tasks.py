"""Sync through the queue: which channels are due, enqueued once, and the task."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bedside.inbox.models import Message
from bedside.sync import tasks
from bedside.sync.models import SyncRun
from bedside.workspace import scheduler
from bedside.workspace.models import Organization, Schedule
from tests.sync.conftest import youtube_channel


def run(channel, *, ago: timedelta, status: str = "ok", retry_in: timedelta | None = None) -> SyncRun:
    now = timezone.now()
    return SyncRun.objects.create(channel=channel, started_at=now - ago, finished_at=now - ago, status=status,
                                  retry_at=now + retry_in if retry_in is not None else None)


def test_due_channels_are_new_stale_or_past_their_retry_time(ours) -> None:
    never = youtube_channel(ours, 0)
    fresh = youtube_channel(ours, 1)
    stale = youtube_channel(ours, 2)
    waiting = youtube_channel(ours, 3)
    retry_now = youtube_channel(ours, 4)
    running = youtube_channel(ours, 5)
    dead = youtube_channel(ours, 6)
    run(fresh, ago=timedelta(minutes=10))
    run(stale, ago=tasks.interval() + timedelta(minutes=1))
    run(waiting, ago=timedelta(minutes=1), status="failed", retry_in=timedelta(hours=1))
    run(retry_now, ago=timedelta(minutes=30), status="failed", retry_in=timedelta(seconds=-1))
    SyncRun.objects.create(channel=running, started_at=timezone.now() - timedelta(minutes=10))
    run(running, ago=timedelta(days=2))  # an older, finished run does not count
    SyncRun.objects.create(channel=dead, started_at=timezone.now() - timedelta(days=1))  # its process died
    assert tasks.due_channel_ids() == [never.pk, stale.pk, retry_now.pk, dead.pk]


def test_it_never_schedules_a_sample_organizations_channels(ours) -> None:
    sample = Organization.objects.create(name="Mayo Clinic", is_sample=True)
    real = youtube_channel(ours, 0)
    youtube_channel(sample, 1)
    assert tasks.due_channel_ids() == [real.pk]
    assert tasks.sync_due_channels.call() == [real.pk]


def test_the_interval_is_a_setting(ours, monkeypatch) -> None:
    channel = youtube_channel(ours)
    run(channel, ago=timedelta(minutes=10))
    assert tasks.due_channel_ids() == []
    monkeypatch.setenv("BEDSIDE_SYNC_INTERVAL", "300")
    assert tasks.due_channel_ids() == [channel.pk]


def test_due_channels_are_enqueued_once_until_their_task_runs(ours) -> None:
    first, second = youtube_channel(ours, 0), youtube_channel(ours, 1)
    assert tasks.sync_due_channels.call() == [first.pk, second.pk]
    assert tasks.sync_due_channels.call() == []  # already queued
    queued = DBTaskResult.objects.filter(task_path=tasks.SYNC_TASK, queue_name="sync")
    assert sorted(t.args_kwargs["kwargs"]["channel_id"] for t in queued) == [first.pk, second.pk]


def test_the_task_syncs_the_channel(ours, feed) -> None:
    channel = youtube_channel(ours)
    outcome = tasks.sync_channel.call(channel_id=channel.pk, trigger="schedule")
    assert outcome["status"] == "ok" and outcome["counts"]["messages"] == 250
    assert SyncRun.objects.get().trigger == "schedule"
    assert Message.objects.count() == 250


def test_the_task_skips_a_channel_already_syncing_or_gone(ours) -> None:
    from bedside.sync import engine

    channel = youtube_channel(ours)
    SyncRun.objects.create(channel=channel, started_at=timezone.now(), worker=engine.worker_id())
    assert tasks.sync_channel.call(channel_id=channel.pk)["status"] == "already running"
    assert tasks.sync_channel.call(channel_id=999_999)["status"] == "gone"


def test_the_periodic_sync_is_one_of_the_default_schedules(db) -> None:
    scheduler.ensure_defaults()
    schedule = Schedule.objects.get(name="sync due channels")
    assert schedule.task == "bedside.sync.tasks.sync_due_channels"
    assert "sync due channels" in scheduler.tick(schedule.next_run_at)
    assert DBTaskResult.objects.filter(task_path="bedside.sync.tasks.sync_due_channels", queue_name="sync").exists()
