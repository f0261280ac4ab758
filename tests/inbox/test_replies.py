"""Replies through the guard, compliance approval and the network client."""

from __future__ import annotations

import pytest

from bedside.inbox import replies
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Message, Reply, State
from bedside.workspace.models import AuditEntry
from tests.inbox.conftest import run_sends
from tests.standin.server import Response, fixture

pytestmark = pytest.mark.django_db

SAFE = "Thank you for reaching out. Please call our patient relations team so we can follow up privately."
FLAGGED = "Sorry about your stay on 4 West, Jane. We reviewed your chart and your test results."


@pytest.fixture
def message(stored) -> Message:
    m = stored("The nurse was rude and nobody called me back", external_id="1111_9001")
    triage_stored([m.pk])
    return Message.objects.get(pk=m.pk)


def test_a_reply_the_guard_allows_is_queued_then_sent_by_the_worker(message, personas, on_facebook_standin) -> None:
    ray = personas["responder"].user
    reply = replies.submit(replies.draft(message, ray, SAFE), ray)
    # The request only queued it: nothing went to the network yet.
    assert (reply.state, reply.verdict) == ("approved", "allow")
    assert not [r for r in on_facebook_standin.requests_to("facebook") if r.method == "POST"]
    assert Message.objects.get(pk=message.pk).state == State.SENDING
    assert run_sends() == 1
    reply.refresh_from_db()
    assert (reply.state, reply.verdict, reply.external_id) == ("sent", "allow", "1111_9001_reply")
    [request] = [r for r in on_facebook_standin.requests_to("facebook") if r.method == "POST"]
    assert request.path == "/1111_9001/comments" and SAFE in request.body.decode().replace("+", " ")
    message.refresh_from_db()
    assert message.state == State.REPLIED and message.first_replied_at is not None
    assert list(AuditEntry.objects.filter(object_id=str(reply.pk), object_type="inbox.reply")
                .order_by("id").values_list("action", flat=True)) == ["reply_drafted", "reply_submitted", "reply_queued",
                                                                      "reply_sending", "reply_sent"]


def test_a_flagged_reply_waits_for_a_reviewer_and_cannot_be_sent(message, personas, on_facebook_standin) -> None:
    ray = personas["responder"].user
    reply = replies.submit(replies.draft(message, ray, FLAGGED), ray)
    assert reply.state == Reply.State.AWAITING_APPROVAL and reply.verdict in ("review", "block")
    assert reply.guard_detail["findings"] and reply.guard_detail["reasons"]
    with pytest.raises(replies.ReplyError, match="only an approved reply"):
        replies.send(reply, actor=ray)
    assert run_sends() == 0
    message.refresh_from_db()
    assert message.state == State.AWAITING_APPROVAL
    assert not [r for r in on_facebook_standin.requests_to("facebook") if r.method == "POST"]


def test_nobody_approves_their_own_reply(message, personas, on_facebook_standin) -> None:
    alice = personas["admin"].user  # admins may approve, but not their own words
    reply = replies.submit(replies.draft(message, alice, FLAGGED), alice)
    with pytest.raises(replies.ReplyError, match="its own author"):
        replies.approve(reply, alice)
    with pytest.raises(replies.ReplyError, match="compliance reviewer"):
        replies.approve(reply, personas["responder"].user)
    assert Reply.objects.get(pk=reply.pk).state == Reply.State.AWAITING_APPROVAL


def test_a_reviewer_approves_and_the_reply_is_sent(message, personas, on_facebook_standin) -> None:
    ray, rita = personas["responder"].user, personas["reviewer"].user
    reply = replies.submit(replies.draft(message, ray, FLAGGED), ray)
    reply = replies.approve(reply, rita, "ok after call with legal",
                            justification="Legal confirmed the person named themselves publicly first.")
    assert Message.objects.get(pk=message.pk).state == State.SENDING  # not "Awaiting approval" any more
    run_sends()
    reply.refresh_from_db()
    assert (reply.state, reply.reviewer, reply.external_id) == ("sent", rita, "1111_9001_reply")
    assert AuditEntry.objects.filter(action="reply_approved", actor_name="rita").exists()


def test_a_rejected_reply_goes_back_to_its_author_with_a_note(message, personas) -> None:
    ray, rita = personas["responder"].user, personas["reviewer"].user
    reply = replies.submit(replies.draft(message, ray, FLAGGED), ray)
    reply = replies.reject(reply, rita, "do not name the unit")
    assert reply.state == Reply.State.REJECTED and reply.review_note == "do not name the unit"
    message.refresh_from_db()
    assert message.state == State.NEW
    with pytest.raises(replies.ReplyError, match="Only the reply's author"):
        replies.edit(reply, rita, SAFE)
    edited = replies.edit(reply, ray, SAFE)
    assert edited.state == Reply.State.DRAFT and AuditEntry.objects.filter(action="reply_edited").exists()


def test_a_reply_that_fails_to_send_keeps_the_error_and_can_be_retried(message, personas, on_facebook_standin) -> None:
    ray = personas["responder"].user
    on_facebook_standin.fail_next("facebook", Response(400, fixture("facebook/errors.json")["expired"]))
    reply = replies.submit(replies.draft(message, ray, SAFE), ray)
    run_sends()
    reply.refresh_from_db()
    assert reply.state == Reply.State.FAILED and "facebook" in reply.error
    assert Message.objects.get(pk=message.pk).state == State.SEND_FAILED  # not "New"
    replies.send(reply, actor=ray)
    run_sends()
    reply.refresh_from_db()
    assert (reply.state, reply.attempts) == (Reply.State.SENT, 2)
    assert Message.objects.get(pk=message.pk).state == State.REPLIED
    assert AuditEntry.objects.filter(action="reply_failed").exists()


def test_a_network_that_cannot_reply_holds_the_reply_to_post_by_hand(stored, personas, ours) -> None:
    from bedside.channels.models import Channel

    yelp = Channel.objects.create(organization=ours, network="yelp", handle="riverbend-health")
    m = Message.objects.create(channel=yelp, network="yelp", external_id="r1", kind="review",
                               published_at=stored("x").published_at, body="Great doctors")
    ray = personas["responder"].user
    reply = replies.submit(replies.draft(m, ray, "Thank you for the kind words!"), ray)
    # Nothing to call: it is not queued (a worker finds nothing) and never fails.
    assert run_sends() == 0
    reply.refresh_from_db()
    assert reply.state == Reply.State.TO_POST and not reply.error


@pytest.mark.parametrize("body", ["", "   ", "x" * (replies.MAX_REPLY + 1)])
def test_it_refuses_empty_and_oversized_replies(message, personas, body: str) -> None:
    with pytest.raises(replies.ReplyError):
        replies.draft(message, personas["responder"].user, body)
    assert not Reply.objects.exists()


def test_the_guard_reads_the_reply_with_the_message_it_answers(stored, personas) -> None:
    m = stored("My daughter Emma Fakename had her appendix out with you last week")
    echo = "We hope Emma is recovering well from the appendix surgery."
    assert replies.check(echo, m).verdict == "block"


def test_a_hidden_comment_stays_hidden_while_its_private_notice_is_reviewed_and_sent(
        message, personas, on_facebook_standin) -> None:
    ray, rita = personas["responder"].user, personas["reviewer"].user
    Message.objects.filter(pk=message.pk).update(state=State.HIDDEN)  # taken down on the network
    flagged = replies.submit(replies.draft(message, ray, FLAGGED, private=True), ray)
    assert flagged.state == Reply.State.AWAITING_APPROVAL
    assert Message.objects.get(pk=message.pk).state == State.HIDDEN
    replies.reject(flagged, rita, "do not name the unit")
    assert Message.objects.get(pk=message.pk).state == State.HIDDEN
    sent = replies.submit(replies.draft(message, ray, SAFE, private=True), ray)
    run_sends()
    sent.refresh_from_db()
    assert sent.state == Reply.State.SENT
    message.refresh_from_db()
    assert message.state == State.HIDDEN and message.first_replied_at is not None


def test_a_sent_reply_is_logged_without_its_body_or_the_comments(message, personas, on_facebook_standin,
                                                                caplog) -> None:
    ray = personas["responder"].user
    with caplog.at_level("DEBUG"):
        reply = replies.submit(replies.draft(message, ray, SAFE), ray)
        run_sends()
    reply.refresh_from_db()
    [sent] = [r for r in caplog.records if getattr(r, "event", "") == "reply.sent"]
    assert sent.fields == {"reply": reply.pk, "message": message.pk, "network": "facebook", "attempt": reply.attempts}
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert SAFE not in logged and message.body not in logged
