"""Alerts: email (Django's email backends) and webhooks with a
Slack-compatible JSON body (``{"text": ...}``), for configurable triggers.

An alert never carries PHI: it names the trigger, the network, the kind and
the queue, and links to the message; whoever follows the link signs in and
their read is audited. Each (rule, trigger, message) alerts once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import httpx
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from bedside.inbox.models import Alert, AlertRule, Message
from bedside.logs import event
from bedside.networks.registry import NETWORKS

logger = logging.getLogger(__name__)
WEBHOOK_TIMEOUT = 5.0


def link(message: Message) -> str:
    """The message's address; ``BEDSIDE_PUBLIC_URL`` makes it absolute."""
    return settings.PUBLIC_URL + reverse("inbox_message", args=[message.pk])


def summary(trigger: str, message: Message | None, note: str = "") -> str:
    label = AlertRule.Trigger(trigger).label
    if message is None:
        return f"[Bedside] {label}{': ' + note if note else ''}"
    queue = message.queue.name if message.queue_id else "no queue"
    network = NETWORKS.get(message.network, message.network)
    text = f"[Bedside] {label}: {message.get_kind_display().lower()} on {network}, queue {queue}"
    if note:
        text += f" ({note})"
    return f"{text}. Open it: {link(message)}"


def on_call_emails() -> list[str]:
    users = get_user_model().objects.filter(member__on_call=True, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def recipients(rule: AlertRule) -> list[str]:
    emails = [e.strip() for e in rule.email_to.split(",") if e.strip()]
    if rule.email_on_call:
        emails += on_call_emails()
    return sorted(set(emails))


def post_webhook(url: str, text: str) -> None:
    """POST a Slack-compatible body; raises on a transport error or non-2xx."""
    response = httpx.post(url, json={"text": text, "username": "Bedside"}, timeout=WEBHOOK_TIMEOUT)
    response.raise_for_status()


def live_triggers() -> set[str]:
    return set(AlertRule.objects.filter(enabled=True).values_list("trigger", flat=True).distinct())


def fire(trigger: str, message: Message | None = None, *, note: str = "", key_suffix: str = "") -> list[Alert]:
    """Send every enabled rule's alert for ``trigger`` about ``message``."""
    rules = AlertRule.objects.filter(enabled=True, trigger=trigger)
    if message is not None and message.queue_id:
        rules = rules.filter(_for_queue(message.queue_id))
    elif message is not None:
        rules = rules.filter(queue__isnull=True)
    return [a for a in (_send(rule, trigger, message, note, key_suffix) for rule in rules) if a is not None]


def _for_queue(queue_id: int) -> Q:
    return Q(queue__isnull=True) | Q(queue_id=queue_id)


def _send(rule: AlertRule, trigger: str, message: Message | None, note: str, key_suffix: str) -> Alert | None:
    emails = recipients(rule)
    if not emails and not rule.webhook_url:
        return None
    key = f"{rule.pk}:{trigger}:{message.pk if message else '-'}:{key_suffix}"[:200]
    text = summary(trigger, message, note)
    try:
        with transaction.atomic():
            alert = Alert.objects.create(rule=rule, trigger=trigger, message=message, key=key, summary=text[:300])
    except IntegrityError:
        return None  # this rule already alerted about this
    delivered, errors = [], []
    if emails:
        try:
            send_mail(text[:150], text, settings.DEFAULT_FROM_EMAIL, emails, fail_silently=False)
            delivered.append("email")
        except Exception as exc:  # any backend error: keep going with the webhook
            errors.append(f"email: {type(exc).__name__}: {exc}"[:300])
    if rule.webhook_url:
        try:
            post_webhook(rule.webhook_url, text)
            delivered.append("webhook")
        except (httpx.HTTPError, OSError) as exc:
            errors.append(f"webhook: {type(exc).__name__}: {exc}"[:300])
    event(logger, "alert.fired", logging.WARNING if errors else logging.INFO, alert=alert.pk, rule=rule.pk,
          delivered=",".join(delivered) or "none", errors=len(errors))
    if errors:
        logger.warning("alert %s for rule %s: %s", alert.pk, rule.pk, "; ".join(errors))
    Alert.objects.filter(pk=alert.pk).update(delivered=delivered, errors=errors)
    alert.delivered, alert.errors = delivered, errors
    return alert


def fire_many(trigger: str, messages: Iterable[Message]) -> int:
    return sum(len(fire(trigger, m)) for m in messages)
