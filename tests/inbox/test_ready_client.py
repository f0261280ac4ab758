"""Replies and takedowns use the same client factory as sync: an OAuth token
near expiry is refreshed before anything is sent, and the fresh one is kept."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import replies, takedown
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Message
from bedside.workspace.models import AuditEntry, Organization
from tests.inbox.conftest import run_sends

pytestmark = pytest.mark.django_db

SAFE = "Thank you for telling us. Please call our patient relations team so we can follow up."


@pytest.fixture
def youtube(ours: Organization, standin: Any, monkeypatch: pytest.MonkeyPatch) -> Channel:
    standin.load("youtube")
    monkeypatch.setenv("BEDSIDE_API_BASE_YOUTUBE", standin.base_url("youtube"))
    expired = (timezone.now() - timedelta(minutes=5)).isoformat()
    return Channel.objects.create(
        organization=ours, network="youtube", handle="@mayoclinic",
        credentials={"token": "ya29.test-token", "client_id": "cid", "client_secret": "shh",
                     "extra": {"refresh_token": "1//kept-refresh", "expires_at": expired}})


def _comment(channel: Channel, external_id: str) -> Message:
    message = Message.objects.create(
        channel=channel, network="youtube", external_id=external_id, kind="comment", author_handle="viewer",
        author_name="A Viewer", body="Why did nobody call me back about parking?", in_reply_to="v1",
        published_at=timezone.now() - timedelta(minutes=3))
    triage_stored([message.pk])
    return Message.objects.get(pk=message.pk)


def test_a_reply_on_an_expired_oauth_token_refreshes_it_first_and_keeps_the_fresh_one(
        youtube, standin, personas) -> None:
    ray = personas["responder"].user
    reply = replies.submit(replies.draft(_comment(youtube, "UgzThread2"), ray, SAFE), ray)
    run_sends()
    reply.refresh_from_db()
    assert reply.state == "sent", (reply.error, standin.requests_to("youtube"))
    calls = standin.requests_to("youtube")
    assert [c.path for c in calls if c.method == "POST"] == ["/token", "/comments"]
    assert calls[-1].headers["authorization"] == "Bearer ya29.new-access-token"
    youtube.refresh_from_db()
    assert youtube.credentials["token"] == "ya29.new-access-token"
    assert youtube.credentials["extra"]["expires_at"] > timezone.now().isoformat()
    refreshed = AuditEntry.objects.get(action="channel_token_refreshed")
    assert refreshed.actor_name == "reply"


def test_a_takedown_refreshes_the_token_too(youtube, standin, personas) -> None:
    done = takedown.take_down(_comment(youtube, "UgzThread2"), personas["responder"].user, action="delete")
    assert done.status == "done", done.error
    last = standin.requests_to("youtube")[-1]
    assert last.path == "/comments/setModerationStatus"
    assert last.headers["authorization"] == "Bearer ya29.new-access-token"


def test_a_token_with_time_left_is_used_as_it_is(youtube, standin, personas) -> None:
    youtube.credentials = {**youtube.credentials, "extra": {
        "refresh_token": "1//kept-refresh", "expires_at": (timezone.now() + timedelta(minutes=30)).isoformat()}}
    youtube.save()
    ray = personas["responder"].user
    replies.submit(replies.draft(_comment(youtube, "UgzThread2"), ray, SAFE), ray)
    run_sends()
    assert [c.path for c in standin.requests_to("youtube") if c.method == "POST"] == ["/comments"]
    assert standin.requests_to("youtube")[-1].headers["authorization"] == "Bearer ya29.test-token"
