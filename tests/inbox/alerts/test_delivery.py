"""Every alert is recorded per recipient and transport, delivered through
real servers on 127.0.0.1 (SMTP, a Teams incoming webhook, a signed paging
webhook), retried with backoff, and says on the message page who it reached."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bedside.inbox import delivery, escalation
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Alert, AlertDelivery, AlertRule, Message
from bedside.inbox.tasks import deliver_alert
from bedside.inbox.transports import signature
from bedside.workspace.models import Member
from tests.inbox.alerts.conftest import always_on_call, crisis_rule
from tests.standin.server import Response
from tests.standin.smtp import subject

pytestmark = pytest.mark.django_db
CRISIS = "I can't do this anymore, tonight I end my life"
Sent, Pending, Failed = AlertDelivery.Status.SENT, AlertDelivery.Status.PENDING, AlertDelivery.Status.FAILED


def _crisis(stored) -> Message:
    message = stored(CRISIS)
    triage_stored([message.pk])
    message = Message.objects.get(pk=message.pk)
    assert message.crisis, "the test's own crisis sentence must be flagged by triage"
    return message


def test_a_crisis_reaches_the_on_call_person_by_every_transport(personas, stored, hooks, mailbox) -> None:
    always_on_call(personas["reviewer"].user, "rita@riverbend.example")
    crisis_rule(hooks)
    message = _crisis(stored)

    [alert] = Alert.objects.filter(message=message, trigger="crisis")
    rows = {d.transport: d for d in alert.deliveries.all()}
    assert set(rows) == {"email", "teams", "signed"}
    assert all(d.status == Sent and d.attempts == 1 for d in rows.values())
    assert rows["email"].person == personas["reviewer"].user

    # The routing rule's alert ("PHI and crisis routed to compliance") mails her too.
    [mail] = [m for m in mailbox.to("rita@riverbend.example") if subject(m).startswith("[Bedside] Crisis message")]
    assert f"/inbox/{message.pk}/" in mail.get_payload() and "end my life" not in mail.as_string()
    [card] = hooks.teams_cards
    card_text = str(card)
    assert f"/inbox/{message.pk}/" in card_text and "end my life" not in card_text
    [page] = hooks.pages
    assert page["event"] == "crisis" and page["message"] == message.pk and page["delivery"] == rows["signed"].pk

    html = personas["responder"].client.get(f"/inbox/{message.pk}/").content.decode()
    assert "On-call people have been alerted" not in html
    assert "Alerted: rita (rita@riverbend.example) by E-mail" in html
    assert "Microsoft Teams" in html and "Signed webhook (paging)" in html
    assert "Nobody has been alerted" not in html
    assert escalation.reach(message).state == "reached"


def test_nobody_on_call_is_said_in_red_everywhere_and_every_admin_is_alerted(personas, stored, mailbox,
                                                                            client) -> None:
    personas["admin"].user.email = "alice@riverbend.example"
    personas["admin"].user.save()
    message = _crisis(stored)

    [alert] = Alert.objects.filter(message=message, trigger="crisis")
    assert alert.deliveries.count() == 0 and "nobody to alert" in alert.errors[0]
    escalated = Alert.objects.get(message=message, trigger="escalation")
    [admin_mail] = mailbox.to("alice@riverbend.example")
    assert "Nobody could be alerted" in subject(admin_mail) and f"/inbox/{message.pk}/" in admin_mail.get_payload()
    assert escalated.deliveries.get().status == Sent

    responder = personas["responder"].client
    page = responder.get(f"/inbox/{message.pk}/").content.decode()
    assert 'class="alarm"' in page and "Nobody has been alerted about this message." in page
    assert "every admin was alerted instead" in page
    listing = responder.get("/inbox/").content.decode()
    assert "1 crisis or PHI message reached nobody" in listing and "Nobody alerted" in listing
    dashboard = responder.get("/").content.decode()
    assert "1 crisis or PHI message(s) reached nobody" in dashboard and 'class="alarm"' in dashboard
    health = client.get("/healthz").json()
    assert health["status"] == "degraded"
    assert "1 open crisis or PHI message(s) reached nobody" in health["problems"]

    from bedside.inbox.alert_health import check_alerts_reach_a_person

    assert {c.id for c in check_alerts_reach_a_person()} == {"bedside.W301", "bedside.W303"}


def test_an_on_call_person_without_an_address_is_a_failed_delivery_not_silence(personas, stored, mailbox) -> None:
    Member.objects.filter(user=personas["responder"].user).update(on_call=True)  # the old flag: an override
    message = _crisis(stored)
    [row] = AlertDelivery.objects.filter(alert__message=message, alert__trigger="crisis")
    assert row.status == Failed and "no e-mail address" in row.last_error and row.person == personas["responder"].user
    assert escalation.reach(message).state == "unreached"
    html = personas["responder"].client.get(f"/inbox/{message.pk}/").content.decode()
    assert "ray (no e-mail address)" in html and "Nobody has been alerted" in html


def test_a_failing_teams_webhook_retries_with_backoff_on_the_task_queue(personas, stored, hooks) -> None:
    crisis_rule(hooks, email_on_call=False, signed_webhook_url="")
    hooks.fail_next("teams", Response(500, "Internal error", content_type="text/plain"))
    message = _crisis(stored)

    row = AlertDelivery.objects.get(alert__message=message, alert__trigger="crisis")
    assert row.status == Pending and row.attempts == 1 and "HTTP 500" in row.last_error
    assert "end my life" not in row.last_error
    task = DBTaskResult.objects.get(task_path="bedside.inbox.tasks.deliver_alert")
    assert task.args_kwargs["kwargs"] == {"delivery_id": row.pk}
    assert timedelta(seconds=25) < task.run_after - timezone.now() <= timedelta(seconds=30)
    # Nothing reached a person yet: admins are told at once, the page says so in red.
    assert Alert.objects.filter(message=message, trigger="escalation").exists()
    assert "No alert has reached anyone yet" in personas["responder"].client.get(f"/inbox/{message.pk}/").content.decode()

    assert deliver_alert.call(delivery_id=row.pk) == Sent  # what the worker runs when it falls due
    row.refresh_from_db()
    assert row.status == Sent and row.attempts == 2 and len(hooks.teams_cards) == 1
    assert deliver_alert.call(delivery_id=row.pk) == Sent and len(hooks.teams_cards) == 1  # never twice
    assert escalation.reach(message).state == "reached"


def test_a_delivery_gives_up_after_its_last_try(stored, hooks, personas) -> None:
    crisis_rule(hooks, email_on_call=False, signed_webhook_url="")
    hooks.fail_next("teams", Response(429, "Too many requests", content_type="text/plain"),
                    times=delivery.MAX_ATTEMPTS)
    message = _crisis(stored)
    row = AlertDelivery.objects.get(alert__message=message, alert__trigger="crisis")
    for _ in range(delivery.MAX_ATTEMPTS - 1):
        deliver_alert.call(delivery_id=row.pk)
    row.refresh_from_db()
    assert row.status == Failed and row.attempts == delivery.MAX_ATTEMPTS and "HTTP 429" in row.last_error
    assert DBTaskResult.objects.filter(task_path="bedside.inbox.tasks.deliver_alert").count() == \
        delivery.MAX_ATTEMPTS - 1
    assert escalation.reach(message).state == "unreached"


def test_a_refused_mailbox_is_recorded_with_the_servers_answer(personas, stored, mailbox) -> None:
    always_on_call(personas["reviewer"].user, "gone@riverbend.example")
    mailbox.refuse.add("gone@riverbend.example")
    message = _crisis(stored)
    row = AlertDelivery.objects.get(alert__message=message, alert__trigger="crisis")
    assert row.status == Pending and "550" in row.last_error


def test_the_paging_webhook_is_signed_over_timestamp_and_body(stored, hooks) -> None:
    crisis_rule(hooks, email_on_call=False, teams_webhook_url="")
    message = _crisis(stored)
    [request] = hooks.requests_to("pager")
    stamp = request.headers["x-bedside-timestamp"]
    assert request.headers["x-bedside-signature"] == signature("pager-shared-secret-for-tests-only", stamp,
                                                                request.body)
    assert AlertDelivery.objects.get(alert__message=message, transport="signed").status == Sent


def test_a_wrong_signing_secret_is_refused_by_the_pager_and_recorded(stored, hooks) -> None:
    crisis_rule(hooks, email_on_call=False, teams_webhook_url="", signing_secret="not-the-shared-one")
    message = _crisis(stored)
    row = AlertDelivery.objects.get(alert__message=message, transport="signed")
    assert row.status == Pending and "HTTP 401" in row.last_error and hooks.pages == []


def test_send_test_alert_shows_each_deliverys_result(personas, hooks, mailbox) -> None:
    always_on_call(personas["reviewer"].user, "rita@riverbend.example")
    rule = crisis_rule(hooks)
    hooks.fail_next("teams", Response(500, "Internal error", content_type="text/plain"))
    admin = personas["admin"].client
    page = admin.post(f"/inbox/settings/alert/{rule.pk}/test/", follow=True).content.decode()
    assert "E-mail to rita (rita@riverbend.example): Delivered." in page
    assert "Microsoft Teams to 127.0.0.1" in page and "HTTP 500" in page
    assert re.search(r"Signed webhook \(paging\) to 127\.0\.0\.1:\d+: Delivered", page)
    admin.post(f"/inbox/settings/alert/{rule.pk}/test/")  # Teams answers again: the card's button has a link
    assert hooks.teams_cards[-1]["attachments"][0]["content"]["actions"][0]["url"].endswith("/inbox/")
    assert subject(mailbox.to("rita@riverbend.example")[0]) == "[Bedside] Test alert: rule “Crisis: on-call now” works"
    assert personas["responder"].client.post(f"/inbox/settings/alert/{rule.pk}/test/").status_code == 403


def test_the_alert_rule_form_takes_teams_and_a_signed_webhook(personas) -> None:
    admin = personas["admin"].client
    data = {"kind": "alert", "alert-name": "Pager", "alert-trigger": "crisis", "alert-enabled": "on",
            "alert-signed_webhook_url": "https://pager.riverbend.example/v1/alerts", "alert-repeat_after_minutes": 5}
    page = admin.post("/inbox/settings/", data).content.decode()
    assert "needs a shared secret" in page
    admin.post("/inbox/settings/", {**data, "alert-signing_secret": "s3cret-value"})
    rule = AlertRule.objects.get(name="Pager")
    assert rule.signing_secret == "s3cret-value" and rule.repeat_after_minutes == 5
    with connection.cursor() as cursor:  # a credential: encrypted at rest
        cursor.execute("SELECT signing_secret FROM inbox_alertrule WHERE id = %s", [rule.pk])
        assert "s3cret-value" not in cursor.fetchone()[0]
    from bedside.workspace.models import AuditEntry

    entry = AuditEntry.objects.get(action="inbox_alert_added", object_id=str(rule.pk))
    assert "s3cret-value" not in str(entry.detail)


def test_a_disabled_crisis_rule_still_gets_a_crisis_to_every_admin(personas, stored, mailbox) -> None:
    personas["admin"].user.email = "alice@riverbend.example"
    personas["admin"].user.save()
    AlertRule.objects.filter(trigger="crisis").update(enabled=False)
    message = _crisis(stored)
    assert Alert.objects.get(message=message, trigger="escalation").deliveries.get().status == Sent
    assert mailbox.to("alice@riverbend.example")


def test_a_phi_alert_that_reaches_nobody_escalates_too(personas, stored, mailbox) -> None:
    personas["admin"].user.email = "alice@riverbend.example"
    personas["admin"].user.save()
    message = stored("My son Tom Fakename (MRN 00417733) got the wrong chemo dose")
    triage_stored([message.pk])
    message = Message.objects.get(pk=message.pk)
    assert message.phi and not message.crisis
    assert Alert.objects.filter(message=message, trigger="routed").exists()  # the shipped rule, to on-call people
    assert escalation.reach(message).state == "unreached"
    assert Alert.objects.filter(message=message, trigger="escalation").exists()
    listing = personas["responder"].client.get("/inbox/").content.decode()
    assert "1 crisis or PHI message reached nobody" in listing


def test_an_untroubled_phi_message_without_an_alert_rule_is_not_marked(personas, stored, mailbox) -> None:
    AlertRule.objects.all().delete()
    message = stored("My son Tom Fakename (MRN 00417733) got the wrong chemo dose")
    triage_stored([message.pk])
    assert escalation.reach(Message.objects.get(pk=message.pk)).state == ""
    assert not Alert.objects.filter(message=message).exists()


def test_a_delivery_left_behind_by_a_dead_process_is_sent_by_the_follow_up(personas, stored, hooks) -> None:
    rule = crisis_rule(hooks, email_on_call=False, signed_webhook_url="")
    message = stored(CRISIS)
    # What a worker that died between recording the alert and sending it leaves behind.
    alert = Alert.objects.create(rule=rule, trigger="crisis", message=message, key="left-behind", summary="[Bedside] x")
    row = AlertDelivery.objects.create(alert=alert, transport="teams", target="127.0.0.1",
                                       next_attempt_at=timezone.now())
    assert hooks.teams_cards == []
    assert delivery.retry_due() == 1
    row.refresh_from_db()
    assert row.status == Sent and row.attempts == 1 and len(hooks.teams_cards) == 1
    assert delivery.retry_due() == 0  # sent: never again


def test_a_try_cut_off_mid_send_is_due_again_after_its_lease(personas, stored, hooks) -> None:
    rule = crisis_rule(hooks, email_on_call=False, signed_webhook_url="")
    message = stored(CRISIS)
    alert = Alert.objects.create(rule=rule, trigger="crisis", message=message, key="cut-off", summary="[Bedside] x")
    # Claimed (attempts 1, leased) by a process that then died before recording the outcome.
    row = AlertDelivery.objects.create(alert=alert, transport="teams", target="127.0.0.1", attempts=1,
                                       next_attempt_at=timezone.now() + delivery.CLAIM_LEASE)
    assert delivery.retry_due() == 0  # still within its lease: maybe still sending
    assert delivery.retry_due(timezone.now() + delivery.CLAIM_LEASE + timedelta(seconds=1)) == 1
    row.refresh_from_db()
    assert row.status == Sent and row.attempts == 2


def test_a_teams_connector_that_answers_200_with_an_error_is_a_failure(stored, hooks) -> None:
    # A throttled connector answers 200 with its own error text instead of "1"
    # (Microsoft's "Rate limiting for connectors").
    crisis_rule(hooks, email_on_call=False, signed_webhook_url="")
    hooks.fail_next("teams", Response(200, "Webhook message delivery failed with error: Microsoft Teams endpoint "
                                           "returned HTTP error 429", content_type="text/plain"))
    message = _crisis(stored)
    row = AlertDelivery.objects.get(alert__message=message, transport="teams")
    assert row.status == Pending and "Teams refused the card" in row.last_error and "429" in row.last_error
