"""A message's life: new, assigned, awaiting approval, replied, hidden, closed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

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
        message.state = State.ASSIGNED
    elif message.state == State.ASSIGNED and assignee is None:
        message.state = State.NEW
    message.state_changed_at = timezone.now()
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
    message.state = State.CLOSED
    message.state_changed_at = now
    message.closed_at = message.closed_at or now
    message.save(update_fields=["state", "state_changed_at", "closed_at"])
    audit.record("message_closed", message, request=request, actor=actor)
    return message


@transaction.atomic
def reopen(message: Message, *, actor: Any, request: Any = None) -> Message:
    message.state = State.ASSIGNED if message.assignee_id else State.NEW
    message.state_changed_at = timezone.now()
    message.closed_at = None
    message.save(update_fields=["state", "state_changed_at", "closed_at"])
    audit.record("message_reopened", message, request=request, actor=actor)
    return message
