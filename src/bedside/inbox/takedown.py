"""Takedown protocol: a public comment that carries PHI is hidden (or deleted
where the network allows it), and the person gets a templated private
message saying why. Each step is in the audit log, including the ones the
network refuses."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from bedside.inbox import alerts, canned, replies, states
from bedside.inbox.models import CannedResponse, Message, Reply, State, Takedown
from bedside.networks.errors import NetworkError, NotSupported
from bedside.networks.registry import UnknownNetwork
from bedside.workspace import audit

NOTICE_SLUG = "takedown-notice"


class TakedownError(Exception):
    pass


def possible(message: Message) -> bool:
    return message.kind != Message.Kind.DIRECT


def notice_text() -> tuple[str, Any] | None:
    """The approved private notice, rendered, and its version; None when no
    version of the template has been approved yet."""
    template = CannedResponse.objects.filter(slug=NOTICE_SLUG, retired=False).first()
    version = template.approved_version() if template else None
    if version is None:
        return None
    return canned.render(version), version


def take_down(message: Message, actor: Any, *, action: str = Takedown.Action.HIDE, notify: bool = True,
              request: Any = None) -> Takedown:
    if not possible(message):
        raise TakedownError("A direct message is not public: there is nothing to hide.")
    if action not in Takedown.Action.values:
        raise TakedownError(f"Unknown action {action!r}; expected hide or delete.")
    audit.record("takedown_requested", message, request=request, actor=actor, detail={"action": action})
    status, error = Takedown.Status.DONE, ""
    try:
        client = replies.client_for(message.channel, by="takedown")
        if action == Takedown.Action.HIDE:
            client.hide(message.channel.handle, message.external_id)
        else:
            client.delete(message.channel.handle, message.external_id)
    except NotSupported as exc:
        status, error = Takedown.Status.NOT_SUPPORTED, str(exc)
    except (NetworkError, UnknownNetwork, ValueError) as exc:
        status, error = Takedown.Status.FAILED, str(exc)
    with transaction.atomic():
        takedown = Takedown.objects.create(message=message, action=action, status=status, error=error[:500],
                                           requested_by=actor if getattr(actor, "pk", None) else None)
        if status == Takedown.Status.DONE:
            states.message_to(message, State.HIDDEN)
        audit.record(f"takedown_{status}", message, request=request, actor=actor,
                     detail={"action": action, "error": error[:300]})
    if status == Takedown.Status.DONE:
        alerts.fire("takedown", message, note=action)
    if notify:
        takedown.notice = _notify(message, actor, request)
        takedown.save(update_fields=["notice"])
    return takedown


def _notify(message: Message, actor: Any, request: Any) -> Reply | None:
    found = notice_text()
    if found is None:
        audit.record("takedown_notice_skipped", message, request=request, actor=actor,
                     detail={"why": "no approved version of the takedown notice template"})
        return None
    text, version = found
    # Each takedown is a deliberate request: its notice is never merged with an earlier one.
    reply = replies.draft(message, actor, text, canned_version=version, private=True, request=request, dedupe=False)
    return replies.submit(reply, actor, request=request)
