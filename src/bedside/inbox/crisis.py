"""Crisis protocol: crisis messages jump the queue (priority urgent, sorted
first), alert on-call people at once (the "crisis" alert rule, emailing
everyone marked on call), and the composer offers a reply with crisis
resources (988 in the US)."""

from __future__ import annotations

from bedside.inbox import canned
from bedside.inbox.defaults import CRISIS_REPLY
from bedside.inbox.models import CannedResponse

CRISIS_SLUG = "crisis-988"
RESOURCES = [
    ("988 Suicide & Crisis Lifeline", "Call or text 988, or chat at 988lifeline.org (US, any time)"),
    ("Emergency", "Call 911 when someone is in immediate danger"),
    ("Crisis Text Line", "Text HOME to 741741 (US)"),
]


def suggested_reply() -> tuple[str, int | None]:
    """The approved crisis template's text and version id, or the shipped
    text (unapproved: it still goes through the guard and approval)."""
    template = CannedResponse.objects.filter(slug=CRISIS_SLUG, retired=False).first()
    version = template.approved_version() if template else None
    if version is None:
        return CRISIS_REPLY, None
    return canned.render(version), version.pk
