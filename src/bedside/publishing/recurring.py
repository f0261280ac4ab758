"""Recurring posts and evergreen queues, made into real scheduled posts.

The content of a series or a queue entry is a template post: composed,
guarded and approved once through the one approval machine (an edit sends
it back for approval, as for any post); it is never sent itself. The worker
(``generate``) copies the approved template into one ordinary post per
occurrence for the next ``HORIZON``, scheduled at its time, so the calendar
shows it and the send path treats it like any other post: claimed once, the
guard run again at send time, a patient story's authorization checked again.

Exactly once: an occurrence is unique per (series, time) and (queue, time)
in the database, and each series or queue is generated under its row lock,
so two workers (or two runs) never make one twice. Pausing, ending, editing
the rule or the template withdraws only occurrences still to come and not
yet on their way; what was published stays in the history.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from bedside.benchmark.contentmix import PATIENT_STORY
from bedside.logs import event
from bedside.publishing.models import EvergreenQueue, Image, Post, QueueEntry, Series, Variant
from bedside.publishing.recurrence import Rule, Slots, zone
from bedside.workspace import approvals, audit

logger = logging.getLogger(__name__)

#: how far ahead occurrences are made (the calendar shows them)
HORIZON = timedelta(weeks=4)
#: a variant in one of these states has not started on its way
NOT_STARTED = (Variant.State.DRAFT, Variant.State.SCHEDULED)


def rule_of(series: Series) -> Rule:
    return Rule(series.frequency, series.time, series.time_zone, series.starts_on, tuple(series.weekdays or ()),
                series.day_of_month, series.interval, series.ends_on, series.count)


def slots_of(queue: EvergreenQueue) -> Slots:
    return Slots([(int(s["weekday"]), time.fromisoformat(s["time"])) for s in queue.slots], queue.time_zone)


def ready(template: Post) -> str:
    """Why occurrences cannot be made from ``template`` now ("" when they can):
    approved, and still so under the workspace's chain as it is today (a
    step added since, e.g. "every post by a social manager", asks for it)."""
    if template.state != Post.State.APPROVED:
        return f"Its content is {template.get_state_display().lower()}: it must be approved first."
    from bedside.publishing.approval import steps_for_post

    if approvals.next_step(steps_for_post(template), template.approvals) is not None:
        return "The approval chain asks more of this content than when it was approved: edit and submit it again."
    return ""


def _copy(template: Post, when: datetime, channels: Iterable[int] | None, *, series: Series | None = None,
          queue: EvergreenQueue | None = None) -> Post | None:
    """One occurrence: the approved template's content, scheduled at ``when``.
    None when another run made it first (the unique constraint said so)."""
    variants = list(template.variants.all())
    if channels is not None:
        wanted = set(channels)
        variants = [v for v in variants if v.channel_id in wanted]
    if not variants:
        return None
    try:
        with transaction.atomic():
            post = Post.objects.create(
                title=template.title, author=template.author, campaign=template.campaign,
                content_type=template.content_type, suggested_type=template.suggested_type, link=template.link,
                state=Post.State.APPROVED, verdict=template.verdict, reviewer=template.reviewer,
                approvals=template.approvals, reviewed_at=template.reviewed_at, review_note=template.review_note,
                justification=template.justification, authorization_form=template.authorization_form,
                authorization_signed=template.authorization_signed,
                authorization_expires=template.authorization_expires,
                authorization_networks=template.authorization_networks,
                made_from=template, series=series, queue=queue, occurrence_at=when)
            Variant.objects.bulk_create([
                Variant(post=post, channel_id=v.channel_id, network=v.network, body=v.body, verdict=v.verdict,
                        guard_detail=v.guard_detail, scheduled_at=when, state=Variant.State.SCHEDULED)
                for v in variants])
            # The same stored file: images are never deleted while a post refers to them.
            Image.objects.bulk_create([
                Image(post=post, path=i.path, alt_text=i.alt_text, width=i.width, height=i.height,
                      ocr_text=i.ocr_text, guard_detail=i.guard_detail, verdict=i.verdict, uploaded_by=i.uploaded_by)
                for i in template.images.all()])
            audit.record("post_occurrence_made", post, actor="system",
                         detail={"template": template.pk, "series": getattr(series, "pk", None),
                                 "queue": getattr(queue, "pk", None), "at": when.isoformat()})
    except IntegrityError:  # another worker made this occurrence: one is enough
        return None
    return post


def _authorized_until(template: Post, tz_name: str, times: list[datetime]) -> list[datetime]:
    """A patient story recurs no later than its authorization's expiry (the
    send path checks it again for each occurrence)."""
    if template.content_type != PATIENT_STORY:
        return times
    if template.authorization_expires is None:
        return []
    local = zone(tz_name)
    return [t for t in times if t.astimezone(local).date() <= template.authorization_expires]


def generate_series(series: Series, now: datetime | None = None, horizon: timedelta = HORIZON) -> int:
    """Make the series' missing occurrences up to ``now + horizon``; returns how many."""
    now = now or timezone.now()
    made = 0
    with transaction.atomic():
        series = Series.objects.select_for_update().select_related("template").get(pk=series.pk)
        if series.state != Series.State.ACTIVE or ready(series.template):
            return 0
        wanted = [t for t in rule_of(series).times(now + horizon) if t >= now]
        wanted = _authorized_until(series.template, series.time_zone, wanted)
        have = set(Post.objects.filter(series=series, occurrence_at__in=wanted).values_list("occurrence_at",
                                                                                              flat=True))
        for when in wanted:
            if when not in have and _copy(series.template, when, None, series=series) is not None:
                made += 1
    if made:
        event(logger, "posts.series_generated", series=series.pk, made=made)
    return made


def fill_queue(queue: EvergreenQueue, now: datetime | None = None, horizon: timedelta = HORIZON) -> int:
    """Give each empty slot up to ``now + horizon`` the next post in the
    rotation that was not used within the queue's minimum gap; returns how
    many slots were filled. A slot no post may take stays empty."""
    now = now or timezone.now()
    made = 0
    with transaction.atomic():
        queue = EvergreenQueue.objects.select_for_update().get(pk=queue.pk)
        channels = set(queue.channels.values_list("pk", flat=True))
        if queue.paused or not queue.slots or not channels:
            return 0
        entries = [e for e in QueueEntry.objects.filter(queue=queue).select_related("post")
                   if not ready(e.post) and e.post.variants.filter(channel_id__in=channels).exists()]
        if not entries:
            return 0
        gap = timedelta(days=queue.min_gap_days)
        filled = dict(Post.objects.filter(queue=queue).values_list("occurrence_at", "made_from_id"))
        # When each post last went (or is to go) out, from any queue or series.
        used: dict[int, list[datetime]] = {}
        for template_id, at in (Post.objects.filter(made_from__in=[e.post_id for e in entries])
                                .values_list("made_from_id", "occurrence_at")):
            if at is not None:
                used.setdefault(template_id, []).append(at)
        order = [e.post_id for e in entries]
        for slot in slots_of(queue).times(now, now + horizon):
            if slot in filled:
                continue
            before = [at for at in filled if at < slot]
            last = filled[max(before)] if before else None
            start = order.index(last) + 1 if last in order else 0
            for step in range(len(order)):
                candidate = order[(start + step) % len(order)]
                if any(abs(slot - at) < gap for at in used.get(candidate, [])):
                    continue
                template = next(e.post for e in entries if e.post_id == candidate)
                if _copy(template, slot, channels, queue=queue) is not None:
                    made += 1
                    filled[slot] = candidate
                    used.setdefault(candidate, []).append(slot)
                break
    if made:
        event(logger, "posts.queue_filled", queue=queue.pk, made=made)
    return made


def generate(now: datetime | None = None, horizon: timedelta = HORIZON) -> int:
    """One step of the worker: every active series and queue, up to the horizon."""
    now = now or timezone.now()
    made = 0
    for series in Series.objects.filter(state=Series.State.ACTIVE):
        made += generate_series(series, now, horizon)
    for queue in EvergreenQueue.objects.filter(paused=False):
        made += fill_queue(queue, now, horizon)
    return made


def withdraw(occurrences: Any, now: datetime | None = None) -> int:
    """Delete the occurrences (a Post queryset) still to come and not yet on
    their way; returns how many. A variant is first taken off the schedule
    by a conditional update on its own row, so one a worker has just claimed
    is left alone (and so is its post)."""
    now = now or timezone.now()
    posts = list(occurrences.filter(occurrence_at__gt=now).values_list("pk", flat=True))
    if not posts:
        return 0
    variants = list(Variant.objects.filter(post__in=posts).values_list("pk", flat=True))
    Variant.objects.filter(pk__in=variants, state=Variant.State.SCHEDULED).update(state=Variant.State.DRAFT)
    started = set(Variant.objects.filter(post__in=posts).exclude(state__in=NOT_STARTED)
                  .values_list("post_id", flat=True))
    gone = [pk for pk in posts if pk not in started]
    Post.objects.filter(pk__in=gone, is_template=False).delete()
    # Put back on the schedule what withdrawal had to leave (a sibling claimed).
    Variant.objects.filter(post__in=started, pk__in=variants, state=Variant.State.DRAFT).update(
        state=Variant.State.SCHEDULED)
    return len(gone)


def template_edited(template: Post) -> None:
    """Called by approval.save when a template's content changed: what was
    made from the old approved content and is still to come is withdrawn;
    the approved new content makes new ones."""
    withdraw(Post.objects.filter(made_from=template))


def template_approved(template: Post) -> None:
    """The template's content was just approved: its series and queues fill now,
    not at the worker's next round."""
    for series in Series.objects.filter(template=template):
        generate_series(series)
    for queue in EvergreenQueue.objects.filter(entries__post=template):
        fill_queue(queue)


def set_series_state(series: Series, state: str, actor: Any, *, request: Any = None) -> Series:
    """Pause, resume or end a series. Pausing and ending withdraw its
    occurrences still to come; an ended series stays ended."""
    with transaction.atomic():
        series = Series.objects.select_for_update().get(pk=series.pk)
        if series.state == Series.State.ENDED and state != Series.State.ENDED:
            raise ValueError("This series has ended; make a new one.")
        series.state = state
        series.save(update_fields=["state", "updated_at"])
        withdrawn = withdraw(series.occurrences.all()) if state != Series.State.ACTIVE else 0
        audit.record(f"series_{state}", series, request=request, actor=actor, detail={"withdrawn": withdrawn})
    if state == Series.State.ACTIVE:
        generate_series(series)
    return series


def set_queue_paused(queue: EvergreenQueue, paused: bool, actor: Any, *, request: Any = None) -> EvergreenQueue:
    with transaction.atomic():
        queue = EvergreenQueue.objects.select_for_update().get(pk=queue.pk)
        queue.paused = paused
        queue.save(update_fields=["paused"])
        withdrawn = withdraw(queue.occurrences.all()) if paused else 0
        audit.record("queue_paused" if paused else "queue_resumed", queue, request=request, actor=actor,
                     detail={"withdrawn": withdrawn})
    if not paused:
        fill_queue(queue)
    return queue


def refill(queue: EvergreenQueue) -> int:
    """After the queue's posts, order, slots or channels changed: its slots
    still to come are emptied and filled again in the new rotation."""
    withdraw(queue.occurrences.all())
    return fill_queue(queue)
