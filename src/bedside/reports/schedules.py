"""Send each scheduled report once per period: the week (Monday to Sunday)
or the calendar month that has just ended, as the executive report's PDF.

A delivery is claimed before anything is built (a row per schedule and
period, unique), so concurrent workers send it once; a failed one is retried
on later ticks up to :data:`MAX_ATTEMPTS`, and stays visible (the reports page,
the dashboard) until one succeeds.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from bedside.logs import event
from bedside.reports.models import ReportDelivery, ScheduledReport

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


def last_period(frequency: str, today: date) -> tuple[date, date]:
    """The latest whole period that ended before ``today``."""
    if frequency == ScheduledReport.Frequency.WEEKLY:
        this_monday = today - timedelta(days=today.weekday())
        return this_monday - timedelta(days=7), this_monday - timedelta(days=1)
    if frequency == ScheduledReport.Frequency.MONTHLY:
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    raise ValueError(f"unknown frequency {frequency!r}")


def send_due(now: datetime | None = None) -> list[ReportDelivery]:
    """Send every enabled schedule's last period not yet sent; returns the deliveries tried."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    tried = []
    for schedule in ScheduledReport.objects.filter(enabled=True):
        start, end = last_period(schedule.frequency, today)
        delivery = _claim(schedule, start, end, now)
        if delivery is not None:
            tried.append(deliver(delivery, now))
    return tried


def _claim(schedule: ScheduledReport, start: date, end: date, now: datetime) -> ReportDelivery | None:
    try:
        with transaction.atomic():
            return ReportDelivery.objects.create(schedule=schedule, period_start=start, period_end=end,
                                                 attempted_at=now, recipients=schedule.recipient_list)
    except IntegrityError:
        pass
    # Claimed before: retry a failed one (a conditional update: one worker wins).
    found = ReportDelivery.objects.get(schedule=schedule, period_start=start, period_end=end)
    if found.status != ReportDelivery.Status.FAILED or found.attempts >= MAX_ATTEMPTS:
        return None
    won = ReportDelivery.objects.filter(pk=found.pk, status=ReportDelivery.Status.FAILED,
                                        attempts=found.attempts).update(
        status=ReportDelivery.Status.SENDING, attempts=found.attempts + 1, attempted_at=now,
        recipients=schedule.recipient_list)
    if not won:
        return None
    found.refresh_from_db()
    return found


def deliver(delivery: ReportDelivery, now: datetime | None = None) -> ReportDelivery:
    """Build the period's PDF and e-mail it; record the outcome either way."""
    from bedside.benchmark.overview import build
    from bedside.reports import executive

    schedule = delivery.schedule
    try:
        overview = build(chart_kind="png", start=delivery.period_start, end=delivery.period_end)
        pdf = executive.render_pdf(overview)
        who = overview.subject.name if overview.subject else "Bedside"
        period = f"{delivery.period_start:%-d %b %Y} to {delivery.period_end:%-d %b %Y}"
        mail = EmailMessage(
            subject=f"{schedule.name}: peer benchmark, {period}",
            body=(f"The executive peer benchmark for {who}, covering {period}, is attached as a PDF.\n\n"
                  f"Sent by Bedside's scheduled report {schedule.name!r} ({schedule.get_frequency_display()})."),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=delivery.recipients,
        )
        mail.attach(f"peer-benchmark-{delivery.period_start}-{delivery.period_end}.pdf", pdf, "application/pdf")
        mail.send(fail_silently=False)
    except Exception as exc:
        logger.exception("scheduled report %s failed", schedule.pk)
        delivery.status = ReportDelivery.Status.FAILED
        delivery.error = f"{type(exc).__name__}: {exc}"[:500]
    else:
        delivery.status = ReportDelivery.Status.SENT
        delivery.sent_at = now or timezone.now()
        delivery.error = ""
    delivery.save(update_fields=["status", "error", "sent_at"])
    event(logger, "report.delivered", logging.INFO if delivery.status == "sent" else logging.WARNING,
          schedule=schedule.pk, delivery=delivery.pk, status=delivery.status, recipients=len(delivery.recipients))
    return delivery
