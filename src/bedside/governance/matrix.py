"""The responsibility matrix: per situation, who drafts, who approves, who is
told and how fast. Triage recognises every situation (a PHI or crisis flag; a
complaint, a media enquiry or a legal threat among its intents). Saving the
matrix routes those messages to the row's inbox queue and gives the queue the
row's response-time target, so overdue alerts follow the matrix; a reply to
such a message waits for the row's approver (a role and/or named people: a
step added to the one approval chain, bedside.workspace.approvals), and the
row's "told" people are alerted when the message arrives. Printed as one page.

"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from bedside.governance.models import Situation
from bedside.inbox.alerts import Target, people_targets
from bedside.inbox.models import Queue, RoutingRule
from bedside.workspace import approvals, audit
from bedside.workspace.models import Member
from bedside.workspace.roles import Role


class S:
    """The situations (:class:`Situation.Key`'s values) as plain strings."""

    PHI, CRISIS, PHYSICIAN_COMPLAINT, MEDIA, LEGAL = "phi", "crisis", "physician_complaint", "media", "legal"


# key: (the routing rule's flag, its intent) where triage can tell the situation
TRIGGERS: dict[str, tuple[str, str]] = {
    S.PHI: ("phi", ""),
    S.CRISIS: ("crisis", ""),
    # Triage knows a complaint, not whom it is about: every complaint follows this row.
    S.PHYSICIAN_COMPLAINT: ("", "complaint"),
    S.MEDIA: ("", "media"),
    S.LEGAL: ("", "legal"),
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


# -- what a message's situation asks of replies and of who is told -------------
def situations_of(message: Any) -> list[Situation]:
    """The matrix rows ``message`` is in (none: one cheap check, no query)."""
    intents = set(message.intents or [message.intent])
    keys = [key for key, (flag, intent) in TRIGGERS.items()
            if (flag and getattr(message, flag, False)) or (intent and intent in intents)]
    if not keys:
        return []
    return list(Situation.objects.filter(key__in=keys).prefetch_related("approves_people", "told_people"))


def describe(role: str, people: list[Any]) -> str:
    parts = [f"a {Role(role).label.lower()}"] if role else []
    parts += [p.get_full_name() or p.get_username() for p in people]
    return " or ".join(parts)


def reply_steps(message: Any) -> list[approvals.Step]:
    """For the approval chain: one step per row with an approver set."""
    steps = []
    for situation in situations_of(message):
        people = list(situation.approves_people.all())
        if not situation.approves_role and not people:
            continue
        steps.append(approvals.Step(
            name=f"Matrix: {situation.get_key_display()}", role=situation.approves_role, when="always",
            people=tuple(sorted(p.pk for p in people)), who=describe(situation.approves_role, people)))
    return steps


def told(message: Any) -> list[tuple[str, list[Target]]]:
    """For the inbox's alerts: per row, the people it tells at once."""
    found = []
    for situation in situations_of(message):
        people = {p.pk: p for p in situation.told_people.all() if p.is_active}
        if situation.told_role:
            for member in Member.objects.filter(role=situation.told_role, user__is_active=True).select_related("user"):
                people.setdefault(member.user.pk, member.user)
        if people:
            found.append((situation.key, people_targets(people.values())))
    return found
