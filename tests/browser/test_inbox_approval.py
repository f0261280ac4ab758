"""The reply-approval path in a real browser: a responder's reply that the
guard flags cannot be sent; a compliance reviewer approves it; it goes to the
stand-in network and is stored as sent."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import defaults
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Message, Reply
from bedside.workspace import people
from bedside.workspace.models import AuditEntry, Organization
from tests.inbox.conftest import run_sends

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"
FLAGGED = "Hi Tom, sorry about your stay on 4 West. We looked at your chart and your chemo dose."


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def message(standin, monkeypatch) -> Message:
    standin.load("facebook")
    monkeypatch.setenv("BEDSIDE_API_BASE_FACEBOOK", standin.base_url("facebook"))
    defaults.ensure()
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    channel = Channel.objects.create(organization=ours, network="facebook", handle="MayoClinic",
                                     credentials={"token": "test-token"})
    stored = Message.objects.create(
        channel=channel, network="facebook", external_id="1111_9001", kind="comment", author_handle="tom.f",
        body="My dad Tom Fakename got the wrong chemo dose on 4 West and nobody calls back",
        published_at=timezone.now() - timedelta(minutes=20))
    triage_stored([stored.pk])
    return stored


def test_a_flagged_reply_is_sent_only_after_a_reviewer_approves_it(page, live_server, message, standin,
                                                                   output_dir) -> None:
    people.create_user("ray", PASSWORD, "responder")
    people.create_user("rita", PASSWORD, "compliance")

    sign_in(page, live_server, "ray")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    page.get_by_role("link", name=re.compile("Comment on Facebook")).click()
    assert page.locator("#message-body mark.finding").count() >= 1  # PHI highlighted in the message

    page.get_by_label("Reply").fill(FLAGGED)
    findings = page.locator("#guard-findings")
    findings.get_by_text(re.compile("Guard verdict: (review|block)")).wait_for()
    assert findings.locator("mark.finding").count() >= 1
    page.screenshot(path=str(output_dir / "inbox-composer-flagged.png"), full_page=True)
    page.get_by_role("button", name="Check and send").click()
    assert "cannot be sent until a compliance reviewer approves it" in page.get_by_role("status").inner_text()
    reply = Reply.objects.get()
    assert reply.state == Reply.State.AWAITING_APPROVAL
    assert page.get_by_role("button", name="Retry sending").count() == 0
    assert not [r for r in standin.requests_to("facebook") if r.method == "POST"]
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "rita")
    page.goto(f"{live_server.url}/inbox/approvals/")
    card = page.get_by_role("article")
    assert "Fakename" in card.inner_text() and card.locator("mark.finding").count() >= 1
    page.screenshot(path=str(output_dir / "inbox-approval-queue.png"), full_page=True)
    card.get_by_label("Note for the author (optional)").fill("Checked with legal")
    if reply.verdict == "block":
        card.get_by_label(re.compile("Why it may go out")).fill("Legal checked it: the family asked us publicly.")
    card.get_by_role("button", name="Approve and send").click()
    assert "Approved: it is on its way" in page.get_by_role("status").inner_text()
    page.goto(f"{live_server.url}/inbox/{message.pk}/")
    assert "Queued: a worker sends it next." in page.locator(f"#reply-{reply.pk}").inner_text()
    assert page.locator("#state").inner_text() == "Sending"  # not "Awaiting approval"

    assert run_sends() == 1  # the worker's turn
    page.reload()
    assert "Sent to Facebook" in page.locator(f"#reply-{reply.pk}").inner_text()
    reply.refresh_from_db()
    assert (reply.state, reply.reviewer.username, reply.external_id) == ("sent", "rita", "1111_9001_reply")
    [sent] = [r for r in standin.requests_to("facebook") if r.method == "POST"]
    assert sent.path == "/1111_9001/comments"
    assert Message.objects.get(pk=message.pk).state == "replied"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"reply_submitted", "reply_approved", "reply_sent", "message_read"} <= actions
