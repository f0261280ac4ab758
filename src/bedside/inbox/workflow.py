"""A message's life: new, assigned, awaiting approval, sending, failed to send,
replied, hidden, closed; the moves allowed are :mod:`bedside.inbox.states`'s table."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from bedside.inbox import states
from bedside.inbox.models import Message, Queue, State
from bedside.workspace import audit
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can


class WorkflowError(Exception):
    pass


@transaction.atomic
def assign(message: Message, assignee: Any, *, actor: Any, request: Any = None) -> Message:
    if assignee is not None and not user_can(assignee, Can.REPLY) and not user_can(assignee, Can.APPROVE):
        raise WorkflowError(f"{assignee.get_username()} cannot answer messages (their role does not allow it).")
    message.assignee = assignee
    if message.state == State.NEW and assignee is not None:
        states.message_to(message, State.ASSIGNED, save=False)
    elif message.state == State.ASSIGNED and assignee is None:
        states.message_to(message, State.NEW, save=False)
    message.save(update_fields=["assignee", "state", "state_changed_at"])
    audit.record("message_assigned", message, request=request, actor=actor,
                 detail={"to": assignee.get_username() if assignee else None})
    return message


@transaction.atomic
def move(message: Message, queue: Queue, *, actor: Any, request: Any = None) -> Message:
    before = message.queue.name if message.queue_id else None
    message.queue = queue
    message.save(update_fields=["queue"])
    audit.record("message_moved", message, request=request, actor=actor, detail={"from": before, "to": queue.name})
    return message


@transaction.atomic
def close(message: Message, *, actor: Any, request: Any = None) -> Message:
    now = timezone.now()
    states.message_to(message, State.CLOSED, now=now, save=False)
    message.closed_at = message.closed_at or now
    message.save(update_fields=["state", "state_changed_at", "closed_at"])
    audit.record("message_closed", message, request=request, actor=actor)
    return message


@transaction.atomic
def reopen(message: Message, *, actor: Any, request: Any = None) -> Message:
    if message.state != State.CLOSED:
        raise WorkflowError("Only a closed message is reopened.")
    states.message_to(message, states.open_state(message), save=False)
    message.closed_at = None
    message.save(update_fields=["state", "state_changed_at", "closed_at"])
    audit.record("message_reopened", message, request=request, actor=actor)
    return message
