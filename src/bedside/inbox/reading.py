"""Opening a PHI-bearing body: every read by a person goes to the audit log."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from bedside.inbox.models import Message
from bedside.workspace import audit


def open_message(message: Message, *, request: HttpRequest | None = None, actor: Any = None,
                 via: str = "web") -> Message:
    """Record that ``actor`` read the message's body, then hand it back."""
    audit.record("message_read", message, request=request, actor=actor, detail={"via": via})
    return message
