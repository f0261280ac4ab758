"""The one state machine of messages and replies: what the table allows
happens, anything else raises, and a message's state follows its replies."""

from __future__ import annotations

import re

import pytest

from bedside.inbox import replies, states, workflow
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Message, Reply, State
from tests.inbox.conftest import run_sends
from tests.standin.server import Response, fixture

pytestmark = pytest.mark.django_db

SAFE = "Thank you for reaching out. Please call our patient relations team so we can follow up privately."
R = Reply.State


def test_every_state_has_a_row_and_every_target_is_a_state() -> None:
    assert set(states.REPLY) == set(R.values)
    assert set(states.MESSAGE) == set(State.values)
    for table, values in ((states.REPLY, set(R.values)), (states.MESSAGE, set(State.values))):
        for current, moves in table.items():
            assert set(moves) <= values, current
            assert all(why for why in moves.values())


@pytest.mark.parametrize(("current", "wanted"), [
    (R.SENT, R.SENDING),  # a sent reply is never sent again
    (R.SENT, R.DRAFT),
    (R.DRAFT, R.SENDING),  # nothing skips the guard and the approval
    (R.AWAITING_APPROVAL, R.SENDING),
    (R.REJECTED, R.SENT),
    (R.APPROVED, R.SENT),  # only a claimed (sending) reply is sent
])
def test_illegal_reply_moves_raise(current: str, wanted: str) -> None:
    with pytest.raises(states.IllegalTransition, match=f"{current!r} cannot become {wanted!r}"):
        states.reply_to(Reply(state=current), wanted)


@pytest.mark.parametrize(("current", "wanted"), [
    (State.CLOSED, State.REPLIED),
    (State.HIDDEN, State.NEW),
    (State.HIDDEN, State.REPLIED),
    (State.REPLIED, State.NEW),
])
def test_illegal_message_moves_raise(stored, current: str, wanted: str) -> None:
    message = stored("hello", state=current)
    with pytest.raises(states.IllegalTransition):
        states.message_to(message, wanted)
    assert Message.objects.get(pk=message.pk).state == current


def test_reopening_an_open_message_is_refused(stored, personas) -> None:
    with pytest.raises(workflow.WorkflowError):
        workflow.reopen(stored("hello"), actor=personas["responder"].user)


def test_a_failed_send_says_failed_to_send_and_is_counted_and_filtered(stored, personas, on_facebook_standin) -> None:
    message = stored("Nobody called me back", external_id="1111_9001")
    other = stored("Where do I park?")
    triage_stored([message.pk, other.pk])
    ray = personas["responder"].user
    on_facebook_standin.fail_next("facebook", Response(400, fixture("facebook/errors.json")["expired"]))
    replies.submit(replies.draft(Message.objects.get(pk=message.pk), ray, SAFE), ray)
    run_sends()
    assert Message.objects.get(pk=message.pk).state == State.SEND_FAILED
    client = personas["responder"].client
    listed = client.get("/inbox/?state=send_failed").content.decode()
    assert f"/inbox/{message.pk}/" in listed and f"/inbox/{other.pk}/" not in listed
    assert "Failed to send" in client.get("/inbox/").content.decode()
    from bedside.inbox.views.listing import open_counts

    assert open_counts()[1]["Failed to send"] == 1
    page = client.get(f"/inbox/{message.pk}/").content.decode()
    assert 'id="state">Failed to send<' in page and "Retry sending" in page


def test_an_approved_reply_that_failed_leaves_no_message_awaiting_an_empty_queue(stored, personas,
                                                                              on_facebook_standin) -> None:
    message = stored("Tom Fakename was on 4 West", external_id="1111_9001")
    triage_stored([message.pk])
    ray, rita = personas["responder"].user, personas["reviewer"].user
    reply = replies.submit(replies.draft(Message.objects.get(pk=message.pk), ray,
                                         "Sorry about your stay on 4 West, Tom. We reviewed your chart."), ray)
    assert Message.objects.get(pk=message.pk).state == State.AWAITING_APPROVAL
    on_facebook_standin.fail_next("facebook", Response(400, fixture("facebook/errors.json")["expired"]))
    replies.approve(reply, rita, justification="The family asked us publicly; legal agreed.")
    run_sends()
    assert Reply.objects.get(pk=reply.pk).state == R.FAILED
    assert not Reply.objects.filter(state=R.AWAITING_APPROVAL).exists()
    assert Message.objects.get(pk=message.pk).state == State.SEND_FAILED


def test_a_rejected_reply_reads_written_by_and_rejected_by(stored, personas) -> None:
    message = stored("Tom Fakename was on 4 West")
    triage_stored([message.pk])
    ray, rita = personas["responder"].user, personas["reviewer"].user
    reply = replies.submit(replies.draft(Message.objects.get(pk=message.pk), ray,
                                         "Sorry about your stay on 4 West, Tom. We reviewed your chart."), ray)
    replies.reject(reply, rita, "no unit names")
    page = personas["admin"].client.get(f"/inbox/{message.pk}/").content.decode()
    assert "Rejected</strong> · written by ray" in page and "rejected by rita" in page
    assert "Rejected</strong> by ray" not in page


def test_a_reply_too_long_for_x_is_refused_at_submit_and_never_sent(ours, personas, standin, monkeypatch) -> None:
    from bedside.channels.models import Channel

    standin.load("x")
    monkeypatch.setenv("BEDSIDE_API_BASE_X", standin.base_url("x"))
    channel = Channel.objects.create(organization=ours, network="x", handle="MayoClinic",
                                     credentials={"token": "test-token"})
    from django.utils import timezone

    message = Message.objects.create(channel=channel, network="x", external_id="1850000000000000001", kind="mention",
                                     author_handle="someone", body="when is the pharmacy open?",
                                     published_at=timezone.now())
    ray = personas["responder"]
    long_reply = ("Our pharmacy is open from eight until six on weekdays and nine until one on Saturdays. " * 5).strip()
    assert len(long_reply) > 280
    page = ray.client.post(f"/inbox/{message.pk}/replies/", {"body": long_reply, "action": "send"},
                           follow=True).content.decode()
    assert "The network would refuse this reply" in page and "too many for a reply on x" in page
    assert Reply.objects.get().state == R.DRAFT
    assert run_sends() == 0 and not [r for r in standin.requests_to("x") if r.method == "POST"]
    # As it is typed: the composer's check counts it as X does and says why.
    checked = re.sub(r"<[^>]+>", "", ray.client.post(f"/inbox/{message.pk}/check/", {"body": long_reply}).content.decode())
    assert f"{len(long_reply)} of 280 characters as X (Twitter) counts them" in checked
    assert "It will not be sent like this." in checked
    fits = re.sub(r"<[^>]+>", "", ray.client.post(f"/inbox/{message.pk}/check/", {"body": "Eight until six."}).content.decode())
    assert "16 of 280 characters" in fits and "will not be sent" not in fits


def test_a_reply_that_stopped_fitting_is_refused_by_the_worker_too(stored, personas, on_facebook_standin) -> None:
    message = stored("Nobody called me back", external_id="1111_9001")
    triage_stored([message.pk])
    ray = personas["responder"].user
    reply = replies.submit(replies.draft(Message.objects.get(pk=message.pk), ray, SAFE), ray)
    Reply.objects.filter(pk=reply.pk).update(body="x" * 8001)  # over Facebook's 8,000 after it was queued
    run_sends()
    reply.refresh_from_db()
    assert reply.state == R.FAILED and "8,001 of 8,000" in reply.error
    assert not [r for r in on_facebook_standin.requests_to("facebook") if r.method == "POST"]
