"""Inbox fixtures: personas (shared with the workspace tests), our
organization with a Facebook channel pointed at the stand-in, and a helper
that stores a message the way sync does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from itertools import count
from typing import Any

import pytest
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import defaults
from bedside.inbox.models import Message
from bedside.workspace.models import Member, Organization
from tests.workspace.conftest import Persona, peer, personas  # noqa: F401 - fixtures

_ids = count(1)


@pytest.fixture
def ours(db: None) -> Organization:
    defaults.ensure()  # transactional tests empty the tables the migration filled
    return Organization.objects.create(name="Riverbend Health", is_ours=True, website="https://riverbend.example")


@pytest.fixture
def facebook(ours: Organization) -> Channel:
    return Channel.objects.create(organization=ours, network="facebook", handle="MayoClinic",
                                  credentials={"token": "test-token"})


@pytest.fixture
def stored(facebook: Channel) -> Callable[..., Message]:
    def make(body: str, *, kind: str = "comment", network: str = "facebook", rating: float | None = None,
             minutes_ago: int = 5, external_id: str | None = None, **extra: Any) -> Message:
        return Message.objects.create(
            channel=facebook, network=network, external_id=external_id or f"1111_{9000 + next(_ids)}", kind=kind,
            author_handle="someone", author_name="Some One", body=body, rating=rating,
            published_at=timezone.now() - timedelta(minutes=minutes_ago), **extra)

    return make


@pytest.fixture
def on_facebook_standin(standin: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    standin.load("facebook")
    monkeypatch.setenv("BEDSIDE_API_BASE_FACEBOOK", standin.base_url("facebook"))
    return standin


def on_call(persona: Persona, email: str) -> None:
    persona.user.email = email
    persona.user.save(update_fields=["email"])
    Member.objects.filter(user=persona.user).update(on_call=True)


def run_sends() -> int:
    """Run the reply-sending tasks that are due, one by one, through the
    worker's own task runner (as `bedside worker` would); returns how many."""
    from django_tasks_db.models import DBTaskResult

    from bedside.workspace.worker import make_worker

    worker = make_worker(queues=["publish"], batch=True)
    done = 0
    while (row := DBTaskResult.objects.ready().filter(queue_name="publish").order_by("enqueued_at").first()):
        row.claim(worker.worker_id)
        worker.run_task(row)
        done += 1
    return done
