"""Replies: drafted in the inbox, checked by the guard against the message
they answer, approved by a compliance reviewer when the guard asks for it
(never by their own author), then sent by the network's client.

draft -> (guard allow) approved -> sending -> sent | failed
draft -> (guard review/block) awaiting_approval -> approved -> sending -> sent | failed
                                                 -> rejected -> (edited) draft
Every step is in the audit log; a failed send keeps the network's error and
can be retried.

Sending is exactly once however many people click: every state change is a
conditional update ("… where state is still what I read"), and the network is
called only by the one request that moved the reply to ``sending``, after the
attempt is recorded. No row lock is held across the guard or the network.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bedside.channels.clients import ready_client
from bedside.guard import Context, Result, scan
from bedside.inbox import alerts
from bedside.inbox.models import Message, Reply, State
from bedside.logs import event
from bedside.networks.base import NetworkClient
from bedside.networks.errors import NetworkError
from bedside.networks.registry import UnknownNetwork
from bedside.workspace import audit
from bedside.workspace.identifiers import our_public_identifiers
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can

MAX_REPLY = 5000
#: the same person submitting the same text to the same message within this
#: long (a double click, a resent form) makes one reply, not two
DUPLICATE_WINDOW = timedelta(seconds=30)
SUBMITTABLE = (Reply.State.DRAFT, Reply.State.REJECTED)
SENDABLE = (Reply.State.APPROVED, Reply.State.FAILED)
#: a reply "sending" for longer than this lost its sender (a killed process):
#: longer than any network call with its retries can take
SENDING_STALE = timedelta(minutes=10)
UNKNOWN_OUTCOME = ("the process sending it stopped, so whether the network received it is unknown: "
                   "look for it on the network before you retry")
EDITABLE = (Reply.State.DRAFT, Reply.State.REJECTED, Reply.State.AWAITING_APPROVAL)

logger = logging.getLogger(__name__)


class ReplyError(Exception):
    """An action not allowed in the reply's state or for this person; says why."""


def guard_context(message: Message) -> Context:
    kind = {"review": "review_reply", "message": "message"}.get(message.kind, "reply")
    return Context(direction="outbound", kind=kind, replying_to=message.body or None, **our_public_identifiers())


def check(text: str, message: Message) -> Result:
    """The guard's verdict on a draft, in the light of the message it answers."""
    return scan(text, guard_context(message))


def _validate(body: str) -> str:
    body = body.strip()
    if not body:
        raise ReplyError("Write a reply first: it is empty.")
    if len(body) > MAX_REPLY:
        raise ReplyError(f"A reply can be at most {MAX_REPLY:,} characters; this one has {len(body):,}.")
    return body


@transaction.atomic
def draft(message: Message, author: Any, body: str, *, canned_version: Any = None, private: bool = False,
          request: Any = None, dedupe: bool = True) -> Reply:
    """A new draft, or the one this person drafted with the same text moments
    ago (identical submissions within :data:`DUPLICATE_WINDOW` are one reply;
    ``dedupe=False`` for a deliberate second one, such as a takedown's notice)."""
    body = _validate(body)
    if not dedupe:
        return _create(message, author, body, canned_version, private, request)
    # Lock the message so two identical submissions are checked one after the
    # other (SQLite serialises write transactions: BEGIN IMMEDIATE).
    Message.objects.select_for_update().filter(pk=message.pk).first()
    recent = Reply.objects.filter(message=message, author=author if getattr(author, "pk", None) else None,
                                  private=private, created_at__gte=timezone.now() - DUPLICATE_WINDOW)
    for earlier in recent.order_by("-created_at"):
        if earlier.body == body:  # bodies are encrypted: compared here, not in SQL
            return earlier
    return _create(message, author, body, canned_version, private, request)


def _create(message: Message, author: Any, body: str, canned_version: Any, private: bool, request: Any) -> Reply:
    reply = Reply.objects.create(message=message, author=author, body=body,
                                 canned_version=canned_version, private=private)
    audit.record("reply_drafted", reply, request=request, actor=author,
                 detail={"message": message.pk, "canned_version": getattr(canned_version, "pk", None)})
    return reply


@transaction.atomic
def edit(reply: Reply, actor: Any, body: str, *, request: Any = None) -> Reply:
    if reply.state not in EDITABLE:
        raise ReplyError(f"A reply that is {reply.get_state_display().lower()} cannot be edited.")
    if reply.author_id != getattr(actor, "pk", None):
        raise ReplyError("Only the reply's author edits it; a reviewer rejects it with a note instead.")
    reply.body = _validate(body)
    reply.state = Reply.State.DRAFT
    reply.verdict = ""
    reply.save(update_fields=["body", "state", "verdict", "updated_at"])
    audit.record("reply_edited", reply, request=request, actor=actor)
    return reply


def submit(reply: Reply, actor: Any, *, request: Any = None) -> Reply:
    """Check the reply with the guard; send it if allowed, else ask for approval.

    A reply submitted twice at once is checked twice but moves on once: the
    second submission finds it no longer a draft and returns it as it is."""
    reply = Reply.objects.select_related("message").get(pk=reply.pk)
    if reply.state not in SUBMITTABLE:
        raise ReplyError(f"This reply is {reply.get_state_display().lower()}; only a draft can be sent.")
    # A saved draft is its author's words: nobody else sends it (an approver
    # approves it through approval, never through submit).
    if reply.author_id is not None and reply.author_id != getattr(actor, "pk", None):
        raise ReplyError("Only the draft's author sends it; ask them, or write your own reply.")
    result = check(reply.body, reply.message)
    needs = result.verdict in ("review", "block")
    state = Reply.State.AWAITING_APPROVAL if needs else Reply.State.APPROVED
    detail = {"findings": [f.to_dict() for f in result.findings], "reasons": result.reasons}
    with transaction.atomic():
        won = Reply.objects.filter(pk=reply.pk, state=reply.state, updated_at=reply.updated_at).update(
            verdict=result.verdict, guard_detail=detail, state=state, updated_at=timezone.now())
        if not won:  # submitted (or edited) by another request meanwhile
            return Reply.objects.select_related("message").get(pk=reply.pk)
        reply.refresh_from_db()
        if needs:
            _set_state(reply.message, State.AWAITING_APPROVAL)
        audit.record("reply_submitted", reply, request=request, actor=actor,
                     detail={"verdict": result.verdict, "labels": sorted({f.label for f in result.findings})})
    if needs:
        alerts.fire("approval", reply.message, key_suffix=f"reply{reply.pk}")
        return reply
    return send(reply, actor=actor, request=request)


def approve(reply: Reply, reviewer: Any, note: str = "", *, request: Any = None) -> Reply:
    with transaction.atomic():
        reply = Reply.objects.get(pk=reply.pk)
        _may_review(reply, reviewer)
        now = timezone.now()
        won = Reply.objects.filter(pk=reply.pk, state=Reply.State.AWAITING_APPROVAL).update(
            state=Reply.State.APPROVED, reviewer=reviewer, reviewed_at=now, review_note=note.strip()[:2000],
            updated_at=now)
        if not won:
            raise ReplyError("Another reviewer has just decided on this reply.")
        reply.refresh_from_db()
        audit.record("reply_approved", reply, request=request, actor=reviewer,
                     detail={"verdict": reply.verdict, "author": getattr(reply.author, "username", "")})
    return send(reply, actor=reviewer, request=request)


@transaction.atomic
def reject(reply: Reply, reviewer: Any, note: str = "", *, request: Any = None) -> Reply:
    reply = Reply.objects.select_for_update().select_related("message").get(pk=reply.pk)
    _may_review(reply, reviewer)
    reply.state = Reply.State.REJECTED
    reply.reviewer = reviewer
    reply.reviewed_at = timezone.now()
    reply.review_note = note.strip()[:2000]
    reply.save(update_fields=["state", "reviewer", "reviewed_at", "review_note", "updated_at"])
    message = reply.message
    if not message.replies.filter(state=Reply.State.AWAITING_APPROVAL).exists():
        _set_state(message, State.ASSIGNED if message.assignee_id else State.NEW)
    audit.record("reply_rejected", reply, request=request, actor=reviewer, detail={"verdict": reply.verdict})
    return reply


def _may_review(reply: Reply, reviewer: Any) -> None:
    if not user_can(reviewer, Can.APPROVE):
        raise ReplyError("Only a compliance reviewer or an admin approves replies.")
    if reply.author_id is not None and reply.author_id == getattr(reviewer, "pk", None):
        raise ReplyError("A reply cannot be approved or rejected by its own author; ask another reviewer.")
    if reply.state != Reply.State.AWAITING_APPROVAL:
        raise ReplyError(f"This reply is {reply.get_state_display().lower()}, not awaiting approval.")


def client_for(channel: Any, *, by: str = "reply") -> NetworkClient:
    """The channel's ready client: the same factory sync uses, so an OAuth
    token near expiry is refreshed before the reply goes out."""
    return ready_client(channel, by=by)


def send(reply: Reply, *, actor: Any = None, request: Any = None) -> Reply:
    """Send an approved reply (or retry a failed one) through the network.

    Only the request that claims the reply (approved or failed -> sending, a
    conditional update) calls the network; any other gets a ReplyError saying
    it is already being sent or was sent."""
    settle_stale(reply)
    reply = Reply.objects.select_related("message__channel").get(pk=reply.pk)
    if reply.state not in (*SENDABLE, Reply.State.SENDING):
        raise ReplyError(f"This reply is {reply.get_state_display().lower()}; only an approved reply is sent.")
    if reply.needs_approval and reply.reviewer_id is None:
        raise ReplyError("The guard flagged this reply: a compliance reviewer must approve it first.")
    with transaction.atomic():
        claimed = Reply.objects.filter(pk=reply.pk, state__in=SENDABLE).update(
            state=Reply.State.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now())
        if not claimed:
            reply.refresh_from_db()
            if reply.state == Reply.State.SENDING:
                raise ReplyError("This reply is being sent right now; it is not sent twice.")
            raise ReplyError(f"This reply is {reply.get_state_display().lower()}; only an approved reply is sent.")
        reply.refresh_from_db()
        # The attempt is on record before the network hears of it.
        audit.record("reply_sending", reply, request=request, actor=actor,
                     detail={"network": reply.message.network, "attempt": reply.attempts})
    message = reply.message
    try:
        client = client_for(message.channel)
        if reply.private:
            sent = client.send_private(message.channel.handle, message.author_handle, message.external_id, reply.body)
        else:
            sent = client.reply(message.channel.handle, message.external_id, reply.body)
    except (NetworkError, UnknownNetwork, ValueError) as exc:
        return _failed(reply, exc, actor, request)
    now = timezone.now()
    with transaction.atomic():
        reply.state = Reply.State.SENT
        reply.sent_at = now
        reply.external_id = sent.external_id[:200]
        reply.url = sent.url[:1000]
        reply.error = ""
        reply.save(update_fields=["state", "sent_at", "external_id", "url", "error", "updated_at"])
        fields = []
        if message.first_replied_at is None:
            message.first_replied_at = now
            fields.append("first_replied_at")
        if message.state != State.HIDDEN:  # a takedown's private notice leaves the comment hidden
            message.state = State.REPLIED
            message.state_changed_at = now
            fields += ["state", "state_changed_at"]
        if fields:
            message.save(update_fields=fields)
        audit.record("reply_sent", reply, request=request, actor=actor,
                     detail={"network": message.network, "external_id": reply.external_id, "attempt": reply.attempts})
    event(logger, "reply.sent", reply=reply.pk, message=message.pk, network=message.network, attempt=reply.attempts)
    return reply


def settle_stale(reply: Reply, now: Any = None) -> bool:
    """A reply left "sending" by a sender that died is settled as failed,
    saying the outcome is unknown (the network clients cannot look a reply
    up), so a person checks the network and may retry. True if settled."""
    now = now or timezone.now()
    settled = Reply.objects.filter(pk=reply.pk, state=Reply.State.SENDING,
                                   updated_at__lt=now - SENDING_STALE).update(
        state=Reply.State.FAILED, error=UNKNOWN_OUTCOME[:500], updated_at=now)
    if settled:
        audit.record("reply_outcome_unknown", Reply.objects.get(pk=reply.pk), actor="system",
                     detail={"attempt": Reply.objects.filter(pk=reply.pk).values_list("attempts", flat=True).first()})
    return bool(settled)


def _failed(reply: Reply, exc: Exception, actor: Any, request: Any) -> Reply:
    reply.state = Reply.State.FAILED
    reply.error = str(exc)[:500]
    reply.save(update_fields=["state", "error", "updated_at"])
    audit.record("reply_failed", reply, request=request, actor=actor,
                 detail={"error": reply.error, "attempt": reply.attempts})
    alerts.fire("send_failed", reply.message, key_suffix=f"reply{reply.pk}:{reply.attempts}")
    event(logger, "reply.failed", logging.WARNING, reply=reply.pk, message=reply.message_id,
          attempt=reply.attempts, error=type(exc).__name__)
    return reply


def _set_state(message: Message, state: str) -> None:
    if message.state == State.HIDDEN:
        # Taken down on the network: waiting for or rejecting its private
        # notice does not put it back in the open queues.
        return
    message.state = state
    message.state_changed_at = timezone.now()
    message.save(update_fields=["state", "state_changed_at"])
