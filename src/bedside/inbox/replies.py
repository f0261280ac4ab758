"""Replies: drafted in the inbox, checked by the guard against the message
they answer, approved by a compliance reviewer when the guard asks for it
(never by their own author), then sent by the network's client.

draft -> (guard allow) approved -> sending -> sent | retrying | failed
draft -> (guard review/block) awaiting_approval -> approved -> ...
                                                 -> rejected -> (edited) draft
The moves are the table in :mod:`bedside.inbox.states`; every step is in the
audit log. An approved reply is sent by the task queue
(:mod:`bedside.inbox.sending`), exactly once; a failed one can be retried.

Every state change here is a conditional update ("… where state is still
what I read"); no row lock is held across the guard or the network.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from bedside.channels.clients import ready_client
from bedside.guard import Context, Result, scan
from bedside.inbox import alerts, sending, states
from bedside.inbox.models import Message, Reply
from bedside.networks import limits
from bedside.networks.base import NetworkClient
from bedside.workspace import approvals, audit, gates
from bedside.workspace.identifiers import our_public_identifiers
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can

MAX_REPLY = 5000
#: the same person submitting the same text to the same message within this
#: long (a double click, a resent form) makes one reply, not two
DUPLICATE_WINDOW = timedelta(seconds=30)
SUBMITTABLE = (Reply.State.DRAFT, Reply.State.REJECTED)
#: a justification shorter than this is not one
MIN_JUSTIFICATION = 20
EDITABLE = (Reply.State.DRAFT, Reply.State.REJECTED, Reply.State.AWAITING_APPROVAL)


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
    states.reply_to(reply, Reply.State.DRAFT)
    reply.verdict = ""
    reply.save(update_fields=["body", "state", "verdict", "updated_at"])
    states.settle_message(reply.message)
    audit.record("reply_edited", reply, request=request, actor=actor)
    return reply


def fits(reply: Reply) -> list[str]:
    """What the network would refuse in this reply (length as it counts it,
    characters): checked as it is typed, at submit and again at send."""
    return limits.problems(reply.message.network, reply.body)


def submit(reply: Reply, actor: Any, *, request: Any = None) -> Reply:
    """Check the reply with the guard and the network's limits; queue it for
    sending if the guard allows it, else ask for approval.

    A reply submitted twice at once is checked twice but moves on once: the
    second submission finds it no longer a draft and returns it as it is."""
    reply = Reply.objects.select_related("message").get(pk=reply.pk)
    if reply.state not in SUBMITTABLE:
        raise ReplyError(f"This reply is {reply.get_state_display().lower()}; only a draft can be sent.")
    # A saved draft is its author's words: nobody else sends it (an approver
    # approves it through approval, never through submit).
    if reply.author_id is not None and reply.author_id != getattr(actor, "pk", None):
        raise ReplyError("Only the draft's author sends it; ask them, or write your own reply.")
    _cleared(actor)
    result = check(reply.body, reply.message)
    flagged = result.verdict in ("review", "block")
    # A reply to a message in a situation of the responsibility matrix waits
    # for the row's approver whatever the guard says.
    needs = flagged or bool(matrix_steps(reply))
    # What the guard flags is held for a reviewer whatever else is wrong with
    # it (hidden characters are how identifiers get past a filter); what it
    # allows must also fit the network, or it is refused here, not sent.
    refused = [] if flagged else fits(reply)
    if refused:
        raise ReplyError("The network would refuse this reply: " + " ".join(refused))
    state = Reply.State.AWAITING_APPROVAL if needs else Reply.State.APPROVED
    states.reply_to(Reply(state=reply.state), state)  # refused here if the table does not allow it
    detail = {"findings": [f.to_dict() for f in result.findings], "reasons": result.reasons}
    with transaction.atomic():
        won = Reply.objects.filter(pk=reply.pk, state=reply.state, updated_at=reply.updated_at).update(
            verdict=result.verdict, guard_detail=detail, state=state, approvals=[], updated_at=timezone.now())
        if not won:  # submitted (or edited) by another request meanwhile
            return Reply.objects.select_related("message").get(pk=reply.pk)
        reply.refresh_from_db()
        audit.record("reply_submitted", reply, request=request, actor=actor,
                     detail={"verdict": result.verdict, "labels": sorted({f.label for f in result.findings})})
        if needs:
            states.settle_message(reply.message)
        else:
            sending.queue(reply, actor=actor, request=request)
    if needs:
        alerts.fire("approval", reply.message, key_suffix=f"reply{reply.pk}")
    return reply


def approve(reply: Reply, reviewer: Any, note: str = "", *, justification: str = "", request: Any = None) -> Reply:
    """Approve a flagged reply and queue it. A reply the guard *blocked*
    needs a written justification (kept, audited and shown with it)."""
    justification = justification.strip()
    with transaction.atomic():
        reply = Reply.objects.select_related("message").get(pk=reply.pk)
        _may_review(reply, reviewer)
        _cleared(reviewer)
        if reply.verdict == "block" and len(justification) < MIN_JUSTIFICATION:
            raise ReplyError("The guard blocked this reply: approving it needs a written justification "
                             f"(at least {MIN_JUSTIFICATION} characters) saying why it may go out anyway.")
        refused = fits(reply)
        if refused:
            raise ReplyError("The network would refuse this reply: " + " ".join(refused))
        now = timezone.now()
        steps = matrix_steps(reply)
        decided = list(reply.approvals or [])
        step = approvals.next_step(steps, decided)
        if step is not None:
            why = approvals.why_not(step, reviewer, reply.author_id, decided)
            if why:
                raise ReplyError(why)
            decided.append({"step": step.name, "by": reviewer.pk, "at": now.isoformat()})
            if approvals.next_step(steps, decided) is not None:
                return _step_approved(reply, reviewer, step, decided, now, request)
        won = Reply.objects.filter(pk=reply.pk, state=Reply.State.AWAITING_APPROVAL,
                                   updated_at=reply.updated_at).update(
            state=Reply.State.APPROVED, reviewer=reviewer, reviewed_at=now, review_note=note.strip()[:2000],
            approvals=decided, updated_at=now)
        if not won:
            raise ReplyError("Another reviewer has just decided on this reply.")
        reply.refresh_from_db()
        if justification:
            reply.justification = justification[:2000]
            reply.save(update_fields=["justification"])
        audit.record("reply_approved", reply, request=request, actor=reviewer,
                     detail={"verdict": reply.verdict, "author": getattr(reply.author, "username", ""),
                             "justification": reply.justification})
        sending.queue(reply, actor=reviewer, request=request)
    return reply


def matrix_steps(reply: Reply) -> list[approvals.Step]:
    """The approval steps the responsibility matrix adds for this reply's message."""
    return approvals.extra_steps("replies", reply.message)


def _step_approved(reply: Reply, reviewer: Any, step: approvals.Step, decided: list[dict[str, Any]],
                   now: Any, request: Any) -> Reply:
    """One step of several approved: the reply waits for the next one."""
    won = Reply.objects.filter(pk=reply.pk, state=Reply.State.AWAITING_APPROVAL,
                               updated_at=reply.updated_at).update(approvals=decided, updated_at=now)
    if not won:
        raise ReplyError("Another reviewer has just decided on this reply.")
    reply.refresh_from_db()
    audit.record("reply_step_approved", reply, request=request, actor=reviewer, detail={"step": step.name})
    transaction.on_commit(lambda: alerts.fire("approval", reply.message, key_suffix=f"reply{reply.pk}:{len(decided)}"))
    return reply


@transaction.atomic
def reject(reply: Reply, reviewer: Any, note: str = "", *, request: Any = None) -> Reply:
    reply = Reply.objects.select_for_update().select_related("message").get(pk=reply.pk)
    _may_review(reply, reviewer)
    states.reply_to(reply, Reply.State.REJECTED)
    reply.reviewer = reviewer
    reply.reviewed_at = timezone.now()
    reply.review_note = note.strip()[:2000]
    reply.save(update_fields=["state", "reviewer", "reviewed_at", "review_note", "updated_at"])
    states.settle_message(reply.message)
    audit.record("reply_rejected", reply, request=request, actor=reviewer, detail={"verdict": reply.verdict})
    return reply


def _cleared(person: Any) -> None:
    """The employee policy accepted (and training current, where required)
    before a person sends a reply on its way: governance's checks."""
    refused = gates.refusal(person, "reply")
    if refused is not None:
        raise ReplyError(str(refused))


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
    """Retry a reply that failed: back on the queue (see :mod:`bedside.inbox.sending`);
    the worker sends it. Once however many times it is asked."""
    reply = Reply.objects.select_related("message").get(pk=reply.pk)
    if reply.state != Reply.State.FAILED:
        if reply.state in (Reply.State.APPROVED, Reply.State.SENDING, Reply.State.RETRYING):
            raise ReplyError("This reply is being sent right now; it is not sent twice.")
        raise ReplyError(f"This reply is {reply.get_state_display().lower()}; only an approved reply is sent.")
    try:
        return sending.retry(reply, actor=actor, request=request)
    except sending.SendError as exc:
        raise ReplyError(str(exc)) from None
