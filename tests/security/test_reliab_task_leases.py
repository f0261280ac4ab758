"""A worker killed mid-task must not leave its task "running" for ever.

A real `bedside worker` is killed with SIGKILL mid-sync; the channel is not
"already queued", a second worker takes the task back and finishes it, and
every comment is stored exactly once. A task that keeps losing its worker is
marked failed with the reason."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bedside.inbox.models import Message
from bedside.sync import tasks
from bedside.sync.models import SyncRun
from bedside.workspace import leases
from bedside.workspace.models import Organization, WorkerHeartbeat
from tests.sync.conftest import youtube_channel
from tests.sync.feeds import GeneratedYouTube
from tests.workspace.probe_tasks import probe

ROOT = Path(__file__).resolve().parents[2]
TOTAL = 1500


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"sqlite:///{s['NAME']}"


def _worker(tmp_path: Path, base_url: str, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
           "BEDSIDE_API_BASE_YOUTUBE": base_url, "BEDSIDE_TASK_LEASE": "30"}
    env.pop("BEDSIDE_YOUTUBE_TOKEN", None)
    return subprocess.Popen(
        [sys.executable, "-m", "bedside.cli", "worker", "--no-schedule", "--interval", "0.1", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_sync_whose_worker_is_killed_is_taken_back_and_finished_once(standin, tmp_path: Path) -> None:
    GeneratedYouTube(channels=1, comments=TOTAL, delay=0.1).register(standin)
    ours = Organization.objects.create(name="Harbor Point Health", is_ours=True)
    channel = youtube_channel(ours)
    comments = Message.objects.filter(channel=channel)
    task_id = tasks.enqueue(channel, trigger="page")
    assert task_id is not None

    first = _worker(tmp_path, standin.base_url("youtube"))
    deadline = time.monotonic() + 90
    while comments.count() < 300:
        assert first.poll() is None, f"the worker ended before it could be killed: {first.communicate()[0]}"
        if time.monotonic() > deadline or DBTaskResult.objects.get(pk=task_id).status == "FAILED":
            first.kill()
            pytest.fail(f"the worker stored nothing: {first.communicate()[0][-3000:]}")
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert comments.count() < TOTAL, "the kill should land mid-sync"
    assert DBTaskResult.objects.get(pk=task_id).status == "RUNNING"  # as the dead worker left it

    # "Sync now" does not answer "already queued" for a task nobody runs.
    assert channel.pk not in tasks.queued_channel_ids()

    second = _worker(tmp_path, standin.base_url("youtube"), "--batch")
    output = second.communicate(timeout=180)[0]
    assert second.returncode == 0, output

    result = DBTaskResult.objects.get(pk=task_id)
    assert result.status == "SUCCESSFUL", result.traceback
    assert len(result.worker_ids) == 2, "the second worker ran the same task, not a new one"
    assert DBTaskResult.objects.filter(task_path=tasks.SYNC_TASK).count() == 1
    ids = list(comments.values_list("external_id", flat=True))
    assert len(ids) == TOTAL and set(ids) == {f"Ug0000c{n:07d}" for n in range(TOTAL)}
    interrupted, finished = SyncRun.objects.order_by("started_at")
    assert interrupted.status == SyncRun.Status.FAILED and "interrupted" in interrupted.errors[0]
    assert finished.status == SyncRun.Status.OK


def _running(worker_ids: list[str], *, started: timedelta = timedelta(minutes=10)) -> DBTaskResult:
    result = probe.enqueue(n=1, path="/dev/null")
    row = DBTaskResult.objects.get(pk=result.id)
    row.status, row.worker_ids, row.started_at = "RUNNING", worker_ids, timezone.now() - started
    row.save()
    return row


def _seen(worker: str, ago: timedelta) -> None:
    when = timezone.now() - ago
    WorkerHeartbeat.objects.create(worker_id=worker, started_at=when, seen_at=when)


@pytest.mark.django_db
def test_a_task_on_another_machine_is_kept_while_its_worker_beats_and_taken_back_after(monkeypatch) -> None:
    monkeypatch.setenv("BEDSIDE_TASK_LEASE", "60")
    _seen("ward-a:41", timedelta(seconds=5))
    _seen("ward-b:42", timedelta(minutes=5))
    live = _running(["ward-a:41"])
    dead = _running(["ward-b:42"])

    released = leases.release_orphans()

    assert released.requeued == [str(dead.pk)] and released.failed == []
    assert DBTaskResult.objects.get(pk=live.pk).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=dead.pk).status == "READY"
    assert leases.release_orphans().requeued == []  # released once


@pytest.mark.django_db
def test_a_task_that_keeps_losing_its_worker_is_marked_failed_with_the_reason(monkeypatch) -> None:
    monkeypatch.setenv("BEDSIDE_TASK_MAX_ATTEMPTS", "3")
    for n in (1, 2, 3):
        _seen(f"ward-c:{n}", timedelta(hours=1))
    doomed = _running(["ward-c:1", "ward-c:2", "ward-c:3"])

    assert leases.release_orphans().failed == [str(doomed.pk)]

    row = DBTaskResult.objects.get(pk=doomed.pk)
    assert row.status == "FAILED" and row.finished_at is not None
    assert row.exception_class_path == leases.WORKER_LOST
    assert "stopped 3 times" in row.traceback


@pytest.mark.django_db
def test_a_task_just_claimed_by_a_worker_that_has_not_beaten_yet_is_left_alone() -> None:
    fresh = _running(["ward-d:7"], started=timedelta(seconds=1))
    assert leases.release_orphans().requeued == []
    assert DBTaskResult.objects.get(pk=fresh.pk).status == "RUNNING"
