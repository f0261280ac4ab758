"""Whether a crisis (or PHI) message reached a person, and what happens
when it did not: every admin is alerted, an unacknowledged crisis alerts
again and then escalates to the second tier, and someone acknowledges it.

"Reached" means at least one delivery of an alert about the message was
delivered. Retries still pending do not count: at 3 a.m. "we are still
trying" is the same as nobody knowing, so admins are told at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from bedside.inbox import alerts, oncall
from bedside.inbox.models import OPEN_STATES, Acknowledgement, Alert, AlertDelivery, Message
from bedside.inbox.models import alerting as ad
from bedside.workspace import audit

# Alerts that are meant to reach a person about the message itself (the
# admins' escalation is the fallback, not the reach).
REACHING = ("crisis", "phi", "routed", "crisis_repeat", "crisis_tier2")
LOOKBACK = timedelta(days=7)  # older crises (a history import) never re-alert


@dataclass
class Reach:
    state: str  # "reached", "trying", "unreached" or "" (no alert was needed)
    deliveries: list[AlertDelivery] = field(default_factory=list)

    @property
    def red(self) -> bool:
        return self.state in ("trying", "unreached")


def needs_a_person(message: Message) -> bool:
    """A crisis always does; PHI does when a rule alerted about it."""
    return message.crisis or (message.phi and message.alerts.filter(trigger__in=REACHING).exists())


def _state(statuses: Iterable[str]) -> str:
    seen = set(statuses)
    if ad.SENT in seen:
        return "reached"
    return "trying" if ad.PENDING in seen else "unreached"


def reach(message: Message) -> Reach:
    rows = list(AlertDelivery.objects.filter(alert__message=message, alert__trigger__in=REACHING)
                .select_related("alert", "person"))
    if not needs_a_person(message):
        return Reach("", rows)
    return Reach(_state(d.status for d in rows), rows)


def reach_of(messages: Iterable[Message]) -> dict[int, str]:
    """The reach state of each crisis or PHI message, in one query (the
    inbox list marks those nobody was reached about)."""
    flagged = [m for m in messages if m.crisis or m.phi]
    if not flagged:
        return {}
    statuses: dict[int, list[str]] = defaultdict(list)
    for message_id, status in AlertDelivery.objects.filter(
            alert__message_id__in=[m.pk for m in flagged], alert__trigger__in=REACHING).values_list(
            "alert__message_id", "status"):
        statuses[message_id].append(status)
    alerted = set(Alert.objects.filter(message_id__in=[m.pk for m in flagged], trigger__in=REACHING)
                  .values_list("message_id", flat=True))
    return {m.pk: _state(statuses[m.pk]) for m in flagged if m.crisis or m.pk in alerted}


def unreached() -> QuerySet[Message]:
    """Open crisis messages, and PHI messages a rule alerted about, that no
    delivery has reached anyone about."""
    sent = AlertDelivery.objects.filter(alert__message=OuterRef("pk"), alert__trigger__in=REACHING,
                                        status=ad.SENT)
    alerted = Alert.objects.filter(message=OuterRef("pk"), trigger__in=REACHING)
    return (Message.objects.filter(state__in=OPEN_STATES)
            .filter(Q(crisis=True) | (Q(phi=True) & Exists(alerted))).filter(~Exists(sent)))


def ensure_reached(message: Message) -> Alert | None:
    """When nobody was reached about a crisis or PHI message, alert every
    admin (once per message)."""
    if not needs_a_person(message) or reach(message).state == "reached":
        return None
    note = "crisis language" if message.crisis else "PHI"
    return alerts.send(None, "escalation", message, alerts.people_targets(oncall.admins()),
                       note=f"{note}; no on-call person or address received the alert")


def unacknowledged_crises(now: datetime) -> QuerySet[Message]:
    return Message.objects.filter(crisis=True, state__in=OPEN_STATES, received_at__gte=now - LOOKBACK,
                                  acknowledgement__isnull=True)


def follow_up(now: datetime | None = None) -> int:
    """Alert again about unacknowledged crises whose rule's wait has passed,
    and escalate to the second tier after as long again. Returns alerts sent."""
    now = now or timezone.now()
    sent = 0
    for message in unacknowledged_crises(now).select_related("queue"):
        first = {a.rule_id: a for a in Alert.objects.filter(message=message, trigger="crisis", rule__isnull=False)
                 .select_related("rule").order_by("sent_at")}
        for alert in first.values():
            rule = alert.rule
            if rule is None or not rule.enabled or not rule.repeat_after_minutes:
                continue
            wait = timedelta(minutes=rule.repeat_after_minutes)
            if now >= alert.sent_at + wait:
                sent += alerts.send(rule, "crisis_repeat", message, alerts.targets(rule),
                                    note=f"not acknowledged after {rule.repeat_after_minutes} minutes") is not None
            if now >= alert.sent_at + 2 * wait:
                sent += alerts.send(rule, "crisis_tier2", message, alerts.targets(rule, tier=2),
                                    note=f"not acknowledged after {2 * rule.repeat_after_minutes} minutes") is not None
    return sent


class AlreadyAcknowledged(Exception):
    pass


def acknowledge(message: Message, user: Any, *, request: Any = None) -> Acknowledgement:
    """``user`` takes ``message``: it stops alerting again. Audited."""
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.create(message=message, by=user, by_name=user.get_username())
            audit.record("message_acknowledged", message, request=request, actor=user)
    except IntegrityError:
        existing = Acknowledgement.objects.get(message=message)
        raise AlreadyAcknowledged(f"Already acknowledged by {existing.by_name} at {existing.at:%Y-%m-%d %H:%M}.") \
            from None
    return ack
