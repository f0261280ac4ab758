"""Background work of the reports app, enqueued by the scheduler (see apps.py)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_scheduled_reports() -> int:
    """Send every scheduled report whose period has ended and is not sent yet."""
    from bedside.reports.schedules import send_due

    return len(send_due())
