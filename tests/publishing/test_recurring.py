"""Recurring posts: the content approved once, each occurrence a real
scheduled post made ahead of time, published once through the network,
withdrawn when the series is paused or its content edited."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone

from bedside.publishing import approval, recurring, sending, series
from bedside.publishing.approval import Authorization, PostError, VariantInput
from bedside.publishing.models import Post, Series, Variant
from bedside.workspace.models import ApprovalStep, AuditEntry

pytestmark = pytest.mark.django_db

TIP = "Health tip of the week: a glass of water with every meal keeps the whole family hydrated."
# Reads as a patient story: it recurs only with (and within) the patient's signed authorization.
STORY = "Meet Dana Fakeworth, who walked out of our rehab unit on her own after her knee replacement!"
NY = "America/New_York"


def _rule(**kw) -> series.RuleInput:
    today = timezone.localdate()
    base = {"frequency": "weekly", "weekdays": [today.weekday(), (today.weekday() + 3) % 7], "at": time(10),
            "time_zone": "UTC", "starts_on": today}
    return series.RuleInput(**{**base, **kw})


def _content(channel, text=TIP, **kw) -> series.ContentInput:
    return series.ContentInput(title="Weekly health tip", variants=[VariantInput(channel, text)], **kw)


def _creates(timeline) -> list:
    return [r for r in timeline.server.requests_to("mastodon") if r.method == "POST"]


def test_an_approved_series_makes_one_scheduled_post_per_occurrence_for_four_weeks(personas, mastodon) -> None:
    mona = personas["manager"].user
    tip = series.create(mona, "Weekly health tip", _rule(), _content(mastodon))
    tip.template.refresh_from_db()
    assert (tip.template.state, tip.template.is_template) == ("approved", True)
    occurrences = list(Post.objects.filter(series=tip).order_by("occurrence_at"))
    now = timezone.now()
    expected = [t for t in recurring.rule_of(tip).times(now + recurring.HORIZON) if t >= now]
    assert 7 <= len(occurrences) == len(expected) <= 8  # two a week
    assert [p.occurrence_at for p in occurrences] == expected
    for post in occurrences:
        [variant] = post.variants.all()
        assert (post.state, post.made_from_id) == ("approved", tip.template.pk)
        assert (variant.state, variant.scheduled_at, variant.body) == ("scheduled", post.occurrence_at, TIP)
    assert not tip.template.variants.filter(scheduled_at__isnull=False).exists()  # the template has no time
    assert recurring.generate() == 0 and Post.objects.filter(series=tip).count() == len(occurrences)


def test_an_occurrence_is_made_once_even_when_two_runs_race(personas, mastodon) -> None:
    mona = personas["manager"].user
    tip = series.create(mona, "Weekly health tip", _rule(), _content(mastodon))
    first = Post.objects.filter(series=tip).order_by("occurrence_at").first()
    # The second worker got past its own "have" check: the database refuses the copy.
    assert recurring._copy(tip.template, first.occurrence_at, None, series=tip) is None
    assert Post.objects.filter(series=tip, occurrence_at=first.occurrence_at).count() == 1


def test_each_occurrence_is_published_once_and_the_template_never(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    tip = series.create(mona, "Weekly health tip", _rule(starts_on=timezone.localdate() + timedelta(days=1)),
                        _content(mastodon))
    times = list(Post.objects.filter(series=tip).order_by("occurrence_at").values_list("occurrence_at", flat=True))
    assert sending.publish_due(now=times[0] - timedelta(minutes=1)) == []
    assert len(sending.publish_due(now=times[0] + timedelta(seconds=5))) == 1
    assert sending.publish_due(now=times[0] + timedelta(minutes=5)) == []  # once
    assert len(sending.publish_due(now=times[1] + timedelta(seconds=5))) == 1
    assert len(_creates(timeline)) == 2 and all(c.json()["status"].startswith(TIP) for c in _creates(timeline))
    with pytest.raises(sending.PublishError, match="each of its times"):  # "publish now" on the template itself
        sending.publish_now(tip.template.variants.get(), mona)
    with pytest.raises(PostError, match="its times come from"):
        approval.schedule(tip.template.variants.get(), timezone.now(), mona)
    assert len(_creates(timeline)) == 2
    published = Variant.objects.filter(state=Variant.State.PUBLISHED)
    assert sorted(v.post.occurrence_at for v in published) == times[:2]


def test_the_send_time_guard_runs_for_each_occurrence(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    tip = series.create(mona, "Weekly health tip", _rule(starts_on=timezone.localdate() + timedelta(days=1)),
                        _content(mastodon))
    first = Post.objects.filter(series=tip).order_by("occurrence_at").first()
    # The words were approved as allowed; at send time the guard now sees a patient's name in them.
    Variant.objects.filter(post=first).update(body="Tip from John Fakesmith in room 412, after his bypass surgery")
    [variant] = [sending.publish(v.pk, now=first.occurrence_at) for v in first.variants.all()]
    assert variant.state == Variant.State.FAILED and "At send time the guard" in variant.error
    assert not _creates(timeline)


def test_pausing_withdraws_only_occurrences_to_come_and_resuming_makes_them_again(personas, mastodon,
                                                                                  timeline) -> None:
    mona = personas["manager"].user
    tip = series.create(mona, "Weekly health tip", _rule(starts_on=timezone.localdate() + timedelta(days=1)),
                        _content(mastodon))
    first = Post.objects.filter(series=tip).order_by("occurrence_at").first()
    sending.publish_due(now=first.occurrence_at + timedelta(seconds=1))
    count = Post.objects.filter(series=tip).count()
    # Paused just after the first went out.
    later = first.occurrence_at + timedelta(minutes=1)
    assert recurring.withdraw(tip.occurrences.all(), now=later) == count - 1
    assert list(Post.objects.filter(series=tip)) == [first]
    assert first.variants.get().state == Variant.State.PUBLISHED
    recurring.set_series_state(tip, Series.State.PAUSED, mona)
    assert recurring.generate() == 0 and Post.objects.filter(series=tip).count() == 1
    recurring.set_series_state(tip, Series.State.ACTIVE, mona)
    assert Post.objects.filter(series=tip).count() > 1
    recurring.set_series_state(tip, Series.State.ENDED, mona)
    assert list(Post.objects.filter(series=tip)) == [first]
    with pytest.raises(ValueError, match="ended"):
        recurring.set_series_state(tip, Series.State.ACTIVE, mona)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"series_created", "series_paused", "series_active", "series_ended", "post_occurrence_made"} <= actions


def test_editing_the_content_sends_it_back_and_withdraws_what_was_made_from_it(personas, mastodon) -> None:
    mona = personas["manager"].user
    tip = series.create(mona, "Weekly health tip", _rule(), _content(mastodon))
    assert Post.objects.filter(series=tip).exists()
    template = approval.save(mona, title="Weekly health tip", post=tip.template,
                             variants=[VariantInput(mastodon, TIP + " Take the stairs too.", timezone.now())])
    assert template.state == Post.State.DRAFT
    assert not Post.objects.filter(series=tip).exists()
    assert recurring.generate() == 0  # not approved: nothing is made
    assert template.variants.get().scheduled_at is None  # a template never gets a time of its own
    approval.submit(template, mona)
    assert {p.variants.get().body for p in Post.objects.filter(series=tip)} == {TIP + " Take the stairs too."}


def test_flagged_content_waits_for_its_reviewer_then_recurs_without_new_approval(personas, mastodon) -> None:
    mona, rita = personas["manager"].user, personas["reviewer"].user
    today = timezone.localdate()
    signed = Authorization("HIPAA-2026-0301", today - timedelta(days=3), today + timedelta(days=60), "mastodon")
    story = series.create(mona, "Rehab stories", _rule(count=4), _content(mastodon, STORY, authorization=signed))
    story.template.refresh_from_db()
    assert story.template.state == Post.State.AWAITING_APPROVAL and not Post.objects.filter(series=story).exists()
    approval.approve(story.template, rita, justification="The patient signed a written authorization on file.")
    made = list(Post.objects.filter(series=story))
    assert 1 <= len(made) <= 4 and all(p.state == "approved" and p.reviewer == rita for p in made)


def test_a_patient_story_cannot_recur_beyond_its_authorization(personas, mastodon, timeline) -> None:
    mona, rita = personas["manager"].user, personas["reviewer"].user
    today = timezone.localdate()
    short = Authorization("HIPAA-2026-0302", today - timedelta(days=3), today + timedelta(days=20), "mastodon")
    for rule in (_rule(), _rule(ends_on=today + timedelta(days=40)), _rule(count=20)):
        with pytest.raises(PostError, match="beyond its authorization"):
            series.create(mona, "Rehab stories", rule, _content(mastodon, STORY, authorization=short))
    assert not Series.objects.exists() and not Post.objects.exists()  # nothing half-written
    story = series.create(mona, "Rehab stories", _rule(ends_on=today + timedelta(days=14),
                                                        starts_on=today + timedelta(days=1)),
                          _content(mastodon, STORY, authorization=short))
    approval.approve(story.template, rita, justification="The patient signed a written authorization on file.")
    first = Post.objects.filter(series=story).order_by("occurrence_at").first()
    # The authorization turned out to have ended early: each send checks it again.
    Post.objects.filter(pk=first.pk).update(authorization_expires=today - timedelta(days=1))
    [variant] = [sending.publish(v.pk, now=first.occurrence_at) for v in first.variants.all()]
    assert variant.state == Variant.State.FAILED and "expired" in variant.error and not _creates(timeline)


def test_a_new_chain_step_stops_the_series_until_the_content_is_approved_again(personas, mastodon) -> None:
    mona = personas["manager"].user
    tip = series.create(mona, "Weekly health tip", _rule(), _content(mastodon))
    recurring.withdraw(tip.occurrences.all())
    ApprovalStep.objects.create(position=1, name="Content", role="social_manager", when="always")
    assert "approval chain asks more" in recurring.ready(Post.objects.get(pk=tip.template_id))
    assert recurring.generate() == 0 and not Post.objects.filter(series=tip).exists()


def test_occurrences_keep_their_local_time_through_a_dst_change(personas, mastodon) -> None:
    mona = personas["manager"].user
    tip = series.create(mona, "Weekly health tip", _rule(time_zone=NY, weekdays=[1, 3], starts_on=date(2027, 3, 1)),
                        _content(mastodon))
    # The week US clocks go forward (Sunday 2027-03-14), made by a worker running on 2027-03-08.
    assert recurring.generate_series(tip, now=datetime(2027, 3, 8, tzinfo=UTC), horizon=timedelta(days=10)) == 3
    times = [p.occurrence_at.isoformat() for p in Post.objects.filter(series=tip).order_by("occurrence_at")]
    assert times == ["2027-03-09T15:00:00+00:00", "2027-03-11T15:00:00+00:00", "2027-03-16T14:00:00+00:00"]


def test_changing_the_rule_replaces_the_occurrences_to_come(personas, mastodon) -> None:
    mona = personas["manager"].user
    tip = series.create(mona, "Weekly health tip", _rule(), _content(mastodon))
    day = (timezone.localdate() + timedelta(days=10)).day
    series.change_rule(tip, mona, "Monthly health tip", _rule(frequency="monthly", day_of_month=day, weekdays=[]))
    made = list(Post.objects.filter(series=tip))
    assert len(made) == 1 and made[0].occurrence_at.astimezone(UTC).day == day
    with pytest.raises(PostError) as refused:
        series.change_rule(tip, mona, "", _rule(weekdays=[], at=None))
    assert {"name", "weekdays", "time"} <= set(refused.value.errors)
