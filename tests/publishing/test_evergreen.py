"""Evergreen queues: approved posts take the weekly slots in turn, a post
used within the minimum gap is skipped, and the rotation starts over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from bedside.publishing import approval, evergreen, recurring, sending, tasks
from bedside.publishing.approval import PostError, VariantInput
from bedside.publishing.models import EvergreenQueue, Post, QueueEntry, Variant
from bedside.workspace import scheduler

pytestmark = pytest.mark.django_db

TEXTS = {"Garden": "Our community garden is open to everyone on weekends.",
         "Parking": "Free parking for visitors in the north garage.",
         "Cafe": "The hospital cafe serves soup every day at noon."}
MONDAY = datetime(2027, 3, 1, tzinfo=UTC)  # a worker's "now": Monday, the month US clocks go forward


def _queue(mona, channel, *, gap=0, slots="Tue 10:00, Thu 10:00") -> EvergreenQueue:
    queue = evergreen.save(mona, name="Evergreen", channels=[channel], slots=slots, min_gap_days=gap,
                           time_zone="America/New_York")
    for title, text in TEXTS.items():
        evergreen.add_post(queue, mona, title=title, text=text)
    recurring.withdraw(queue.occurrences.all())  # made for today's weeks; these tests run from MONDAY
    return queue


def _slots(queue) -> list[tuple[str, str]]:
    return [(p.occurrence_at.isoformat(), p.title)
            for p in Post.objects.filter(queue=queue).order_by("occurrence_at")]


def test_the_worker_fills_the_slots_in_rotation_and_starts_over(personas, mastodon) -> None:
    mona = personas["manager"].user
    queue = _queue(mona, mastodon)
    assert recurring.fill_queue(queue, now=MONDAY, horizon=timedelta(days=21)) == 6
    assert recurring.fill_queue(queue, now=MONDAY, horizon=timedelta(days=21)) == 0  # each slot once
    assert _slots(queue) == [
        ("2027-03-02T15:00:00+00:00", "Garden"), ("2027-03-04T15:00:00+00:00", "Parking"),
        ("2027-03-09T15:00:00+00:00", "Cafe"), ("2027-03-11T15:00:00+00:00", "Garden"),  # DST since Sunday: 10:00
        ("2027-03-16T14:00:00+00:00", "Parking"), ("2027-03-18T14:00:00+00:00", "Cafe")]
    for post in Post.objects.filter(queue=queue):
        assert post.state == "approved" and post.variants.get().state == Variant.State.SCHEDULED


def test_a_post_used_within_the_minimum_gap_is_skipped_and_a_slot_may_stay_empty(personas, mastodon) -> None:
    mona = personas["manager"].user
    queue = _queue(mona, mastodon, gap=6)
    recurring.fill_queue(queue, now=MONDAY, horizon=timedelta(days=14))
    # Three posts, two slots a week, six days apart at least: Tue, Thu, Tue, then Garden again
    # on Thursday 03-11 would be nine days after 03-02: allowed.
    assert [t for _, t in _slots(queue)] == ["Garden", "Parking", "Cafe", "Garden"]
    queue.min_gap_days = 20
    queue.save()
    recurring.withdraw(queue.occurrences.all(), now=MONDAY)
    recurring.fill_queue(queue, now=MONDAY, horizon=timedelta(days=14))
    assert [t for _, t in _slots(queue)] == ["Garden", "Parking", "Cafe"]  # the fourth slot: nobody may take it


def test_each_slot_is_published_once_through_the_network(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    queue = _queue(mona, mastodon)
    recurring.fill_queue(queue, now=MONDAY, horizon=timedelta(days=7))
    first = Post.objects.filter(queue=queue).order_by("occurrence_at").first()
    for _ in range(2):  # two worker rounds at the slot's minute
        sending.publish_due(now=first.occurrence_at + timedelta(seconds=1))
    creates = [r for r in timeline.server.requests_to("mastodon") if r.method == "POST"]
    assert len(creates) == 1 and creates[0].json()["status"].startswith(TEXTS["Garden"])


def test_reordering_and_removing_refill_the_slots_to_come(personas, mastodon) -> None:
    mona = personas["manager"].user
    queue = _queue(mona, mastodon)
    entries = list(QueueEntry.objects.filter(queue=queue))
    evergreen.reorder(queue, [entries[2].pk, entries[0].pk, entries[1].pk], mona)
    recurring.withdraw(queue.occurrences.all())
    recurring.fill_queue(queue, now=MONDAY, horizon=timedelta(days=7))
    assert [t for _, t in _slots(queue)] == ["Cafe", "Garden"]
    evergreen.remove(entries[2], mona)
    recurring.withdraw(queue.occurrences.all())
    recurring.fill_queue(queue, now=MONDAY, horizon=timedelta(days=7))
    assert [t for _, t in _slots(queue)] == ["Garden", "Parking"]
    with pytest.raises(PostError, match="exactly once"):
        evergreen.reorder(queue, [entries[0].pk], mona)


def test_an_edited_post_leaves_the_rotation_until_it_is_approved_again(personas, mastodon) -> None:
    mona = personas["manager"].user
    queue = _queue(mona, mastodon)
    garden = QueueEntry.objects.get(queue=queue, post__title="Garden").post
    approval.save(mona, title="Garden", post=garden, variants=[VariantInput(mastodon, TEXTS["Garden"] + " Bring gloves.")])
    recurring.fill_queue(queue, now=MONDAY, horizon=timedelta(days=7))
    assert [t for _, t in _slots(queue)] == ["Parking", "Cafe"]


def test_pausing_a_queue_withdraws_its_slots_to_come(personas, mastodon) -> None:
    mona = personas["manager"].user
    queue = evergreen.save(mona, name="Evergreen", channels=[mastodon], slots="Mon 09:00, Wed 09:00, Fri 09:00")
    evergreen.add_post(queue, mona, title="Garden", text=TEXTS["Garden"])
    assert Post.objects.filter(queue=queue).exists()  # approved at once, slots filled at once
    recurring.set_queue_paused(queue, True, mona)
    assert not Post.objects.filter(queue=queue).exists() and recurring.generate() == 0
    recurring.set_queue_paused(queue, False, mona)
    assert Post.objects.filter(queue=queue).exists()


def test_bad_queue_settings_are_named(personas, mastodon) -> None:
    mona = personas["manager"].user
    with pytest.raises(PostError) as refused:
        evergreen.save(mona, name="", channels=[], slots="Tue ten", min_gap_days=400, time_zone="Nowhere/Land")
    assert {"name", "channels", "slots", "min_gap_days", "time_zone"} <= set(refused.value.errors)
    queue = evergreen.save(mona, name="Evergreen", channels=[mastodon], slots="Tue 10:00")
    regular = approval.save(mona, title="One-off", variants=[VariantInput(mastodon, TEXTS["Cafe"], timezone.now())])
    with pytest.raises(PostError, match="Only an evergreen post"):
        evergreen.add_existing(queue, regular, mona)


def test_the_scheduler_makes_occurrences_every_five_minutes(personas, mastodon) -> None:
    assert ("make recurring posts", "bedside.publishing.tasks.make_occurrences", 300) in scheduler.DEFAULTS
    assert tasks.make_occurrences.queue_name == "publish"
    assert tasks.make_occurrences.call() == 0
