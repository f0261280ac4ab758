"""REST API for recurring posts (series) and evergreen queues: the same
rules as the pages (bedside.publishing.series, .evergreen, .recurring)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from bedside.channels.models import Channel
from bedside.publishing import compose, evergreen, recurring
from bedside.publishing import series as series_ops
from bedside.publishing.approval import Authorization, PostError, VariantInput
from bedside.publishing.models import Campaign, EvergreenQueue, Post, QueueEntry, Series
from bedside.publishing.recurrence import slots_text
from bedside.workspace.api import MAX_ID, FieldErrors, ObjectId, need
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can

router = Router(tags=["publishing"])


class RuleIn(Schema):
    name: str = Field(..., max_length=100)
    frequency: str = Field("weekly", description="weekly or monthly")
    weekdays: list[int] = Field([], max_length=7, description="Weekly: 0 (Monday) to 6 (Sunday).")
    day_of_month: int | None = Field(None, ge=1, le=31, description="Monthly: the day (a shorter month: its last).")
    interval: int = Field(1, ge=1, le=52, description="Every N weeks or months.")
    time: time
    time_zone: str = Field("", max_length=64, description="IANA name; the workspace's when empty.")
    starts_on: date
    ends_on: date | None = None
    count: int | None = Field(None, ge=1, le=1000)

    def rule(self) -> series_ops.RuleInput:
        return series_ops.RuleInput(self.frequency, self.weekdays, self.day_of_month, self.interval, self.time,
                                    self.time_zone, self.starts_on, self.ends_on, self.count)


class SeriesIn(RuleIn):
    title: str = Field(..., max_length=200)
    text: str = Field(..., max_length=compose.MAX_TEXT)
    channel_ids: list[int] = Field(..., max_length=50)
    link: str = Field("", max_length=1000)
    content_type: str = ""
    campaign_id: int | None = Field(None, ge=1, le=MAX_ID)
    authorization_form: str = Field("", max_length=100)
    authorization_signed: date | None = None
    authorization_expires: date | None = None
    authorization_networks: str = Field("", max_length=200)


class OccurrenceOut(Schema):
    post_id: int
    at: datetime
    state: str


class SeriesOut(Schema):
    id: int
    name: str
    state: str
    rule: str
    template_id: int
    template_state: str
    waiting: str = Field(..., description="Why no occurrences are being made, if so.")
    frequency: str
    weekdays: list[int]
    day_of_month: int | None
    interval: int
    time: time
    time_zone: str
    starts_on: date
    ends_on: date | None
    count: int | None
    upcoming: list[OccurrenceOut]


class StateIn(Schema):
    state: str = Field(..., description="active, paused or ended")


class EvergreenQueueIn(Schema):
    name: str = Field(..., max_length=100)
    channel_ids: list[int] = Field(..., max_length=50)
    slots: str = Field(..., max_length=1000, description="e.g. Tue 10:00, Thu 10:00")
    min_gap_days: int = Field(30, ge=0, le=evergreen.MAX_GAP_DAYS)
    time_zone: str = Field("", max_length=64)


class EntryOut(Schema):
    id: int
    post_id: int
    title: str
    state: str
    position: int


class EvergreenQueueOut(Schema):
    id: int
    name: str
    paused: bool
    slots: str
    time_zone: str
    min_gap_days: int
    channel_ids: list[int]
    entries: list[EntryOut]
    upcoming: list[OccurrenceOut]


class EntryIn(Schema):
    post_id: int | None = Field(None, ge=1, le=MAX_ID, description="An existing evergreen post; or title and text.")
    title: str = Field("", max_length=200)
    text: str = Field("", max_length=compose.MAX_TEXT)
    link: str = Field("", max_length=1000)
    content_type: str = ""


class OrderIn(Schema):
    entry_ids: list[int] = Field(..., max_length=1000)


class PausedIn(Schema):
    paused: bool


def _upcoming(posts: QuerySet[Post]) -> list[dict]:
    rows = posts.order_by("occurrence_at").prefetch_related("variants")[:100]
    return [{"post_id": p.pk, "at": p.occurrence_at, "state": next((v.state for v in p.variants.all()), "")}
            for p in rows]


def _series_out(item: Series) -> dict:
    upcoming = item.occurrences.filter(occurrence_at__gte=timezone.now())
    return {**{k: getattr(item, k) for k in ("id", "name", "state", "frequency", "weekdays", "day_of_month",
                                              "interval", "time", "time_zone", "starts_on", "ends_on", "count",
                                              "template_id")},
            "rule": series_ops.describe(item), "template_state": item.template.state, "waiting": recurring.ready(item.template),
            "upcoming": _upcoming(upcoming)}


def _queue_out(queue: EvergreenQueue) -> dict:
    entries = [{"id": e.pk, "post_id": e.post_id, "title": e.post.title, "state": e.post.state,
                "position": e.position} for e in QueueEntry.objects.filter(queue=queue).select_related("post")]
    upcoming = queue.occurrences.filter(occurrence_at__gte=timezone.now())
    return {"id": queue.pk, "name": queue.name, "paused": queue.paused, "time_zone": queue.time_zone,
            "slots": slots_text(recurring.slots_of(queue).slots), "min_gap_days": queue.min_gap_days,
            "channel_ids": list(queue.channels.values_list("pk", flat=True)), "entries": entries,
            "upcoming": _upcoming(upcoming)}


def _may_read(request: HttpRequest) -> None:
    if not user_can(request.auth, Can.APPROVE):
        need(request, Can.PUBLISH)


def _channels(ids: list[int]) -> list[Channel]:
    found = {c.pk: c for c in Channel.objects.filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise FieldErrors({"channel_ids": [f"No channel {pk}." for pk in missing]})
    return [found[pk] for pk in ids]


@router.get("/publishing/series", response=list[SeriesOut])
def list_series(request: HttpRequest) -> object:
    _may_read(request)
    return [_series_out(s) for s in Series.objects.select_related("template")]


@router.get("/publishing/series/{series_id}", response=SeriesOut)
def get_series(request: HttpRequest, series_id: ObjectId) -> object:
    _may_read(request)
    return _series_out(get_object_or_404(Series.objects.select_related("template"), pk=series_id))


@router.post("/publishing/series", response={201: SeriesOut})
def create_series(request: HttpRequest, payload: SeriesIn) -> object:
    """A recurring post: its content is submitted to the guard and the approval
    chain at once; its occurrences are made once the content is approved."""
    need(request, Can.PUBLISH)
    channels = _channels(payload.channel_ids)
    campaign = None
    if payload.campaign_id is not None:
        campaign = Campaign.objects.filter(pk=payload.campaign_id).first()
        if campaign is None:
            raise FieldErrors({"campaign_id": [f"No campaign {payload.campaign_id}."]})
    content = series_ops.ContentInput(
        payload.title, [VariantInput(c, payload.text) for c in channels], payload.link, payload.content_type,
        campaign, Authorization(payload.authorization_form, payload.authorization_signed,
                                payload.authorization_expires, payload.authorization_networks))
    try:
        made = series_ops.create(request.auth, payload.name, payload.rule(), content, request=request)
    except PostError as exc:
        raise FieldErrors(exc.errors) from None
    return Status(201, _series_out(Series.objects.select_related("template").get(pk=made.pk)))


@router.put("/publishing/series/{series_id}", response=SeriesOut)
def change_series(request: HttpRequest, series_id: ObjectId, payload: RuleIn) -> object:
    """A new rule: the occurrences still to come are made again (no new approval: the content is unchanged)."""
    need(request, Can.PUBLISH)
    item = get_object_or_404(Series, pk=series_id)
    try:
        series_ops.change_rule(item, request.auth, payload.name, payload.rule(), request=request)
    except PostError as exc:
        raise FieldErrors(exc.errors) from None
    return _series_out(Series.objects.select_related("template").get(pk=item.pk))


@router.post("/publishing/series/{series_id}/state", response=SeriesOut)
def set_series_state(request: HttpRequest, series_id: ObjectId, payload: StateIn) -> object:
    """Pause, resume or end; pausing and ending remove only the occurrences still to come."""
    need(request, Can.PUBLISH)
    item = get_object_or_404(Series, pk=series_id)
    if payload.state not in Series.State.values:
        raise FieldErrors({"state": [f"{payload.state[:20]!r} is not active, paused or ended."]})
    try:
        recurring.set_series_state(item, payload.state, request.auth, request=request)
    except ValueError as exc:
        raise FieldErrors({"state": [str(exc)]}) from None
    return _series_out(Series.objects.select_related("template").get(pk=item.pk))


@router.get("/publishing/queues", response=list[EvergreenQueueOut])
def list_queues(request: HttpRequest) -> object:
    _may_read(request)
    return [_queue_out(q) for q in EvergreenQueue.objects.all()]


@router.get("/publishing/queues/{queue_id}", response=EvergreenQueueOut)
def get_queue(request: HttpRequest, queue_id: ObjectId) -> object:
    _may_read(request)
    return _queue_out(get_object_or_404(EvergreenQueue, pk=queue_id))


def _save_queue(request: HttpRequest, payload: EvergreenQueueIn, queue: EvergreenQueue | None) -> EvergreenQueue:
    try:
        return evergreen.save(request.auth, name=payload.name, channels=_channels(payload.channel_ids),
                              slots=payload.slots, min_gap_days=payload.min_gap_days,
                              time_zone=payload.time_zone.strip(), queue=queue, request=request)
    except PostError as exc:
        raise FieldErrors(exc.errors) from None


@router.post("/publishing/queues", response={201: EvergreenQueueOut})
def create_queue(request: HttpRequest, payload: EvergreenQueueIn) -> object:
    need(request, Can.PUBLISH)
    return Status(201, _queue_out(_save_queue(request, payload, None)))


@router.put("/publishing/queues/{queue_id}", response=EvergreenQueueOut)
def change_queue(request: HttpRequest, queue_id: ObjectId, payload: EvergreenQueueIn) -> object:
    """New channels, slots or gap: the slots still to come are filled again."""
    need(request, Can.PUBLISH)
    return _queue_out(_save_queue(request, payload, get_object_or_404(EvergreenQueue, pk=queue_id)))


@router.post("/publishing/queues/{queue_id}/pause", response=EvergreenQueueOut)
def pause_queue(request: HttpRequest, queue_id: ObjectId, payload: PausedIn) -> object:
    need(request, Can.PUBLISH)
    queue = recurring.set_queue_paused(get_object_or_404(EvergreenQueue, pk=queue_id), payload.paused, request.auth,
                                       request=request)
    return _queue_out(queue)


@router.post("/publishing/queues/{queue_id}/entries", response={201: EvergreenQueueOut})
def add_entry(request: HttpRequest, queue_id: ObjectId, payload: EntryIn) -> object:
    """A new evergreen post (title and text, submitted for approval) or an existing one, at the end of the rotation."""
    need(request, Can.PUBLISH)
    queue = get_object_or_404(EvergreenQueue, pk=queue_id)
    try:
        if payload.post_id is not None:
            post = Post.objects.filter(pk=payload.post_id).first()
            if post is None:
                raise FieldErrors({"post_id": [f"No post {payload.post_id}."]})
            evergreen.add_existing(queue, post, request.auth, request=request)
        else:
            evergreen.add_post(queue, request.auth, title=payload.title, text=payload.text, link=payload.link,
                               content_type=payload.content_type, request=request)
    except PostError as exc:
        raise FieldErrors(exc.errors) from None
    return Status(201, _queue_out(queue))


@router.delete("/publishing/queues/{queue_id}/entries/{entry_id}", response=EvergreenQueueOut)
def remove_entry(request: HttpRequest, queue_id: ObjectId, entry_id: ObjectId) -> object:
    need(request, Can.PUBLISH)
    entry = get_object_or_404(QueueEntry.objects.select_related("queue"), pk=entry_id, queue_id=queue_id)
    evergreen.remove(entry, request.auth, request=request)
    return _queue_out(entry.queue)


@router.post("/publishing/queues/{queue_id}/order", response=EvergreenQueueOut)
def reorder_entries(request: HttpRequest, queue_id: ObjectId, payload: OrderIn) -> object:
    """The rotation in the order given (every entry once)."""
    need(request, Can.PUBLISH)
    queue = get_object_or_404(EvergreenQueue, pk=queue_id)
    try:
        evergreen.reorder(queue, payload.entry_ids, request.auth, request=request)
    except PostError as exc:
        raise FieldErrors(exc.errors) from None
    return _queue_out(queue)
