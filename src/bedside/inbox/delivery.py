"""Sending one alert delivery, and retrying it with backoff on the task queue.

A try is claimed with a conditional update on (status pending, attempts
seen), so the first try and a queued retry never both send. A claim moves
``next_attempt_at`` a lease ahead: a process that dies mid-send leaves the
delivery pending and due, and :func:`retry_due` (every minute) tries it
again; the signed webhook repeats its delivery id so a pager can drop the
repeat. After the last
try fails, a crisis or PHI message that nobody was reached about escalates
to every admin (:func:`bedside.inbox.escalation.ensure_reached`).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from bedside.inbox import transports
from bedside.inbox.models import Alert, AlertDelivery
from bedside.inbox.models import alerting as ad
from bedside.logs import event

logger = logging.getLogger(__name__)

# Waits before the 2nd, 3rd, ... try; a delivery gives up after the last.
BACKOFF = [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(minutes=30)]
MAX_ATTEMPTS = len(BACKOFF) + 1
CLAIM_LEASE = timedelta(minutes=2)  # longer than any transport's timeout


def _outgoing(d: AlertDelivery) -> transports.Outgoing:
    from django.conf import settings
    from django.urls import reverse

    from bedside.inbox.alerts import link

    alert = d.alert
    # An alert about no message links where it was raised about (a spike's
    # mentions), else (a test) to the inbox: a card's button needs somewhere to go.
    return transports.Outgoing(
        delivery_id=d.pk, event=alert.trigger, text=alert.summary,
        link=link(alert.message) if alert.message_id and alert.message is not None
        else alert.link or settings.PUBLIC_URL + reverse("inbox"),
        message_id=alert.message_id)


def _send(d: AlertDelivery) -> None:
    item = _outgoing(d)
    rule = d.alert.rule
    if d.transport == ad.EMAIL:
        transports.email(d.target, item)
        return
    if rule is None:
        raise transports.DeliveryError("the alert rule was deleted")
    if d.transport == ad.SLACK and rule.webhook_url:
        transports.slack(rule.webhook_url, item)
    elif d.transport == ad.TEAMS and rule.teams_webhook_url:
        transports.teams(rule.teams_webhook_url, item)
    elif d.transport == ad.SIGNED and rule.signed_webhook_url:
        transports.signed(rule.signed_webhook_url, rule.signing_secret, item)
    else:
        raise transports.DeliveryError("the rule no longer has this webhook")


def attempt(pk: int) -> str:
    """One try of delivery ``pk``; returns its status after the try."""
    d = AlertDelivery.objects.select_related("alert__rule", "alert__message__queue").filter(pk=pk).first()
    if d is None or d.status != ad.PENDING:
        return d.status if d else "gone"
    claimed = AlertDelivery.objects.filter(pk=pk, status=ad.PENDING, attempts=d.attempts).update(
        attempts=d.attempts + 1, next_attempt_at=timezone.now() + CLAIM_LEASE)
    if not claimed:
        return "claimed elsewhere"
    d.attempts += 1
    try:
        _send(d)
    except transports.DeliveryError as exc:
        return _failed(d, str(exc))
    AlertDelivery.objects.filter(pk=pk).update(status=ad.SENT, sent_at=timezone.now(), last_error="",
                                               next_attempt_at=None)
    event(logger, "alert.delivered", alert=d.alert_id, delivery=pk, transport=d.transport, attempts=d.attempts)
    settle_summary(d.alert)
    return ad.SENT


def _failed(d: AlertDelivery, error: str) -> str:
    # The error names the far end's answer, never the alert text; logged as such.
    event(logger, "alert.delivery_failed", logging.WARNING, alert=d.alert_id, delivery=d.pk,
          transport=d.transport, attempts=d.attempts, error=error[:200])
    if d.attempts >= MAX_ATTEMPTS:
        AlertDelivery.objects.filter(pk=d.pk).update(status=ad.FAILED, last_error=error[:300], next_attempt_at=None)
        settle_summary(d.alert)
        from bedside.inbox.escalation import ensure_reached

        if d.alert.message is not None:
            ensure_reached(d.alert.message)
        return ad.FAILED
    when = timezone.now() + BACKOFF[d.attempts - 1]
    AlertDelivery.objects.filter(pk=d.pk).update(last_error=error[:300], next_attempt_at=when)
    from bedside.inbox.tasks import deliver_alert

    deliver_alert.using(run_after=when).enqueue(delivery_id=d.pk)
    settle_summary(d.alert)
    return ad.PENDING


def retry_due(now: object = None) -> int:
    """Try every pending delivery whose time has come (a lost retry task)."""
    now = now or timezone.now()
    due = AlertDelivery.objects.filter(status=ad.PENDING, next_attempt_at__lte=now).values_list("pk", flat=True)
    return sum(attempt(pk) == ad.SENT for pk in list(due))


def settle_summary(alert: Alert) -> None:
    """The alert's one-line record: transports that delivered, and errors."""
    rows = list(alert.deliveries.values_list("transport", "target", "status", "last_error"))
    delivered = sorted({t for t, _, s, _ in rows if s == ad.SENT})
    errors = [f"{t} to {target}: {err}"[:300] for t, target, s, err in rows if s != ad.SENT and err]
    if not rows:
        errors = ["nobody to alert: the rule has no address, nobody is on call and it has no webhook"]
    Alert.objects.filter(pk=alert.pk).update(delivered=delivered, errors=errors)
