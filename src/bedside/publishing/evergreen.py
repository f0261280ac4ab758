"""Making and changing an evergreen queue: its channels, weekly slots and
minimum gap, and its posts in rotation order. Each post is a template,
approved once through the one approval machine; the generator
(recurring.fill_queue) puts them into the slots."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.publishing import approval, compose, recurring
from bedside.publishing.approval import PostError, VariantInput
from bedside.publishing.models import EvergreenQueue, Post, QueueEntry
from bedside.publishing.recurrence import RuleError, parse_slots, zone
from bedside.workspace import audit

MAX_GAP_DAYS = 365


def _settings(name: str, channels: Sequence[Channel], slots: str, min_gap_days: int, time_zone: str,
              queue: EvergreenQueue | None) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    if not name.strip() or len(name) > 100:
        errors["name"] = ["Name the queue (1 to 100 characters)."]
    elif EvergreenQueue.objects.filter(name=name.strip()).exclude(pk=getattr(queue, "pk", None)).exists():
        errors["name"] = [f"A queue named {name.strip()!r} exists already."]
    if not channels:
        errors["channels"] = ["Pick at least one channel."]
    for c in channels:
        if not compose.can_publish(c.network):
            errors.setdefault("channels", []).append(f"{c} cannot be published to through its network's API.")
    parsed: list[dict[str, Any]] = []
    try:
        found = parse_slots(slots)
        if not found:
            errors["slots"] = ["Give at least one slot, e.g. Tue 10:00, Thu 10:00."]
        parsed = [{"weekday": d, "time": f"{t:%H:%M}"} for d, t in found]
    except RuleError as exc:
        errors.setdefault(exc.where, []).append(str(exc))
    if not 0 <= min_gap_days <= MAX_GAP_DAYS:
        errors["min_gap_days"] = [f"The minimum gap is 0 to {MAX_GAP_DAYS} days."]
    try:
        zone(time_zone)
    except RuleError as exc:
        errors.setdefault(exc.where, []).append(str(exc))
    return parsed, errors


def save(actor: Any, *, name: str, channels: Sequence[Channel], slots: str, min_gap_days: int = 30,
         time_zone: str = "", queue: EvergreenQueue | None = None, request: Any = None) -> EvergreenQueue:
    """Create a queue or change its settings (its slots to come are filled again)."""
    time_zone = time_zone or timezone.get_current_timezone_name()
    parsed, errors = _settings(name, channels, slots, min_gap_days, time_zone, queue)
    if errors:
        raise PostError(errors)
    with transaction.atomic():
        created = queue is None
        queue = queue or EvergreenQueue(created_by=actor)
        queue.name, queue.slots, queue.min_gap_days, queue.time_zone = name.strip(), parsed, min_gap_days, time_zone
        queue.save()
        queue.channels.set(channels)
        audit.record("queue_created" if created else "queue_changed", queue, request=request, actor=actor,
                     detail={"channels": [c.pk for c in channels], "slots": parsed})
    recurring.refill(queue)
    return queue


def add_post(queue: EvergreenQueue, author: Any, *, title: str, text: str, link: str = "", content_type: str = "",
             submit: bool = True, request: Any = None) -> QueueEntry:
    """A new evergreen post at the end of the rotation, one text for all the
    queue's channels (the composer gives each channel its own later)."""
    channels = list(queue.channels.all())
    with transaction.atomic():
        template = approval.save(author, title=title, variants=[VariantInput(c, text) for c in channels], link=link,
                                 content_type=content_type, request=request, template=True)
        entry = _append(queue, template, author, request)
    if submit:
        approval.submit(template, author, request=request)  # approval fills the slots
    return entry


def add_existing(queue: EvergreenQueue, post: Post, actor: Any, *, request: Any = None) -> QueueEntry:
    """Another queue's or series' content, reused here (its approval holds)."""
    if not post.is_template:
        raise PostError({"post": ["Only an evergreen post (a queue's or series' content) joins a queue; a "
                                  "scheduled post keeps its own time."]})
    channels = set(queue.channels.values_list("pk", flat=True))
    if not post.variants.filter(channel_id__in=channels).exists():
        raise PostError({"post": ["This post has no text for any of the queue's channels."]})
    with transaction.atomic():
        entry = _append(queue, post, actor, request)
    recurring.fill_queue(queue)
    return entry


def _append(queue: EvergreenQueue, post: Post, actor: Any, request: Any) -> QueueEntry:
    if QueueEntry.objects.filter(queue=queue, post=post).exists():
        raise PostError({"post": ["This post is in the queue already."]})
    last = QueueEntry.objects.filter(queue=queue).aggregate(m=Max("position"))["m"]
    entry = QueueEntry.objects.create(queue=queue, post=post, position=0 if last is None else last + 1)
    audit.record("queue_post_added", queue, request=request, actor=actor, detail={"post": post.pk})
    return entry


def remove(entry: QueueEntry, actor: Any, *, request: Any = None) -> None:
    """Out of the rotation: its slots still to come are given to the others."""
    queue = entry.queue
    with transaction.atomic():
        recurring.withdraw(Post.objects.filter(queue=queue, made_from=entry.post_id))
        entry.delete()
        audit.record("queue_post_removed", queue, request=request, actor=actor, detail={"post": entry.post_id})
    recurring.refill(queue)


def reorder(queue: EvergreenQueue, entry_ids: Sequence[int], actor: Any, *, request: Any = None) -> None:
    """The rotation in this order (every entry of the queue, once)."""
    have = list(QueueEntry.objects.filter(queue=queue).values_list("pk", flat=True))
    if sorted(entry_ids) != sorted(have):
        raise PostError({"order": ["Give every entry of the queue exactly once."]})
    with transaction.atomic():
        for position, pk in enumerate(entry_ids):
            QueueEntry.objects.filter(pk=pk, queue=queue).update(position=position)
        audit.record("queue_reordered", queue, request=request, actor=actor, detail={"order": list(entry_ids)})
    recurring.refill(queue)


def move(entry: QueueEntry, by: int, actor: Any, *, request: Any = None) -> None:
    """One place up (-1) or down (+1): the pages' buttons."""
    order = list(QueueEntry.objects.filter(queue=entry.queue).values_list("pk", flat=True))
    i = order.index(entry.pk)
    j = max(0, min(len(order) - 1, i + by))
    order[i], order[j] = order[j], order[i]
    reorder(entry.queue, order, actor, request=request)
