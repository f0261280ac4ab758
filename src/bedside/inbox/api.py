"""REST API for the inbox: the same data and rules as the pages.

Reading a message's body is audited exactly as opening it on a page is.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from bedside.inbox import replies, response_times, takedown
from bedside.inbox.models import Message, Queue, Reply
from bedside.inbox.reading import open_message
from bedside.inbox.views.listing import filtered, queue_counts
from bedside.networks import limits
from bedside.workspace.api import MAX_OFFSET, FieldErrors, ObjectId, need
from bedside.workspace.roles import Can

router = Router(tags=["inbox"])


class MessageOut(Schema):
    id: int
    network: str
    external_id: str
    kind: str
    author_handle: str
    published_at: datetime
    queue: str | None = Field(None, alias="queue.slug")
    state: str
    assignee: str | None = Field(None, alias="assignee.username")
    priority: int
    intent: str
    intents: list[str]
    sentiment: str
    crisis: bool
    phi: bool
    spam: bool
    misinformation: bool
    verdict: str
    finding_labels: list[str]
    problem: str
    duplicate_of_id: int | None
    triaged_at: datetime | None
    first_replied_at: datetime | None
    closed_at: datetime | None


class MessageDetail(MessageOut):
    body: str
    findings: list[dict]
    reasons: list[str]


class ReplyIn(Schema):
    body: str
    send: bool = True


class ReplyOut(Schema):
    id: int
    message_id: int
    state: str
    verdict: str
    private: bool
    author: str | None = Field(None, alias="author.username")
    reviewer: str | None = Field(None, alias="reviewer.username")
    external_id: str
    error: str
    attempts: int
    next_attempt_at: datetime | None = None
    justification: str = ""
    findings: list[dict] = Field(default_factory=list)

    @staticmethod
    def resolve_findings(obj: Reply) -> list[dict]:
        return (obj.guard_detail or {}).get("findings", [])


class ReviewIn(Schema):
    note: str = ""
    justification: str = ""  # required to approve a reply the guard blocked


class CheckIn(Schema):
    body: str


class CheckOut(Schema):
    verdict: str
    reasons: list[str]
    findings: list[dict]
    length: int = 0  # as the message's network counts it
    max_length: int | None = None
    network_problems: list[str] = Field(default_factory=list)  # why the network would refuse it


class QueueOut(Schema):
    slug: str
    name: str
    response_target_minutes: int
    open: int
    crisis: int
    phi: int


class TakedownIn(Schema):
    action: str = "hide"
    notify: bool = True


class TakedownOut(Schema):
    id: int
    action: str
    status: str
    error: str


@router.get("/inbox/messages", response=list[MessageOut])
def list_messages(request: HttpRequest, state: str = "open", queue: str = "", intent: str = "", network: str = "",
                  flag: str = "", limit: int = Query(50, ge=1, le=500),
                  offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> object:
    need(request, Can.READ_MESSAGES)
    rows, _ = filtered({"state": state, "queue": queue, "intent": intent, "network": network, "flag": flag})
    rows = rows.select_related("queue", "assignee").defer("body", "author_name", "owner_reply", "triage_detail")
    return rows[offset : offset + limit]


@router.get("/inbox/messages/{message_id}", response=MessageDetail)
def get_message(request: HttpRequest, message_id: ObjectId) -> object:
    need(request, Can.READ_MESSAGES)
    message = get_object_or_404(Message.objects.select_related("queue", "assignee"), pk=message_id)
    open_message(message, request=request, actor=request.auth, via="api")
    detail = message.triage_detail or {}
    message.findings = detail.get("findings", [])
    message.reasons = detail.get("reasons", [])
    return message


@router.get("/inbox/queues", response=list[QueueOut])
def list_queues(request: HttpRequest) -> object:
    need(request, Can.READ_MESSAGES)
    return [{"slug": r["queue"].slug, "name": r["queue"].name,
             "response_target_minutes": r["queue"].response_target_minutes, "open": r["open"],
             "crisis": r["crisis"], "phi": r["phi"]} for r in queue_counts() if r["queue"] is not None]


@router.post("/inbox/messages/{message_id}/check", response=CheckOut)
def check_reply(request: HttpRequest, message_id: ObjectId, payload: CheckIn) -> object:
    need(request, Can.REPLY)
    message = get_object_or_404(Message, pk=message_id)
    text = payload.body[: replies.MAX_REPLY]
    result = replies.check(text, message)
    limit = limits.limit_for(message.network)
    return {"verdict": result.verdict, "reasons": result.reasons, "findings": [f.to_dict() for f in result.findings],
            "length": limits.measure(message.network, text), "max_length": limit.max_length if limit else None,
            "network_problems": limits.problems(message.network, text)}


@router.post("/inbox/messages/{message_id}/replies", response={201: ReplyOut})
def create_reply(request: HttpRequest, message_id: ObjectId, payload: ReplyIn) -> object:
    need(request, Can.REPLY)
    message = get_object_or_404(Message.objects.select_related("channel"), pk=message_id)
    try:
        reply = replies.draft(message, request.auth, payload.body, request=request)
        if payload.send and reply.state in replies.SUBMITTABLE:  # a resent request finds its first reply
            reply = replies.submit(reply, request.auth, request=request)
    except replies.ReplyError as exc:
        raise FieldErrors({"body": [str(exc)]}) from None
    return Status(201, reply)


def _review(request: HttpRequest, reply_id: int, approve: bool, note: str, justification: str = "") -> Reply:
    need(request, Can.APPROVE)
    reply = get_object_or_404(Reply, pk=reply_id)
    try:
        if approve:
            return replies.approve(reply, request.auth, note, justification=justification, request=request)
        return replies.reject(reply, request.auth, note, request=request)
    except replies.ReplyError as exc:
        raise FieldErrors({"reply": [str(exc)]}) from None


@router.post("/inbox/replies/{reply_id}/approve", response=ReplyOut)
def approve_reply(request: HttpRequest, reply_id: ObjectId, payload: ReviewIn) -> object:
    return _review(request, reply_id, True, payload.note, payload.justification)


@router.post("/inbox/replies/{reply_id}/reject", response=ReplyOut)
def reject_reply(request: HttpRequest, reply_id: ObjectId, payload: ReviewIn) -> object:
    return _review(request, reply_id, False, payload.note)


@router.post("/inbox/replies/{reply_id}/retry", response=ReplyOut)
def retry_reply(request: HttpRequest, reply_id: ObjectId) -> object:
    need(request, Can.REPLY)
    try:
        return replies.send(get_object_or_404(Reply, pk=reply_id), actor=request.auth, request=request)
    except replies.ReplyError as exc:
        raise FieldErrors({"reply": [str(exc)]}) from None


@router.post("/inbox/messages/{message_id}/takedown", response={201: TakedownOut})
def take_down(request: HttpRequest, message_id: ObjectId, payload: TakedownIn) -> object:
    need(request, Can.REPLY)
    message = get_object_or_404(Message.objects.select_related("channel"), pk=message_id)
    try:
        done = takedown.take_down(message, request.auth, action=payload.action, notify=payload.notify,
                                  request=request)
    except takedown.TakedownError as exc:
        raise FieldErrors({"action": [str(exc)]}) from None
    return Status(201, done)


@router.get("/inbox/response-times")
def get_response_times(request: HttpRequest, days: int = Query(30, ge=1, le=366)) -> object:
    need(request, Can.READ_MESSAGES)
    from datetime import timedelta

    from django.utils import timezone

    since = timezone.now() - timedelta(days=max(1, min(days, 366)))
    return {
        "overall": response_times.conversation_metrics(since),
        "rows": [vars(t) | {"reply_rate": t.reply_rate} for t in response_times.summary(since)],
        "queues": {q.slug: q.response_target_minutes for q in Queue.objects.all()},
    }
