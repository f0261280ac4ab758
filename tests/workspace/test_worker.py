"""Background work: the queue, several workers, and periodic schedules."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bedside.workspace import scheduler
from bedside.workspace.models import Schedule
from tests.workspace.probe_tasks import probe

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"sqlite:///{s['NAME']}"


def _worker(tmp_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "PYTHONPATH": str(ROOT),
        "BEDSIDE_DATA_DIR": str(tmp_path),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bedside.cli", "worker", "--batch", "--interval", "0", "--no-schedule"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_split_a_batch_without_running_a_task_twice(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("several workers share a queue on PostgreSQL; SQLite runs one worker")
    log = tmp_path / "runs.txt"
    total = 60
    for n in range(total):
        probe.enqueue(n=n, path=str(log))
    workers = [_worker(tmp_path), _worker(tmp_path)]
    outputs = [w.communicate(timeout=120)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs

    runs = [line.split() for line in log.read_text().splitlines()]
    per_task = Counter(int(n) for n, _ in runs)
    assert sorted(per_task) == list(range(total)), "a task was lost"
    assert max(per_task.values()) == 1, "a task ran twice"
    assert len({pid for _, pid in runs}) == 2, "both workers should have taken a share"
    results = DBTaskResult.objects.all()
    assert results.count() == total
    assert {r.status for r in results} == {"SUCCESSFUL"}
    assert all(len(r.worker_ids) == 1 for r in results)


@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_queued_tasks_and_exits_in_batch_mode(tmp_path: Path) -> None:
    log = tmp_path / "runs.txt"
    for n in range(5):
        probe.enqueue(n=n, path=str(log), pause=0)
    worker = _worker(tmp_path)
    output = worker.communicate(timeout=120)[0]
    assert worker.returncode == 0, output
    assert sorted(int(line.split()[0]) for line in log.read_text().splitlines()) == [0, 1, 2, 3, 4]


def test_a_due_schedule_is_enqueued_once_even_if_two_workers_tick(db) -> None:
    now = timezone.now()
    Schedule.objects.create(
        name="verify", task="bedside.workspace.tasks.verify_audit_chain", interval_seconds=3600, next_run_at=now
    )
    assert scheduler.tick(now) == ["verify"]
    assert scheduler.tick(now) == []  # the other worker finds it already claimed
    schedule = Schedule.objects.get()
    assert schedule.next_run_at == now + timedelta(hours=1)
    assert DBTaskResult.objects.filter(task_path="bedside.workspace.tasks.verify_audit_chain").count() == 1


def test_after_downtime_a_schedule_runs_once_not_once_per_missed_slot(db) -> None:
    now = timezone.now()
    Schedule.objects.create(
        name="verify",
        task="bedside.workspace.tasks.verify_audit_chain",
        interval_seconds=60,
        next_run_at=now - timedelta(days=1),
    )
    assert scheduler.tick(now) == ["verify"]
    assert scheduler.tick(now) == []
    assert Schedule.objects.get().next_run_at == now + timedelta(seconds=60)


def test_disabled_and_future_schedules_wait(db) -> None:
    now = timezone.now()
    Schedule.objects.create(name="off", task="x.y", interval_seconds=60, next_run_at=now, enabled=False)
    Schedule.objects.create(name="later", task="x.y", interval_seconds=60, next_run_at=now + timedelta(minutes=1))
    assert scheduler.tick(now) == []


def test_the_default_schedules_are_created_once(db) -> None:
    scheduler.ensure_defaults()
    scheduler.ensure_defaults()
    assert Schedule.objects.count() == len(scheduler.DEFAULTS)
