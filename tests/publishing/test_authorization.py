"""A patient story goes out only with the patient's signed HIPAA
authorization on file, checked at approval and again at send time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from bedside.publishing import approval, sending
from bedside.publishing.approval import Authorization, PostError, VariantInput
from bedside.publishing.models import Post, Variant

pytestmark = pytest.mark.django_db

STORY = "Meet Rosa, who rang the bell this week after her last round of chemo. Her journey in her own words."
TODAY = date.today()


def _story(personas, channel, authorization: Authorization | None) -> Post:
    mona = personas["manager"].user
    post = approval.save(mona, title="Rosa rings the bell", content_type="patient_story", authorization=authorization,
                         variants=[VariantInput(channel, STORY, timezone.now())])
    return approval.submit(post, mona)


def test_a_patient_story_goes_to_a_reviewer_whatever_the_guard_says(personas, mastodon) -> None:
    post = _story(personas, mastodon, None)
    assert post.state == Post.State.AWAITING_APPROVAL


@pytest.mark.parametrize(("authorization", "says"), [
    (None, "signed authorization on file"),
    (Authorization("HIPAA-77", TODAY - timedelta(days=400), TODAY - timedelta(days=1), "mastodon"), "expired on"),
    (Authorization("HIPAA-77", TODAY - timedelta(days=5), None, "mastodon"), "no expiry given"),
    (Authorization("HIPAA-77", TODAY + timedelta(days=2), TODAY + timedelta(days=300), "mastodon"), "after today"),
    (Authorization("HIPAA-77", TODAY - timedelta(days=5), TODAY + timedelta(days=300), "facebook,x"),
     "does not cover mastodon"),
])
def test_a_reviewer_cannot_approve_a_story_without_a_valid_authorization(personas, mastodon, authorization,
                                                                         says) -> None:
    post = _story(personas, mastodon, authorization)
    with pytest.raises(PostError, match=says):
        approval.approve(post, personas["reviewer"].user, justification="Reviewed with the patient relations team.")
    assert Post.objects.get(pk=post.pk).state == Post.State.AWAITING_APPROVAL


def test_an_authorization_that_expires_after_approval_stops_the_post(personas, mastodon, timeline) -> None:
    signed = Authorization("HIPAA-77", TODAY - timedelta(days=5), TODAY + timedelta(days=30), "mastodon")
    post = approval.approve(_story(personas, mastodon, signed), personas["reviewer"].user,
                            justification="Signed authorization checked, scope covers Mastodon.")
    assert post.state == Post.State.APPROVED
    Post.objects.filter(pk=post.pk).update(authorization_expires=TODAY - timedelta(days=1))  # time passed
    sending.publish_due()
    variant = Variant.objects.get(post=post)
    assert variant.state == Variant.State.FAILED and "expired" in variant.error
    assert not [r for r in timeline.server.requests_to("mastodon") if r.method == "POST"]
