"""A public mention with crisis language or PHI reaches people like an inbox
message does: through the inbox's own "crisis" and "PHI" alert rules (the
on-call people, the rule's addresses and webhooks; recorded and retried),
once per mention, linking to the mention's page where compliance reviews it.
The dashboard counts those still waiting for review.

The alert says which search found it and what was found, never the
mention's text (the alert travels by e-mail and chat)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from bedside.inbox import alerts
from bedside.listening.models import Mention, SavedSearch
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can


def mention_link(mention: Mention) -> str:
    return settings.PUBLIC_URL + reverse("listening_mention", args=[mention.pk])


def raise_for(search: SavedSearch, mentions: Iterable[Mention]) -> int:
    """Alert the crisis and PHI rules about each of ``mentions`` that needs
    review; returns how many alerts went out (a mention alerted before: none)."""
    flagged = [m for m in mentions if m.needs_review and m.pk is not None]
    if not flagged:
        return 0
    live = alerts.live_triggers()
    sent = 0
    # Each trigger's rules and each rule's targets looked up once for the
    # batch, not once per flagged mention.
    with alerts.lookups_once():
        for mention in flagged:
            where = f"a public mention on {mention.source} found by the search “{search.name}”"
            for trigger, present in (("crisis", mention.crisis), ("phi", mention.phi)):
                if present and trigger in live:
                    sent += len(alerts.fire(trigger, note=where, key_suffix=f"mention:{mention.pk}",
                                            where=mention_link(mention)))
    return sent


def dashboard_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Public mentions waiting for compliance, crises first."""
    if not user_can(request.user, Can.READ_MESSAGES):
        return None
    waiting = Mention.objects.filter(needs_review=True)
    total = waiting.count()
    if not total:
        return None
    crises = waiting.filter(crisis=True).count()
    return {"title": "Listening", "lines": [
        {"text": f"{total} public mention(s) waiting for compliance"
                 + (f", {crises} with crisis language" if crises else ""),
         "url": reverse("listening"), "alarm": bool(crises), "id": "dashboard-mentions-review"},
    ]}
