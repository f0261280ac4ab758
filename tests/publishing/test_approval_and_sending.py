"""A post through the guard, compliance approval, the schedule and the
network, exactly once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from bedside.publishing import approval, sending
from bedside.publishing.approval import Authorization, VariantInput
from bedside.publishing.models import Attempt, Campaign, Post, Variant
from bedside.workspace.models import AuditEntry

pytestmark = pytest.mark.django_db

SAFE = "Flu shots are free at every Riverbend clinic this week. No appointment needed."
FLAGGED = "Happy birthday to our patient John Fakesmith in room 412, home after his bypass surgery!"
# FLAGGED reads as a patient story: it goes out only with the patient's signed authorization.
SIGNED = Authorization("HIPAA-2026-0114", date.today() - timedelta(days=10), date.today() + timedelta(days=300),
                       "mastodon")


def _post(author, channel, body=SAFE, *, when=None, link="", campaign=None) -> Post:
    return approval.save(author, title="Flu week", variants=[VariantInput(channel, body, when)], link=link,
                         campaign=campaign, authorization=SIGNED if body == FLAGGED else None)


def _creates(timeline) -> list:
    return [r for r in timeline.server.requests_to("mastodon") if r.method == "POST"]


def test_a_post_the_guard_allows_is_approved_and_published_when_due(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    flu = Campaign.objects.create(name="Flu season", slug="flu-season")
    when = timezone.now() + timedelta(hours=1)
    post = approval.submit(_post(mona, mastodon, when=when, link="https://riverbend.example/flu", campaign=flu), mona)
    assert (post.state, post.verdict) == ("approved", "allow")
    variant = post.variants.get()
    assert variant.state == Variant.State.SCHEDULED
    assert sending.publish_due(now=timezone.now()) == []  # not yet due
    assert sending.publish_due(now=when + timedelta(seconds=1)) == [variant.pk]
    variant.refresh_from_db()
    assert variant.state == Variant.State.PUBLISHED and variant.external_id == timeline.statuses[0]["id"]
    [create] = _creates(timeline)
    sent = create.json()["status"]
    assert sent.startswith(SAFE) and "utm_source=mastodon&utm_medium=social&utm_campaign=flu-season" in sent
    assert sending.publish_due(now=when + timedelta(minutes=5)) == []  # published once
    assert len(_creates(timeline)) == 1
    actions = list(AuditEntry.objects.filter(object_type="publishing.post").order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["post_drafted", "post_submitted", "post_publishing", "post_published"]


def test_a_flagged_post_waits_for_a_reviewer_who_is_not_its_author(personas, mastodon, timeline) -> None:
    alice, rita = personas["admin"].user, personas["reviewer"].user
    post = approval.submit(_post(alice, mastodon, FLAGGED, when=timezone.now()), alice)
    assert post.state == Post.State.AWAITING_APPROVAL and post.verdict in ("review", "block")
    assert post.variants.get().guard_detail["findings"]
    assert sending.publish_due() == [] and not _creates(timeline)
    with pytest.raises(approval.PostError, match="its own author"):
        approval.approve(post, alice, justification="x" * 40)
    with pytest.raises(approval.PostError, match="compliance reviewer"):
        approval.approve(post, personas["manager"].user, justification="x" * 40)
    post = approval.approve(post, rita, "fine", justification="The patient signed a written authorization on file.")
    assert (post.state, post.reviewer) == ("approved", rita)
    assert len(sending.publish_due()) == 1 and len(_creates(timeline)) == 1


def test_a_blocked_post_needs_a_written_justification(personas, mastodon) -> None:
    mona, rita = personas["manager"].user, personas["reviewer"].user
    post = approval.submit(_post(mona, mastodon, FLAGGED), mona)
    post.verdict = "block"
    post.save(update_fields=["verdict"])
    for too_short in ("", "ok", "   fine by me   "):
        with pytest.raises(approval.PostError, match="write why"):
            approval.approve(post, rita, justification=too_short)
    assert Post.objects.get(pk=post.pk).state == Post.State.AWAITING_APPROVAL
    approved = approval.approve(post, rita, justification="Authorization form on file, signed and in scope.")
    assert approved.justification.startswith("Authorization form")


def test_editing_an_approved_post_sends_it_back_for_approval(personas, mastodon) -> None:
    mona = personas["manager"].user
    post = approval.submit(_post(mona, mastodon, when=timezone.now() + timedelta(hours=2)), mona)
    assert post.state == Post.State.APPROVED
    post = approval.save(mona, title="Flu week", variants=[VariantInput(mastodon, SAFE + " Bring your card.",
                                                                        timezone.now() + timedelta(hours=2))],
                         post=post)
    assert post.state == Post.State.DRAFT and post.variants.get().state == Variant.State.DRAFT
    assert sending.due(timezone.now() + timedelta(hours=3)).count() == 0
    with pytest.raises(approval.PostError, match="Only the post's author"):
        approval.save(personas["admin"].user, title="x", variants=[VariantInput(mastodon, SAFE)], post=post)


def test_it_refuses_bad_input_with_every_problem_at_once(personas, mastodon, ours) -> None:
    from bedside.channels.models import Channel

    yelp = Channel.objects.create(organization=ours, network="yelp", handle="riverbend-health")
    with pytest.raises(approval.PostError) as caught:
        approval.save(personas["manager"].user, title=" ", link="riverbend.example",
                      variants=[VariantInput(mastodon, "word " * 200), VariantInput(yelp, SAFE)])
    errors = caught.value.errors
    assert set(errors) == {"title", "link", f"variant_{mastodon.pk}", f"variant_{yelp.pk}"}
    assert "too many" in errors[f"variant_{mastodon.pk}"][0] and "cannot be published" in errors[f"variant_{yelp.pk}"][0]
    assert not Post.objects.exists()


def test_two_workers_never_both_claim_a_variant(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    post = approval.submit(_post(mona, mastodon, when=timezone.now()), mona)
    variant = post.variants.get()
    now = timezone.now()
    # Both workers read it as due; only the first conditional update changes a row.
    assert sending.due(now).filter(pk=variant.pk).exists()
    assert sending.claim(variant.pk, now) is True
    assert sending.claim(variant.pk, now) is False
    assert sending.publish(variant.pk, now=now) is None
    assert not _creates(timeline)


def test_a_worker_killed_after_the_network_got_the_post_does_not_post_it_twice(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    post = approval.submit(_post(mona, mastodon, when=timezone.now() - timedelta(minutes=30)), mona)
    variant = post.variants.get()
    started = timezone.now() - timedelta(minutes=20)
    # The dead worker: claimed, recorded its attempt, the network stored the post, then it was killed.
    assert sending.claim(variant.pk, started)
    Attempt.objects.create(variant=variant, number=1, started_at=started)
    timeline.add(approval.published_text(variant), when=started + timedelta(seconds=2))
    assert sending.publish_due() == [variant.pk]
    variant.refresh_from_db()
    assert variant.state == Variant.State.PUBLISHED and variant.external_id == timeline.statuses[0]["id"]
    assert not _creates(timeline) and len(timeline.statuses) == 1
    assert list(variant.tries.values_list("outcome", flat=True)) == ["unknown", "found"]


def test_a_worker_killed_before_the_network_got_it_publishes_it_once_after_reading_back(
        personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    post = approval.submit(_post(mona, mastodon, when=timezone.now() - timedelta(minutes=30)), mona)
    variant = post.variants.get()
    started = timezone.now() - timedelta(minutes=20)
    assert sending.claim(variant.pk, started)
    Attempt.objects.create(variant=variant, number=1, started_at=started)
    timeline.add("An older post about parking at the north campus.", when=started - timedelta(days=2))
    assert sending.publish_due() == [variant.pk]
    assert len(_creates(timeline)) == 1
    reads = [r.path for r in timeline.server.requests_to("mastodon") if r.method == "GET"]
    assert any(p.endswith("/statuses") for p in reads)  # it looked before it posted


def test_an_unanswered_post_is_found_on_the_retry_not_posted_again(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    post = approval.submit(_post(mona, mastodon, when=timezone.now()), mona)
    variant = post.variants.get()
    timeline.drop_answer = 1  # stored, but the answer is a 503
    assert sending.publish_due() == []
    variant.refresh_from_db()
    assert variant.state == Variant.State.UNKNOWN and "unknown" in variant.error and variant.retry_at
    assert sending.publish_due(now=variant.retry_at + timedelta(seconds=1)) == [variant.pk]
    assert len(_creates(timeline)) == 1 and len(timeline.statuses) == 1
    variant.refresh_from_db()
    assert variant.external_id == timeline.statuses[0]["id"]


def test_a_refusal_shows_the_networks_message_and_can_be_retried(personas, mastodon, timeline) -> None:
    from tests.standin.server import Response

    mona = personas["manager"].user
    post = approval.submit(_post(mona, mastodon, when=timezone.now()), mona)
    variant = post.variants.get()
    timeline.server.fail_next("mastodon", Response(422, {"error": "Validation failed: Text is a duplicate"}))
    sending.publish_due()
    variant.refresh_from_db()
    assert variant.state == Variant.State.FAILED and "duplicate" in variant.error
    assert sending.publish_due(now=timezone.now() + timedelta(days=1)) == []  # a person decides
    variant = sending.publish_now(variant, mona)
    assert variant.state == Variant.State.PUBLISHED and variant.attempts == 2


def test_the_guard_runs_again_at_send_time(personas, mastodon, timeline, monkeypatch) -> None:
    mona = personas["manager"].user
    post = approval.submit(_post(mona, mastodon, when=timezone.now()), mona)
    real = approval.check
    # The vocabulary changed after approval (a new patient's name): the same
    # text is now flagged. Stood in by the guard's verdict on a flagged text.
    monkeypatch.setattr(sending, "check", lambda text: real(FLAGGED))
    sending.publish_due()
    variant = post.variants.get()
    assert variant.state == Variant.State.FAILED and "At send time the guard" in variant.error
    assert not _creates(timeline)


def test_rescheduling_moves_an_approved_variant_and_is_refused_once_published(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    post = approval.submit(_post(mona, mastodon), mona)
    variant = post.variants.get()
    assert variant.state == Variant.State.DRAFT  # approved but no time yet
    later = timezone.now() + timedelta(days=2)
    variant = approval.schedule(variant, later, mona)
    assert (variant.state, variant.scheduled_at) == (Variant.State.SCHEDULED, later)
    sending.publish_due(now=later)
    with pytest.raises(approval.PostError, match="cannot be rescheduled"):
        approval.schedule(variant, later + timedelta(days=1), mona)


def test_a_rejected_post_goes_back_to_its_author_with_the_note(personas, mastodon) -> None:
    mona, rita = personas["manager"].user, personas["reviewer"].user
    post = approval.submit(_post(mona, mastodon, FLAGGED, when=timezone.now()), mona)
    post = approval.reject(post, rita, "do not name a patient without the signed form")
    assert post.state == Post.State.REJECTED and post.review_note.startswith("do not name")
    assert sending.due(timezone.now()).count() == 0
    post = approval.save(mona, title="Flu week", variants=[VariantInput(mastodon, SAFE, timezone.now())], post=post)
    assert approval.submit(post, mona).state == Post.State.APPROVED


@pytest.mark.parametrize(("network", "handle"), [("x", "RiverbendHealth"), ("facebook", "MayoClinic"),
                                                  ("bluesky", "riverbend.bsky.social")])
def test_one_post_goes_to_each_networks_stand_in_with_its_own_tracking(personas, ours, standin, monkeypatch,
                                                                      network, handle) -> None:
    from bedside.channels.models import Channel

    standin.load(network)
    monkeypatch.setenv(f"BEDSIDE_API_BASE_{network.upper()}", standin.base_url(network))
    # Bluesky signs in with the handle and an app password (networks/bluesky.py).
    extra = {"client_id": handle, "client_secret": "app-pass-word"} if network == "bluesky" else {}
    channel = Channel.objects.create(organization=ours, network=network, handle=handle,
                                     credentials={"token": "test-token", **extra})
    mona = personas["manager"].user
    post = approval.submit(approval.save(mona, title="Flu", link="https://riverbend.example/flu",
                                         variants=[VariantInput(channel, SAFE, timezone.now())]), mona)
    [variant_id] = sending.publish_due()
    variant = Variant.objects.get(pk=variant_id)
    assert variant.state == Variant.State.PUBLISHED and variant.external_id, variant.error
    [sent] = [r for r in standin.requests_to(network) if r.method == "POST" and "Session" not in r.path]
    assert f"utm_source%3D{network}" in sent.body.decode() or f"utm_source={network}" in sent.body.decode()
    assert post.variants.get().network == network
