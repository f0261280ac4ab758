"""Replies to reviews on sites with no reply API: approved through the guard
and the approval flow like any reply, then copied onto the site by a person
who marks them posted (who and when, audited)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import by_hand, replies
from bedside.inbox.models import Message, Reply, State
from bedside.workspace.models import AuditEntry
from tests.inbox.conftest import run_sends

pytestmark = pytest.mark.django_db

THANKS = "Thank you for taking the time to write. Please call our patient relations office so we can help."
FLAGGED = "Sorry about your stay on 4 West, Jane. We reviewed your chart and your test results."


@pytest.fixture
def review(ours) -> Message:
    site = Channel.objects.create(organization=ours, network="healthgrades", handle="https://www.healthgrades.com")
    return Message.objects.create(
        channel=site, network="healthgrades", external_id="hg-review-7", kind=Message.Kind.REVIEW,
        body="Waited two hours and the front desk never explained why.", rating=2.0,
        url="https://www.healthgrades.com/physician/dr-amara-okafor-xyz#review-7",
        published_at=timezone.now() - timedelta(hours=5))


def test_an_allowed_reply_waits_to_be_posted_by_hand_and_the_message_stays_open(review, personas) -> None:
    ray = personas["responder"].user
    reply = replies.submit(replies.draft(review, ray, THANKS), ray)
    assert reply.state == Reply.State.TO_POST
    assert run_sends() == 0  # nothing was queued for a worker
    review.refresh_from_db()
    assert review.state == State.NEW and review.first_replied_at is None
    assert AuditEntry.objects.filter(action="reply_to_post_by_hand", object_id=str(reply.pk)).exists()


def test_marking_it_posted_records_who_and_when_and_answers_the_review(review, personas) -> None:
    ray, mona = personas["responder"].user, personas["manager"].user
    reply = replies.submit(replies.draft(review, ray, THANKS), ray)
    posted = by_hand.mark_posted(reply, mona, url="https://www.healthgrades.com/physician/x#reply-7")
    assert (posted.state, posted.posted_by, posted.get_state_display()) == ("posted", mona, "Posted by hand")
    assert posted.sent_at is not None and posted.url.endswith("#reply-7")
    review.refresh_from_db()
    assert review.state == State.REPLIED and review.first_replied_at == posted.sent_at
    [entry] = AuditEntry.objects.filter(action="reply_posted_by_hand")
    assert entry.actor_name == "mona" and entry.object_id == str(reply.pk)
    # A second click, by anyone, changes nothing and says who posted it.
    with pytest.raises(by_hand.PostedError, match="mona already marked"):
        by_hand.mark_posted(posted, ray)
    assert AuditEntry.objects.filter(action="reply_posted_by_hand").count() == 1


def test_a_flagged_reply_goes_through_approval_before_it_can_be_posted(review, personas) -> None:
    ray, rita = personas["responder"].user, personas["reviewer"].user
    reply = replies.submit(replies.draft(review, ray, FLAGGED), ray)
    assert reply.state == Reply.State.AWAITING_APPROVAL
    with pytest.raises(by_hand.PostedError, match="awaiting approval"):
        by_hand.mark_posted(reply, ray)
    approved = replies.approve(reply, rita, justification="Patient named herself publicly; reviewed with legal.")
    approved.refresh_from_db()
    assert approved.state == Reply.State.TO_POST


def test_only_people_who_answer_messages_mark_replies_posted(review, personas) -> None:
    ray = personas["responder"].user
    reply = replies.submit(replies.draft(review, ray, THANKS), ray)
    with pytest.raises(by_hand.PostedError, match="Only someone who answers"):
        by_hand.mark_posted(reply, personas["viewer"].user)
    with pytest.raises(by_hand.PostedError, match="https://"):
        by_hand.mark_posted(reply, ray, url="javascript:alert(1)")
    reply.refresh_from_db()
    assert reply.state == Reply.State.TO_POST


def test_the_message_page_shows_the_text_to_copy_and_marks_it_posted(review, personas) -> None:
    ray = personas["responder"]
    reply = replies.submit(replies.draft(review, ray.user, THANKS), ray.user)
    page = ray.client.get(f"/inbox/{review.pk}/").content.decode()
    assert "Approved: to post by hand" in page and f'id="copy-{reply.pk}"' in page
    assert 'href="https://www.healthgrades.com/physician/dr-amara-okafor-xyz#review-7"' in page
    response = ray.client.post(f"/inbox/{review.pk}/replies/{reply.pk}/", {"action": "posted", "url": ""})
    assert response.status_code == 302
    page = ray.client.get(f"/inbox/{review.pk}/").content.decode()
    assert "Posted by hand on Healthgrades by ray" in page and "Mark as posted" not in page
