"""/healthz tells a monitor the truth: the database answers and the task queue moves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.workspace.probe_tasks import probe


def test_it_says_ok_when_the_database_answers_and_nothing_waits(db: None) -> None:
    answer = Client().get("/healthz")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok" and answer.json()["database"] == "ok"


def test_it_says_degraded_when_the_oldest_ready_task_has_waited_too_long(db: None, monkeypatch) -> None:
    monkeypatch.setenv("BEDSIDE_QUEUE_MAX_AGE", "600")
    result = probe.enqueue(n=1, path="/dev/null")
    assert Client().get("/healthz").json()["status"] == "ok"  # just queued

    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timedelta(hours=1))
    answer = Client().get("/healthz")
    assert answer.status_code == 200  # pages still work: a load balancer keeps this node
    body = answer.json()
    assert body["status"] == "degraded" and body["queue"]["oldest_ready_seconds"] >= 3600
    assert "bedside worker" in body["problems"][0]


def test_a_task_waiting_for_its_run_after_time_is_not_late(db: None, monkeypatch) -> None:
    monkeypatch.setenv("BEDSIDE_QUEUE_MAX_AGE", "600")
    result = probe.using(run_after=timezone.now() + timedelta(hours=2)).enqueue(n=1, path="/dev/null")
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timedelta(days=1))
    assert Client().get("/healthz").json()["status"] == "ok"


@pytest.fixture
def database_down(transactional_db: None) -> Iterator[None]:
    """Point the connection at a database that is not there, as when the
    server is stopped, then put it back."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = "9"  # nothing listens on discard
    else:
        connection.settings_dict["NAME"] = "/nonexistent-bedside-dir/bedside.sqlite3"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def test_it_says_down_with_503_when_the_database_does_not_answer(database_down: None) -> None:
    answer = Client().get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["status"] == "down" and answer.json()["database"] == "unreachable"
