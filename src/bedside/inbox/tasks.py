"""Background work of the inbox, on the task queue named "triage".

Sync calls :func:`enqueue_triage` with the ids of the messages it stored.
"""

from __future__ import annotations

from collections.abc import Iterable

from django_tasks import task

TRIAGE_CHUNK = 1000


@task(queue_name="triage")
def triage_messages(message_ids: list[int]) -> int:
    """Triage, route and alert on these stored messages; returns how many."""
    from bedside.inbox.intake import triage_stored

    return triage_stored(message_ids)


def enqueue_triage(message_ids: Iterable[int]) -> int:
    """Queue triage for messages just stored; call it after the transaction
    that stored them commits (``transaction.on_commit``). Returns the number
    of tasks enqueued (one per 1,000 ids)."""
    ids = sorted({int(i) for i in message_ids})
    for start in range(0, len(ids), TRIAGE_CHUNK):
        triage_messages.enqueue(message_ids=ids[start : start + TRIAGE_CHUNK])
    return (len(ids) + TRIAGE_CHUNK - 1) // TRIAGE_CHUNK


@task(queue_name="triage")
def triage_pending(limit: int = 5000) -> int:
    """Triage whatever was stored without triage (an import, a lost task)."""
    from bedside.inbox.intake import triage_stored
    from bedside.inbox.models import Message

    ids = list(Message.objects.filter(triaged_at__isnull=True).order_by("pk").values_list("pk", flat=True)[:limit])
    return triage_stored(ids)


@task(queue_name="default")
def check_overdue() -> int:
    """Alert about messages whose queue's response-time target has passed."""
    from bedside.inbox.response_times import alert_overdue

    return alert_overdue()


@task(queue_name="default")
def refresh_response_times() -> int:
    """Recompute the inbox page's response times (rows computed)."""
    from bedside.inbox.response_times import refresh_queue_summary

    return len(refresh_queue_summary().rows)


@task(queue_name="default")
def deliver_alert(delivery_id: int) -> str:
    """One more try of an alert delivery that failed (backoff in inbox.delivery)."""
    from bedside.inbox.delivery import attempt

    return attempt(delivery_id)


@task(queue_name="default")
def follow_up_alerts() -> int:
    """Alert again about unacknowledged crises, escalate them to the second
    tier, and try deliveries whose retry task was lost."""
    from bedside.inbox.delivery import retry_due
    from bedside.inbox.escalation import follow_up

    return follow_up() + retry_due()
@task(queue_name="publish")
def send_reply(reply_id: int) -> str:
    """Send one approved reply exactly once (see :mod:`bedside.inbox.sending`):
    settle an unknown earlier outcome, claim, call the network, store the
    answer; a transient failure enqueues the retry with backoff."""
    from bedside.inbox.sending import deliver

    return deliver(reply_id)


@task(queue_name="publish")
def resume_sends() -> int:
    """Queue again the replies whose send task was lost (see sending.resume_lost)."""
    from bedside.inbox.sending import resume_lost

    return resume_lost()
