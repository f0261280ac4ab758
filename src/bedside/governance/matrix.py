"""The responsibility matrix: per situation, who drafts, who approves, who is
told and how fast. Where triage recognises a situation (a PHI or crisis flag,
a complaint), saving the matrix routes those messages to the row's inbox queue
and gives the queue the row's response-time target, so overdue alerts follow
the matrix; media enquiries and legal threats are not recognised by triage, so
their rows are for people (printed as one page)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from bedside.governance.models import Situation
from bedside.inbox.models import Queue, RoutingRule
from bedside.workspace import audit


class S:
    """The situations (:class:`Situation.Key`'s values) as plain strings."""

    PHI, CRISIS, PHYSICIAN_COMPLAINT, MEDIA, LEGAL = "phi", "crisis", "physician_complaint", "media", "legal"


# key: (the routing rule's flag, its intent) where triage can tell the situation
TRIGGERS: dict[str, tuple[str, str]] = {
    S.PHI: ("phi", ""),
    S.CRISIS: ("crisis", ""),
    # Triage knows a complaint, not whom it is about: every complaint follows this row.
    S.PHYSICIAN_COMPLAINT: ("", "complaint"),
}
# key: drafts, approves, told, minutes, queue slug
DEFAULTS: list[tuple[str, str, str, str, int, str]] = [
    (
        S.PHI,
        "Compliance reviewer (hide the post, then a private note)",
        "Privacy officer",
        "Social media manager; privacy officer",
        15,
        "compliance",
    ),
    (
        S.CRISIS,
        "Social media manager (the 988 crisis response)",
        "Compliance reviewer",
        "On-call; security; behavioral health lead",
        15,
        "compliance",
    ),
    (
        S.PHYSICIAN_COMPLAINT,
        "Patient relations",
        "Compliance reviewer",
        "The physician's department chair; practice manager",
        240,
        "patient-relations",
    ),
    (
        S.MEDIA,
        "Media relations",
        "Vice president of communications",
        "Public affairs; the executive on call",
        60,
        "",
    ),
    (S.LEGAL, "Nobody answers in public", "General counsel", "Legal; risk management; compliance", 60, ""),
]


def ensure() -> list[Situation]:
    for position, (key, drafts, approves, told, minutes, slug) in enumerate(DEFAULTS):
        Situation.objects.get_or_create(
            key=key,
            defaults={
                "drafts": drafts,
                "approves": approves,
                "told": told,
                "target_minutes": minutes,
                "queue": Queue.objects.filter(slug=slug).first() if slug else None,
                "position": (position + 1) * 10,
            },
        )
    return list(Situation.objects.select_related("queue"))


def recognised(situation: Situation) -> bool:
    return situation.key in TRIGGERS


@transaction.atomic
def apply(*, actor: Any = None, request: Any = None) -> list[str]:
    """Route each recognised situation to its queue, and give each queue the
    tightest target of the situations routed to it. Returns what changed."""
    changes: list[str] = []
    targets: dict[int, int] = {}
    for situation in Situation.objects.select_related("queue"):
        if situation.queue is None or not recognised(situation):
            continue
        flag, intent = TRIGGERS[situation.key]
        rules = RoutingRule.objects.filter(
            match_flag=flag, match_intent=intent, match_network="", match_kind=""
        )
        if not rules.exists():
            RoutingRule.objects.create(
                position=5,
                name=f"Matrix: {situation.get_key_display()}",
                match_flag=flag,
                match_intent=intent,
                queue=situation.queue,
            )
            changes.append(f"{situation.get_key_display()}: new routing rule to {situation.queue.name}")
        elif rules.exclude(queue=situation.queue).update(queue=situation.queue):
            changes.append(f"{situation.get_key_display()}: routed to {situation.queue.name}")
        queue_id = situation.queue.pk
        targets[queue_id] = min(targets.get(queue_id, situation.target_minutes), situation.target_minutes)
    for queue in Queue.objects.filter(pk__in=targets):
        if queue.response_target_minutes != targets[queue.pk]:
            changes.append(
                f"{queue.name}: target {queue.response_target_minutes} -> {targets[queue.pk]} minutes"
            )
            queue.response_target_minutes = targets[queue.pk]
            queue.save(update_fields=["response_target_minutes"])
    if changes:
        audit.record(
            "matrix_applied",
            None,
            request=request,
            actor=actor,
            object_type="governance.situation",
            detail={"changes": changes},
        )
    return changes
