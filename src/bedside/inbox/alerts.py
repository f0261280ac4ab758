"""Alerts: configurable triggers sent by e-mail, Slack-compatible, Microsoft
Teams and signed (paging) webhooks, with one recorded delivery per recipient
and transport (see :mod:`bedside.inbox.delivery` for sending and retries).

An alert never carries PHI: it names the trigger, the network, the kind and
the queue, and links to the message; whoever follows the link signs in and
their read is audited. Each (rule, trigger, message) alerts once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from bedside.inbox import delivery, oncall
from bedside.inbox.models import Alert, AlertDelivery, AlertRule, Message
from bedside.inbox.models import alerting as ad
from bedside.logs import event
from bedside.networks.registry import NETWORKS

logger = logging.getLogger(__name__)

# Alerts Bedside raises itself, beside the rules' triggers.
LABELS = {
    **dict(AlertRule.Trigger.choices),
    "crisis_repeat": "Crisis message still not acknowledged",
    "crisis_tier2": "Crisis message escalated: nobody acknowledged it",
    "escalation": "Nobody could be alerted about a message",
    "test": "Test alert",
    "told": "You are told of this message (responsibility matrix)",
}


def link(message: Message) -> str:
    """The message's address; ``BEDSIDE_PUBLIC_URL`` makes it absolute."""
    return settings.PUBLIC_URL + reverse("inbox_message", args=[message.pk])


def summary(trigger: str, message: Message | None, note: str = "", where: str = "") -> str:
    label = LABELS.get(trigger, trigger)
    if message is None:
        return f"[Bedside] {label}{': ' + note if note else ''}" + (f". Open them: {where}" if where else "")
    queue = message.queue.name if message.queue_id else "no queue"
    network = NETWORKS.get(message.network, message.network)
    text = f"[Bedside] {label}: {message.get_kind_display().lower()} on {network}, queue {queue}"
    if note:
        text += f" ({note})"
    return f"{text}. Open it: {link(message)}"


@dataclass(frozen=True)
class Target:
    transport: str
    target: str  # an address, or a webhook's host (its URL is a credential)
    person: Any = None
    problem: str = ""  # why this one cannot be reached (an on-call person with no address)


def _addresses(text: str) -> list[str]:
    return sorted({e.strip() for e in text.split(",") if e.strip()})


def people_targets(people: Iterable[Any]) -> list[Target]:
    found = []
    for person in people:
        if person.email:
            found.append(Target(ad.EMAIL, person.email, person))
        else:
            found.append(Target(ad.EMAIL, f"{person.get_username()} (no e-mail address)", person,
                                "has no e-mail address on their account"))
    return found


def webhook_targets(rule: AlertRule, *, only: Sequence[str] | None = None) -> list[Target]:
    from bedside.inbox.transports import host_of

    found = []
    for transport, url in ((ad.SLACK, rule.webhook_url), (ad.TEAMS, rule.teams_webhook_url),
                           (ad.SIGNED, rule.signed_webhook_url)):
        if url and (only is None or transport in only):
            found.append(Target(transport, host_of(url)))
    return found


# Within one batch (lookups_once), what rules_for and targets found, by their
# arguments: triaging 1,000 messages asked the same few questions per alert.
_LOOKUPS: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("alert_lookups", default=None)


@contextmanager
def lookups_once() -> Iterator[None]:
    """Alerts fired inside look up each trigger's rules and each rule's
    targets once: for a batch handled in a moment, when neither the rules
    nor who is on call change."""
    token = _LOOKUPS.set({})
    try:
        yield
    finally:
        _LOOKUPS.reset(token)


def targets(rule: AlertRule, tier: int = 1) -> list[Target]:
    """Everyone and everything ``rule`` alerts at ``tier``: first tier, its
    addresses, the people on call now and its webhooks; second tier, its
    escalation addresses, second-tier on-call people (every admin when there
    is neither) and its paging webhook."""
    memo = _LOOKUPS.get()
    if memo is None:
        return _targets(rule, tier)
    key = ("targets", rule.pk, tier)
    if key not in memo:
        memo[key] = _targets(rule, tier)
    return list(memo[key])


def _targets(rule: AlertRule, tier: int) -> list[Target]:
    if tier == 2:
        found = [Target(ad.EMAIL, e) for e in _addresses(rule.escalate_email_to)]
        found += people_targets(oncall.on_call(tier=2))
        if not found:
            found = people_targets(oncall.admins())
        return _unique(found + webhook_targets(rule, only=[ad.SIGNED]))
    found = [Target(ad.EMAIL, e) for e in _addresses(rule.email_to)]
    if rule.email_on_call:
        found += people_targets(oncall.on_call(tier=1))
    return _unique(found + webhook_targets(rule))


def _unique(found: list[Target]) -> list[Target]:
    seen: dict[tuple[str, str], Target] = {}
    for t in found:
        # A person's address wins over the same bare address: the banner names them.
        if (t.transport, t.target) not in seen or t.person is not None:
            seen[(t.transport, t.target)] = t
    return list(seen.values())


def recipients(rule: AlertRule) -> list[str]:
    """The e-mail addresses ``rule`` reaches now."""
    return sorted(t.target for t in targets(rule) if t.transport == ad.EMAIL and not t.problem)


def live_triggers() -> set[str]:
    return set(AlertRule.objects.filter(enabled=True).values_list("trigger", flat=True).distinct())


def rules_for(trigger: str, message: Message | None) -> list[AlertRule]:
    memo = _LOOKUPS.get()
    if memo is None:
        return _rules_for(trigger, message)
    key = ("rules", trigger, message is None, message.queue_id if message is not None else None)
    if key not in memo:
        memo[key] = _rules_for(trigger, message)
    return list(memo[key])


def _rules_for(trigger: str, message: Message | None) -> list[AlertRule]:
    rules = AlertRule.objects.filter(enabled=True, trigger=trigger)
    if message is not None and message.queue_id:
        rules = rules.filter(Q(queue__isnull=True) | Q(queue_id=message.queue_id))
    elif message is not None:
        rules = rules.filter(queue__isnull=True)
    return list(rules)


#: trigger -> functions naming more people to alert about a message, which
#: an app above the inbox registers (reputation: a reviewed provider's
#: department leader); the rule's own targets are alerted as always
_RECIPIENTS: dict[str, list[Callable[[Message], list[Target]]]] = {}


def add_recipients(trigger: str, find: Callable[[Message], list[Target]]) -> None:
    """Alert whoever ``find(message)`` names too, for every rule of ``trigger``."""
    found = _RECIPIENTS.setdefault(trigger, [])
    if find not in found:
        found.append(find)


#: functions an app above the inbox registers to name who is told at once of
#: a new message whatever rules exist (governance: the responsibility
#: matrix's "told" column), each as (what it is about, targets)
_TOLD: list[Callable[[Message], list[tuple[str, list[Target]]]]] = []


def add_told(find: Callable[[Message], list[tuple[str, list[Target]]]]) -> None:
    if find not in _TOLD:
        _TOLD.append(find)


def tell(message: Message) -> list[Alert]:
    """Alert whoever the registered functions say is told of ``message``:
    one alert per situation, once (the key dedupes a second intake)."""
    found = []
    for find in _TOLD:
        for about, to in find(message):
            alert = send(None, "told", message, _unique(to), note=about.replace("_", " "), key_suffix=about)
            if alert is not None:
                found.append(alert)
    return found


def fire(trigger: str, message: Message | None = None, *, note: str = "", key_suffix: str = "",
         where: str = "") -> list[Alert]:
    """Send every enabled rule's alert for ``trigger`` about ``message``
    (or, with no message, about what ``where`` links to)."""
    found = []
    extra: list[Target] = []
    if message is not None:
        for find in _RECIPIENTS.get(trigger, []):
            extra += find(message)
    for rule in rules_for(trigger, message):
        alert = send(rule, trigger, message, _unique(targets(rule) + extra), note=note, key_suffix=key_suffix,
                     where=where)
        if alert is not None:
            found.append(alert)
    return found


def send(rule: AlertRule | None, trigger: str, message: Message | None, to: list[Target], *, note: str = "",
         key_suffix: str = "", where: str = "") -> Alert | None:
    """Record the alert and one delivery per target, then try each at once
    (failures retry on the task queue). ``None`` when this alert was already
    raised (same rule, trigger, message and suffix). ``where``: the absolute
    link of an alert about no message."""
    key = f"{rule.pk if rule else '-'}:{trigger}:{message.pk if message else '-'}:{key_suffix}"[:200]
    text = summary(trigger, message, note, where if message is None else "")
    try:
        with transaction.atomic():
            alert = Alert.objects.create(rule=rule, trigger=trigger, message=message, key=key, summary=text[:300],
                                         link=where[:500] if message is None else "")
            for t in to:
                # Due now: if this process dies before trying, retry_due does.
                AlertDelivery.objects.create(
                    alert=alert, transport=t.transport, target=t.target[:254], person=t.person,
                    status=ad.FAILED if t.problem else ad.PENDING, last_error=t.problem,
                    next_attempt_at=None if t.problem else timezone.now())
    except IntegrityError:
        return None  # this rule already alerted about this
    for pk in alert.deliveries.filter(status=ad.PENDING).values_list("pk", flat=True):
        delivery.attempt(pk)
    delivery.settle_summary(alert)
    alert.refresh_from_db()
    event(logger, "alert.fired", logging.WARNING if alert.errors else logging.INFO, alert=alert.pk,
          rule=rule.pk if rule else None, delivered=",".join(alert.delivered) or "none", errors=len(alert.errors))
    return alert


def fire_many(trigger: str, messages: Iterable[Message]) -> int:
    return sum(len(fire(trigger, m)) for m in messages)


def test(rule: AlertRule) -> Alert:
    """A test alert through every one of ``rule``'s targets, now."""
    from django.utils.crypto import get_random_string

    alert = send(rule, "test", None, targets(rule), note=f"rule “{rule.name}” works",
                 key_suffix=get_random_string(12))
    assert alert is not None  # a fresh random suffix never collides
    return alert
