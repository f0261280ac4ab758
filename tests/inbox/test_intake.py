"""Stored messages are triaged, routed, grouped and alerted on."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from bedside.inbox.intake import MAX_BODY, triage_stored
from bedside.inbox.models import Alert, AlertRule, Message, Queue, RoutingRule
from bedside.inbox.tasks import enqueue_triage
from tests.inbox.conftest import on_call

pytestmark = pytest.mark.django_db


def _triaged(message: Message) -> Message:
    triage_stored([message.pk])
    return Message.objects.select_related("queue").get(pk=message.pk)


@pytest.mark.parametrize(("body", "queue"), [
    ("I want to kill myself", "compliance"),
    ("My son Tom Fakename (MRN 00417733) got the wrong chemo dose on 4 West", "compliance"),
    ("The nurse was rude and we waited six hours, terrible", "patient-relations"),
    ("How do I book an appointment with cardiology?", "access-center"),
    ("Why was I charged twice on my bill?", "patient-relations"),
    ("Lovely new garden at the front entrance", "social"),
])
def test_it_routes_each_message_to_its_queue(stored, body: str, queue: str) -> None:
    assert _triaged(stored(body)).queue.slug == queue


def test_it_stores_triage_without_phi_in_the_clear(stored) -> None:
    message = _triaged(stored("My mother Jane Doe was in room 412 with pneumonia"))
    assert message.phi and message.triaged_at and message.verdict == "review"
    assert "PERSON" in message.finding_labels
    assert any(f["text"] == "Jane Doe" for f in message.triage_detail["findings"])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT triage_detail, finding_labels FROM inbox_message WHERE id = %s", [message.pk])
        detail, labels = cursor.fetchone()
    assert "Jane" not in detail and "Jane" not in str(labels)


@pytest.mark.parametrize(("body", "network", "problem"), [
    ("", "facebook", "no text"),
    ("hello there", "myspace", "unknown network 'myspace'"),
    ("x" * (MAX_BODY + 10), "facebook", "oversized body"),
])
def test_bad_input_is_stored_and_flagged_never_dropped(stored, body: str, network: str, problem: str) -> None:
    message = _triaged(stored(body, network=network))
    assert message.problem.startswith(problem)
    assert message.triaged_at is not None and message.queue is not None
    assert Message.objects.filter(pk=message.pk).exists()


def test_a_rule_can_route_bad_input_to_a_queue(stored) -> None:
    RoutingRule.objects.create(position=1, name="broken", match_flag="problem",
                               queue=Queue.objects.get(slug="compliance"))
    assert _triaged(stored("")).queue.slug == "compliance"


def test_rules_are_edited_and_the_first_match_wins(stored) -> None:
    access = Queue.objects.get(slug="access-center")
    RoutingRule.objects.create(position=1, name="Facebook to access", match_network="facebook", queue=access)
    assert _triaged(stored("The nurse was rude, terrible")).queue == access
    RoutingRule.objects.filter(name="Facebook to access").update(enabled=False)
    assert _triaged(stored("The nurse was rude, terrible")).queue.slug == "patient-relations"


def test_duplicates_point_at_the_first_copy(stored) -> None:
    first = stored("Your ER wait times are a disgrace, fix them!")
    second = stored("your ER wait times are a DISGRACE fix them https://x.co/a")
    other = stored("Your ER is great")
    triage_stored([first.pk, second.pk, other.pk])
    assert Message.objects.get(pk=second.pk).duplicate_of_id == first.pk
    assert Message.objects.get(pk=first.pk).duplicate_of_id is None
    assert Message.objects.get(pk=other.pk).duplicate_of_id is None


def test_enqueue_triage_queues_tasks_on_the_triage_queue(stored) -> None:
    ids = [stored(f"message number {n}").pk for n in range(3)]
    assert enqueue_triage(ids + ids) == 1
    task = DBTaskResult.objects.get()
    assert task.queue_name == "triage" and task.args_kwargs["kwargs"]["message_ids"] == sorted(ids)


def test_a_crisis_alerts_on_call_people_at_once_without_the_text(stored, personas, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    on_call(personas["reviewer"], "rita@riverbend.example")
    message = _triaged(stored("I want to kill myself tonight"))
    assert message.crisis and message.priority == 0
    crisis_mail = [m for m in mail.outbox if "Crisis message" in m.subject]
    assert crisis_mail and crisis_mail[0].to == ["rita@riverbend.example"]
    assert all("kill" not in m.body for m in mail.outbox)
    assert f"/inbox/{message.pk}/" in crisis_mail[0].body
    triage_stored([message.pk])  # triaging again does not alert again
    assert Alert.objects.filter(trigger="crisis", message=message).count() == 1


class _Hook(BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 200

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        length = int(self.headers["content-length"])
        _Hook.received.append({"type": self.headers["content-type"], "body": json.loads(self.rfile.read(length))})
        self.send_response(_Hook.status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[str]:
    _Hook.received, _Hook.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks/slack"
    server.shutdown()
    server.server_close()


def test_a_webhook_gets_a_slack_compatible_body(stored, hook: str, settings) -> None:
    settings.PUBLIC_URL = "https://bedside.riverbend.example"
    AlertRule.objects.create(name="Slack", trigger="phi", webhook_url=hook)
    message = _triaged(stored("My son Tom Fakename (MRN 00417733) got the wrong chemo dose"))
    [call] = _Hook.received
    assert call["type"] == "application/json"
    assert call["body"]["text"].startswith("[Bedside] Message carries PHI: comment on Facebook, queue Compliance")
    # Read in Slack, the link must work from outside the app.
    assert f"https://bedside.riverbend.example/inbox/{message.pk}/" in call["body"]["text"]
    assert "Fakename" not in call["body"]["text"] and "00417733" not in call["body"]["text"]
    assert Alert.objects.get(trigger="phi", message=message).delivered == ["webhook"]


def test_a_failing_webhook_is_recorded_and_does_not_stop_triage(stored, hook: str) -> None:
    _Hook.status = 500
    AlertRule.objects.create(name="Slack", trigger="new", webhook_url=hook)
    message = _triaged(stored("Lovely new garden"))
    alert = Alert.objects.get(trigger="new", message=message)
    assert alert.delivered == [] and "500" in alert.errors[0]
    assert message.triaged_at is not None
