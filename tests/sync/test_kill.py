"""Kill a real `bedside sync` mid-way and run it again: every comment is stored
exactly once and the second run picks up at the stored cursor, not page 1.

The sync runs as a subprocess against the file-based test database (SQLite)
or the PostgreSQL test database, reading a slow stand-in so that the SIGKILL
lands between two batches' commits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from bedside.inbox.models import Message
from bedside.sync.models import Cursor, SyncRun
from bedside.workspace.models import Organization
from tests.sync.conftest import youtube_channel
from tests.sync.feeds import GeneratedYouTube

ROOT = Path(__file__).resolve().parents[2]
TOTAL = 2000


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"sqlite:///{s['NAME']}"


def bedside_sync(channel_id: int, base_url: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
           "BEDSIDE_API_BASE_YOUTUBE": base_url}
    env.pop("BEDSIDE_YOUTUBE_TOKEN", None)
    return subprocess.Popen(
        [sys.executable, "-m", "bedside.cli", "sync", "--channel", str(channel_id)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_killed_sync_resumes_from_its_cursor_without_loss_or_duplicates(standin) -> None:
    GeneratedYouTube(channels=1, comments=TOTAL, delay=0.1).register(standin)
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    channel = youtube_channel(ours)
    comments = Message.objects.filter(channel=channel)

    first = bedside_sync(channel.pk, standin.base_url("youtube"))
    deadline = time.monotonic() + 60
    while comments.count() < 300:
        assert first.poll() is None, f"the sync ended before it could be killed: {first.communicate()[0]}"
        assert time.monotonic() < deadline, "the sync stored nothing within a minute"
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)

    at_kill = comments.count()
    assert 300 <= at_kill < TOTAL, "the kill should land mid-sync"
    cursor = Cursor.objects.get(channel=channel, stream="messages").value
    assert cursor == f"p{at_kill}", "the cursor must be exactly the batch stored with it"
    assert SyncRun.objects.get().status == SyncRun.Status.RUNNING  # killed: it never finished

    second = bedside_sync(channel.pk, standin.base_url("youtube"))
    output = second.communicate(timeout=120)[0]
    assert second.returncode == 0, output

    ids = list(comments.values_list("external_id", flat=True))
    assert len(ids) == TOTAL and set(ids) == {f"Ug0000c{n:07d}" for n in range(TOTAL)}
    pages = [r.query.get("pageToken", "") for r in standin.requests_to("youtube") if r.path == "/commentThreads"]
    assert pages.count("") == 1, "the second run must not start over from page 1"
    resumed = [f"p{n}" for n in range(at_kill, TOTAL, 100)]
    assert pages[-len(resumed):] == resumed  # the second run's requests: from the cursor on
    interrupted, finished = SyncRun.objects.order_by("started_at")
    assert interrupted.status == SyncRun.Status.FAILED and "interrupted" in interrupted.errors[0]
    assert finished.status == SyncRun.Status.OK and finished.counts["messages_new"] == TOTAL - at_kill
    assert Cursor.objects.get(channel=channel, stream="messages").value == ""
