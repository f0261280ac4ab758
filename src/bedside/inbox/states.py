"""The one state machine of messages and replies (the approval part of a
reply's life is shared with posts: bedside.workspace.approvals).

Every change of a message's or a reply's state goes through :func:`reply_to`
or :func:`message_to`, which look the move up in a table and raise
:class:`IllegalTransition` for one the table does not list. A page that says
"Awaiting approval" with an empty approval queue, or "New" after a failed
send, was a state set by hand somewhere; with one table there is one place
to read what can follow what.

A move to the state something is already in is allowed and does nothing
(two people assigning the same message; a retry finding it already sending
is handled by the conditional updates in :mod:`bedside.inbox.sending`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from bedside.inbox.models import Message, Reply, State
from bedside.workspace import approvals

R = Reply.State

#: reply state -> the states it may move to, each with why: the approval
#: part shared with posts (bedside.workspace.approvals), then sending, or
#: posting by hand where a site has no reply API
REPLY: dict[Any, dict[Any, str]] = approvals.extended({
    R.APPROVED: {R.SENDING: "a worker claimed it",
                 R.TO_POST: "the site has no reply API: a person posts it by hand"},
    R.TO_POST: {R.POSTED: "a person posted it on the site and marked it posted"},
    R.POSTED: {},
    R.SENDING: {R.SENT: "the network accepted it", R.RETRYING: "a transient failure: tried again later",
                R.FAILED: "the network refused it, or the outcome could not be settled"},
    R.RETRYING: {R.SENDING: "a worker claimed the retry", R.FAILED: "no retries left"},
    R.FAILED: {R.SENDING: "a person retried it", R.APPROVED: "a person queued it again",
               R.SENT: "read back: the network had it after all"},
    R.SENT: {},
})

M = State
_OPEN_WORK: dict[Any, str] = {M.NEW: "unassigned", M.ASSIGNED: "assigned", M.CLOSED: "closed", M.HIDDEN: "taken down",
              M.AWAITING_APPROVAL: "a reply waits for a reviewer", M.SENDING: "a reply is being sent",
              M.SEND_FAILED: "its reply failed to send", M.REPLIED: "its reply was sent"}

#: message state -> the states it may move to
MESSAGE: dict[Any, dict[Any, str]] = {
    M.NEW: {s: w for s, w in _OPEN_WORK.items() if s != M.NEW},
    M.ASSIGNED: {s: w for s, w in _OPEN_WORK.items() if s != M.ASSIGNED},
    M.AWAITING_APPROVAL: {s: w for s, w in _OPEN_WORK.items() if s != M.AWAITING_APPROVAL},
    M.SENDING: {M.REPLIED: "its reply was sent", M.SEND_FAILED: "its reply failed to send",
                M.AWAITING_APPROVAL: "another reply waits for a reviewer", M.HIDDEN: "taken down",
                M.CLOSED: "closed", M.NEW: "the reply was withdrawn", M.ASSIGNED: "the reply was withdrawn"},
    M.SEND_FAILED: {s: w for s, w in _OPEN_WORK.items() if s != M.SEND_FAILED},
    # A second reply to a replied message is sent the same way as the first.
    M.REPLIED: {M.AWAITING_APPROVAL: "another reply waits for a reviewer", M.SENDING: "another reply is being sent",
                M.SEND_FAILED: "another reply failed to send", M.HIDDEN: "taken down", M.CLOSED: "closed"},
    # Taken down: its private notice is sent without reopening it; closing ends it.
    M.HIDDEN: {M.CLOSED: "closed"},
    M.CLOSED: {M.NEW: "reopened", M.ASSIGNED: "reopened", M.HIDDEN: "taken down"},
}


IllegalTransition = approvals.IllegalTransition
allowed = approvals.allowed


def reply_to(reply: Reply, wanted: Any) -> Reply:
    """Set ``reply.state`` (not saved: the caller saves it with its other fields)."""
    if not allowed(REPLY, reply.state, wanted):
        raise IllegalTransition("reply", reply.state, wanted)
    reply.state = wanted
    return reply


def message_to(message: Message, wanted: Any, *, now: datetime | None = None, save: bool = True) -> bool:
    """Move ``message`` to ``wanted``; True if it changed. Saved unless ``save=False``."""
    if message.state == wanted:
        return False
    if not allowed(MESSAGE, message.state, wanted):
        raise IllegalTransition("message", message.state, wanted)
    message.state = wanted
    message.state_changed_at = now or timezone.now()
    if save:
        message.save(update_fields=["state", "state_changed_at"])
    return True


def open_state(message: Message) -> Any:
    """Where a message goes back to when nothing about its replies holds it."""
    return M.ASSIGNED if message.assignee_id else M.NEW


def after_replies(message: Message) -> Any:
    """The message's state as its replies say it, read from the replies
    themselves so it never disagrees with them: a reply waiting for a
    reviewer, one on its way, one that failed for good, one sent. A hidden or
    closed message stays as it is (its private notice does not reopen it)."""
    if message.state in (M.HIDDEN, M.CLOSED):
        return message.state
    states = set(message.replies.values_list("state", flat=True))
    if states & {R.APPROVED, R.SENDING, R.RETRYING}:
        return M.SENDING
    if R.AWAITING_APPROVAL in states:
        return M.AWAITING_APPROVAL
    if R.FAILED in states:
        return M.SEND_FAILED
    if states & {R.SENT, R.POSTED}:
        return M.REPLIED
    return open_state(message)


def settle_message(message: Message, *, now: datetime | None = None) -> bool:
    """Move the message to what its replies say (:func:`after_replies`)."""
    return message_to(message, after_replies(message), now=now)
