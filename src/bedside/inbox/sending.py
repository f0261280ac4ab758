"""Sending a reply, exactly once, on the task queue.

A person's request never calls the network: it moves the reply to
"approved" and enqueues :func:`bedside.inbox.tasks.send_reply` in the same
transaction (the queue is a table, so the task exists exactly when the
approval does). The worker then:

1. settles an unknown outcome first: a reply left "sending" by a sender that
   died (a killed worker, a crash after the network accepted it) or whose
   call ended without an answer (a timeout) is looked for among our replies
   on the network (``our_replies``); found, it is sent; not found, it is
   tried again. A network that cannot read back leaves it "failed, outcome
   unknown" for a person to check, never re-posted blindly;
2. claims the reply with a conditional update (approved or retrying ->
   sending) and records the attempt (number, key, start, worker) before the
   network hears of it; the key goes to networks that take an idempotency
   key (Mastodon);
3. stores the network's answer: sent; a transient failure is retried with
   backoff (:data:`BACKOFF`) up to :data:`MAX_ATTEMPTS`; a permanent one is
   failed at once, with the network's reason.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bedside.channels.clients import ready_client
from bedside.inbox import alerts, states
from bedside.inbox.models import Reply
from bedside.logs import event
from bedside.networks import limits
from bedside.networks.errors import NetworkError, NotSupported
from bedside.networks.registry import UnknownNetwork
from bedside.workspace import audit, leases

logger = logging.getLogger(__name__)

R = Reply.State
#: tries of one reply, the first included, before it is failed for good
MAX_ATTEMPTS = 5
#: wait before the 2nd, 3rd, ... try after a transient failure
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30))
#: a "sending" reply older than this lost its sender even if its process
#: still exists elsewhere (longer than any network call with its retries)
SENDING_STALE = timedelta(minutes=10)
UNKNOWN_OUTCOME = ("the process sending it stopped before the network answered, and {network} cannot list our "
                   "replies to check: look for it on {network} before you retry")


class SendError(Exception):
    """A send not allowed in the reply's state; says why."""


def queue(reply: Reply, *, actor: Any = None, request: Any = None, at: datetime | None = None) -> Reply:
    """Put an approved reply on the queue; the message says "Sending". Call
    inside the transaction that approved it."""
    from bedside.inbox import by_hand
    from bedside.inbox.tasks import send_reply

    if by_hand.needed(reply):
        return by_hand.hold(reply, actor=actor, request=request)
    task = send_reply if at is None else send_reply.using(run_after=at)
    task.enqueue(reply_id=reply.pk)
    states.settle_message(reply.message)
    audit.record("reply_queued", reply, request=request, actor=actor,
                 detail={"attempts": reply.attempts, "run_after": at.isoformat() if at else None})
    return reply


def retry(reply: Reply, *, actor: Any = None, request: Any = None) -> Reply:
    """A person's retry of a reply that failed: back on the queue, once
    however many times it is clicked (a conditional update)."""
    with transaction.atomic():
        won = Reply.objects.filter(pk=reply.pk, state=R.FAILED).update(
            state=R.APPROVED, next_attempt_at=None, updated_at=timezone.now())
        reply = Reply.objects.select_related("message").get(pk=reply.pk)
        if not won:
            raise SendError(_not_now(reply))
        return queue(reply, actor=actor, request=request)


def _not_now(reply: Reply) -> str:
    if reply.state in (R.APPROVED, R.SENDING, R.RETRYING):
        return "This reply is already queued or being sent; it is not sent twice."
    return f"This reply is {reply.get_state_display().lower()}; only a reply that failed is retried."


#: a queued reply untouched this long has lost its task (the task failed
#: after its workers kept dying, or the queue was cleared)
LOST_AFTER = timedelta(minutes=5)


def resume_lost(now: datetime | None = None) -> int:
    """Queue again the replies whose task was lost: approved or due for a
    retry but untouched for :data:`LOST_AFTER`, or "sending" by a worker
    that is gone. Running :func:`deliver` twice is harmless (the claim is
    conditional and an unknown outcome is read back), so this never sends
    twice. Returns how many were queued."""
    from bedside.inbox.tasks import send_reply

    now = now or timezone.now()
    stale = now - LOST_AFTER
    waiting = Reply.objects.filter(state=R.APPROVED, updated_at__lt=stale) | Reply.objects.filter(
        state=R.RETRYING, next_attempt_at__lt=stale)
    ids = list(waiting.values_list("pk", flat=True))
    for reply in Reply.objects.filter(state=R.SENDING):
        if sender_gone(reply, now):
            ids.append(reply.pk)
    for pk in ids:
        send_reply.enqueue(reply_id=pk)
    if ids:
        event(logger, "reply.resumed", logging.WARNING, count=len(ids))
    return len(ids)


# -- the worker's side ------------------------------------------------------------

def deliver(reply_id: int, *, now: datetime | None = None) -> str:
    """The task's step: settle, claim, send, store. Returns the reply's state."""
    try:
        return _deliver(reply_id, now)
    except _Overtaken:
        return str(Reply.objects.filter(pk=reply_id).values_list("state", flat=True).first() or "gone")


def _deliver(reply_id: int, now: datetime | None) -> str:
    reply = Reply.objects.select_related("message__channel").filter(pk=reply_id).first()
    if reply is None:
        return "gone"
    if reply.state == R.SENDING:
        if not sender_gone(reply, now):
            return reply.state  # another worker is sending it right now
        reply = settle_unknown(reply)
        if reply.state != R.RETRYING:
            return reply.state
    if reply.state == R.RETRYING and reply.next_attempt_at and reply.next_attempt_at > (now or timezone.now()):
        return reply.state  # an early duplicate of the scheduled retry
    if reply.state not in (R.APPROVED, R.RETRYING):
        return reply.state
    if reply.needs_approval and reply.reviewer_id is None:
        return _fail(reply, "the guard flagged this reply and no reviewer approved it", permanent=True).state
    refused = limits.problems(reply.message.network, reply.body)
    if refused:
        return _fail(reply, " ".join(refused), permanent=True).state
    reply = _claim(reply)
    if reply is None:
        return Reply.objects.get(pk=reply_id).state  # another worker claimed it first
    try:
        sent = _call(reply)
    except NotSupported as exc:
        return _fail(reply, str(exc), permanent=True).state
    except NetworkError as exc:
        if exc.permanent:
            return _fail(reply, str(exc), permanent=True).state
        if exc.status != 429:
            # A timeout or a 5xx after a POST: the network may have it.
            settled = settle_unknown(reply, error=str(exc))
            if settled.state == R.RETRYING:  # not there: try again after the backoff
                return _fail(settled, str(exc), permanent=False).state
            return settled.state
        return _fail(reply, str(exc), permanent=False).state
    except (UnknownNetwork, ValueError) as exc:
        return _fail(reply, str(exc), permanent=True).state
    return _sent(reply, sent.external_id, sent.url, how="reply_sent").state


def _claim(reply: Reply) -> Reply | None:
    with transaction.atomic():
        claimed = Reply.objects.filter(pk=reply.pk, state__in=(R.APPROVED, R.RETRYING)).update(
            state=R.SENDING, attempts=F("attempts") + 1, attempt_key=uuid.uuid4().hex,
            attempt_started_at=timezone.now(), attempt_by=leases.worker_id(), error="", updated_at=timezone.now())
        if not claimed:
            return None
        reply = Reply.objects.select_related("message__channel").get(pk=reply.pk)
        states.settle_message(reply.message)
        # The attempt is on record before the network hears of it.
        audit.record("reply_sending", reply, actor="system",
                     detail={"network": reply.message.network, "attempt": reply.attempts, "key": reply.attempt_key})
    return reply


def _call(reply: Reply) -> Any:
    message = reply.message
    client = ready_client(message.channel, by="reply")
    if reply.private:
        return client.send_private(message.channel.handle, message.author_handle, message.external_id, reply.body)
    if client.takes_idempotency_key:
        return client.reply(message.channel.handle, message.external_id, reply.body,  # type: ignore[call-arg]
                            idempotency_key=reply.attempt_key)
    return client.reply(message.channel.handle, message.external_id, reply.body)


def sender_gone(reply: Reply, now: datetime | None = None) -> bool:
    """Whether the worker that claimed this "sending" reply is gone: its
    process no longer exists on this machine, its heartbeat stopped, or the
    attempt is older than :data:`SENDING_STALE`."""
    now = now or timezone.now()
    started = reply.attempt_started_at or reply.updated_at
    if started < now - SENDING_STALE:
        return True
    by = reply.attempt_by
    if not by:
        return True  # released by its worker (a read-back to try again)
    host, _, pid = by.rpartition(":")
    if host and host == socket.gethostname()[: len(host)] and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    return leases.known(by) and not leases.is_alive(by, now)


class _Overtaken(Exception):
    """Another worker settled or re-claimed the reply meanwhile: this one stops."""


def _save(reply: Reply, expected: str, fields: list[str]) -> None:
    """Write ``fields`` only if the reply is still in state ``expected`` of
    the attempt this worker read (a conditional update): two workers settling
    one lost attempt at once must not both go on to post it."""
    values = {f: getattr(reply, f) for f in fields}
    values["updated_at"] = timezone.now()
    if not Reply.objects.filter(pk=reply.pk, state=expected, attempt_key=reply.attempt_key).update(**values):
        raise _Overtaken


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def settle_unknown(reply: Reply, *, error: str = "") -> Reply:
    """Read our replies back from the network: the attempt that ended
    without an answer is either there (sent) or not (retry it)."""
    message = reply.message
    try:
        client = ready_client(message.channel, by="reply")
        if client.reply_replaces and not reply.private:
            ours = []  # sending again replaces the one reply: nothing to find, safe to repeat
        elif reply.private or not client.reads_back_replies:
            raise NotSupported(message.network, "cannot read back")
        else:
            ours = client.our_replies(message.channel.handle, message.external_id)
    except NotSupported:
        network = message.network
        with transaction.atomic():
            expected = reply.state
            reply.error = UNKNOWN_OUTCOME.format(network=network)[:500]
            reply.next_attempt_at = None
            states.reply_to(reply, R.FAILED)
            _save(reply, expected, ["state", "error", "next_attempt_at"])
            states.settle_message(message)
            audit.record("reply_outcome_unknown", reply, actor="system", detail={"attempt": reply.attempts})
        alerts.fire("send_failed", message, key_suffix=f"reply{reply.pk}:{reply.attempts}")
        return reply
    except NetworkError as exc:
        # The read-back failed too: still unknown; try the read-back again later.
        return _fail(reply, f"{error or 'no answer'}; reading back failed: {exc}", permanent=False, keep_sending=True)
    taken = set(Reply.objects.filter(message=message, state=R.SENT).exclude(pk=reply.pk)
                .values_list("external_id", flat=True))
    for posted in ours:
        if posted.external_id not in taken and _same(posted.text, reply.body):
            audit.record("reply_reconciled", reply, actor="system",
                         detail={"found": True, "external_id": posted.external_id, "attempt": reply.attempts})
            return _sent(reply, posted.external_id, posted.url, how="reply_sent")
    audit.record("reply_reconciled", reply, actor="system", detail={"found": False, "attempt": reply.attempts})
    if reply.attempts >= MAX_ATTEMPTS:
        return _fail(reply, error or "not on the network after the last try", permanent=True)
    with transaction.atomic():
        expected = reply.state
        reply.error = (error or "the last try ended without an answer and the network does not have it")[:500]
        reply.next_attempt_at = timezone.now()
        states.reply_to(reply, R.RETRYING)
        _save(reply, expected, ["state", "error", "next_attempt_at"])
    return reply


def _sent(reply: Reply, external_id: str, url: str, *, how: str) -> Reply:
    now = timezone.now()
    message = reply.message
    with transaction.atomic():
        expected = reply.state
        states.reply_to(reply, R.SENT)
        reply.sent_at = now
        reply.external_id = external_id[:200]
        reply.url = url[:1000]
        reply.error = ""
        reply.next_attempt_at = None
        _save(reply, expected, ["state", "sent_at", "external_id", "url", "error", "next_attempt_at"])
        if message.first_replied_at is None:
            message.first_replied_at = now
            message.save(update_fields=["first_replied_at"])
        states.settle_message(message, now=now)
        audit.record(how, reply, actor="system",
                     detail={"network": message.network, "external_id": reply.external_id, "attempt": reply.attempts})
    event(logger, "reply.sent", reply=reply.pk, message=message.pk, network=message.network, attempt=reply.attempts)
    return reply


def _fail(reply: Reply, error: str, *, permanent: bool, keep_sending: bool = False) -> Reply:
    """A failure: retried with backoff while tries are left, unless permanent."""
    message = reply.message
    last = permanent or reply.attempts >= MAX_ATTEMPTS
    with transaction.atomic():
        expected = reply.state
        reply.error = error[:500]
        if keep_sending:
            reply.attempt_by = ""  # released: the next run reads back again
        if last:
            reply.next_attempt_at = None
            if reply.state == R.APPROVED:  # refused before any try (the limits, no reviewer)
                states.reply_to(reply, R.SENDING)
            states.reply_to(reply, R.FAILED)
        else:
            wait = BACKOFF[min(max(reply.attempts - 1, 0), len(BACKOFF) - 1)]
            reply.next_attempt_at = timezone.now() + wait
            if not keep_sending:
                states.reply_to(reply, R.RETRYING)
        _save(reply, expected, ["state", "error", "next_attempt_at", "attempt_by"])
        states.settle_message(message)
        audit.record("reply_failed", reply, actor="system",
                     detail={"error": reply.error, "attempt": reply.attempts, "final": last})
        if not last:
            from bedside.inbox.tasks import send_reply

            send_reply.using(run_after=reply.next_attempt_at).enqueue(reply_id=reply.pk)
    if last:
        alerts.fire("send_failed", message, key_suffix=f"reply{reply.pk}:{reply.attempts}")
    event(logger, "reply.failed", logging.WARNING, reply=reply.pk, message=message.pk, attempt=reply.attempts,
          final=last)
    return reply
