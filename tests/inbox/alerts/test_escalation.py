"""An unacknowledged crisis alerts again, then escalates to the second
tier; acknowledging it (button or API) records who took it and stops it.
Overdue messages are marked in the list and counted on the dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from bedside.inbox.escalation import follow_up
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Acknowledgement, Alert, Message
from bedside.inbox.overdue import CACHE_KEY
from bedside.workspace.models import ApiToken, AuditEntry
from tests.inbox.alerts.conftest import always_on_call, crisis_rule
from tests.standin.smtp import subject

pytestmark = pytest.mark.django_db
CRISIS = "there is no way out for me, I took every pill in the cabinet"


@pytest.fixture
def crisis(personas, stored, mailbox) -> Message:
    always_on_call(personas["reviewer"].user, "rita@riverbend.example")
    always_on_call(personas["manager"].user, "mona@riverbend.example", tier=2)
    crisis_rule(repeat_after_minutes=10)
    message = stored(CRISIS)
    triage_stored([message.pk])
    message = Message.objects.get(pk=message.pk)
    assert message.crisis, "the test's own crisis sentence must be flagged by triage"
    return message


def _first_alert_time(message: Message):
    return Alert.objects.get(message=message, trigger="crisis").sent_at


def test_an_unacknowledged_crisis_alerts_again_then_escalates_to_the_second_tier(crisis, mailbox) -> None:
    start = _first_alert_time(crisis)
    assert follow_up(start + timedelta(minutes=9)) == 0
    assert follow_up(start + timedelta(minutes=10)) == 1
    again = [subject(m) for m in mailbox.to("rita@riverbend.example")]
    assert any(s.startswith("[Bedside] Crisis message still not acknowledged") for s in again)
    assert mailbox.to("mona@riverbend.example") == []  # second tier: not yet
    assert follow_up(start + timedelta(minutes=20)) == 1
    [tier2] = mailbox.to("mona@riverbend.example")
    assert subject(tier2).startswith("[Bedside] Crisis message escalated: nobody acknowledged it")
    assert f"/inbox/{crisis.pk}/" in tier2.get_payload()
    assert follow_up(start + timedelta(minutes=40)) == 0  # each step once


def test_with_no_second_tier_the_escalation_goes_to_every_admin(personas, stored, mailbox) -> None:
    always_on_call(personas["reviewer"].user, "rita@riverbend.example")
    personas["admin"].user.email = "alice@riverbend.example"
    personas["admin"].user.save()
    crisis_rule(repeat_after_minutes=5)
    message = stored(CRISIS)
    triage_stored([message.pk])
    follow_up(_first_alert_time(message) + timedelta(minutes=10))
    assert [subject(m) for m in mailbox.to("alice@riverbend.example")][-1].startswith(
        "[Bedside] Crisis message escalated")


def test_acknowledging_stops_the_alerts_and_says_who_took_it(crisis, personas, mailbox) -> None:
    ray = personas["responder"].client
    page = ray.get(f"/inbox/{crisis.pk}/").content.decode()
    assert "Acknowledge: I am handling this" in page
    page = ray.post(f"/inbox/{crisis.pk}/acknowledge/", follow=True).content.decode()
    assert "Acknowledged by <strong>ray</strong>" in page
    assert AuditEntry.objects.filter(action="message_acknowledged", actor_name="ray",
                                     object_id=str(crisis.pk)).exists()
    before = len(mailbox.received)
    assert follow_up(_first_alert_time(crisis) + timedelta(hours=1)) == 0
    assert len(mailbox.received) == before
    again = personas["manager"].client.post(f"/inbox/{crisis.pk}/acknowledge/", follow=True).content.decode()
    assert "Already acknowledged by ray" in again
    assert Acknowledgement.objects.get(message=crisis).by_name == "ray"


def test_viewers_cannot_acknowledge(crisis, personas) -> None:
    assert personas["viewer"].client.post(f"/inbox/{crisis.pk}/acknowledge/").status_code == 403
    assert not Acknowledgement.objects.exists()


def test_the_api_lists_deliveries_and_acknowledges_once(crisis, personas, client) -> None:
    _, raw = ApiToken.issue(personas["responder"].user, "phone")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    found = client.get(f"/api/inbox/messages/{crisis.pk}/alerts", **auth).json()
    assert found["reach"] == "reached" and found["acknowledged_by"] is None
    first = next(a for a in found["alerts"] if a["trigger"] == "crisis")
    assert first["deliveries"][0] == {**first["deliveries"][0], "transport": "email",
                                      "target": "rita@riverbend.example", "person": "rita", "status": "sent"}
    made = client.post(f"/api/inbox/messages/{crisis.pk}/acknowledge", **auth)
    assert made.status_code == 201 and made.json()["by"] == "ray"
    assert client.post(f"/api/inbox/messages/{crisis.pk}/acknowledge", **auth).status_code == 409
    _, viewer = ApiToken.issue(personas["viewer"].user, "phone")
    assert client.post(f"/api/inbox/messages/{crisis.pk}/acknowledge",
                       HTTP_AUTHORIZATION=f"Bearer {viewer}").status_code == 403


def test_overdue_messages_are_marked_in_the_list_and_counted_on_the_dashboard(personas, stored) -> None:
    late = stored("How do I get a copy of my discharge papers?", minutes_ago=600)
    fresh = stored("How do I get a copy of my discharge papers please?", minutes_ago=2)
    triage_stored([late.pk, fresh.pk], alert=False)
    late.refresh_from_db()
    assert late.queue.response_target_minutes < 600 <= 60 * 24 * 7
    client = personas["responder"].client
    listing = client.get("/inbox/").content.decode()
    assert listing.count('<span class="flag overdue">Overdue</span>') == 1
    assert "<strong>1</strong> message past its queue's response target" in listing
    assert "1 message(s) overdue" in client.get("/").content.decode()
    late.first_replied_at = timezone.now()
    late.save()
    assert "Overdue</span>" not in client.get("/inbox/").content.decode()  # each row's mark is live
    cache.delete(CACHE_KEY)  # the count is cached for 30 s
    assert "0 message(s) overdue" in client.get("/").content.decode()
