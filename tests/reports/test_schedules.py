"""Scheduled reports: the executive PDF e-mailed once per ended period, from
the worker's periodic task, with the period said and failures kept visible."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from click.testing import CliRunner
from django.core import mail
from django.utils import timezone

from bedside.cli import main
from bedside.reports import schedules
from bedside.reports.models import ReportDelivery, ScheduledReport
from bedside.reports.tasks import send_scheduled_reports
from bedside.workspace import scheduler
from bedside.workspace.models import Schedule

pytestmark = pytest.mark.django_db


def moment(day: date, hour: int = 7) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.mark.parametrize(("frequency", "today", "period"), [
    ("weekly", date(2026, 7, 6), (date(2026, 6, 29), date(2026, 7, 5))),  # a Monday: the week before
    ("weekly", date(2026, 7, 9), (date(2026, 6, 29), date(2026, 7, 5))),  # later that week: still that week
    ("monthly", date(2026, 7, 1), (date(2026, 6, 1), date(2026, 6, 30))),
    ("monthly", date(2026, 3, 1), (date(2026, 2, 1), date(2026, 2, 28))),
    ("monthly", date(2026, 1, 15), (date(2025, 12, 1), date(2025, 12, 31))),
])
def test_each_schedule_covers_the_period_that_just_ended(frequency, today, period) -> None:
    assert schedules.last_period(frequency, today) == period


@pytest.fixture
def weekly(peer_set, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return ScheduledReport.objects.create(name="Monday brief", frequency="weekly",
                                          recipients="director@riverbend.example, cmo@riverbend.example")


def test_the_pdf_goes_once_to_everyone_with_the_period_said(weekly) -> None:
    monday = date(2026, 7, 6)
    [sent] = schedules.send_due(moment(monday))
    assert sent.status == "sent" and (sent.period_start, sent.period_end) == (date(2026, 6, 29), date(2026, 7, 5))
    [email] = mail.outbox
    assert email.to == ["director@riverbend.example", "cmo@riverbend.example"]
    assert "29 Jun 2026 to 5 Jul 2026" in email.subject and "29 Jun 2026 to 5 Jul 2026" in email.body
    [(filename, content, kind)] = email.attachments
    assert kind == "application/pdf" and content.startswith(b"%PDF-") and filename.endswith(".pdf")
    # Later ticks that week send nothing more.
    assert schedules.send_due(moment(monday, 12)) == [] and schedules.send_due(moment(monday + timedelta(days=2))) == []
    assert len(mail.outbox) == 1


def test_a_failed_delivery_is_kept_visible_and_retried(weekly, settings, personas) -> None:
    settings.EMAIL_BACKEND = "tests.reports.test_schedules.RefusingBackend"
    [failed] = schedules.send_due(moment(date(2026, 7, 6)))
    assert failed.status == "failed" and "mail server refused" in failed.error
    page = personas["viewer"].client.get("/reports/").content.decode()
    assert "failed" in page and "mail server refused" in page
    assert "<title>Reports · Bedside</title>" in page and page.count('id="scheduled"') == 1  # shown once, in the body
    assert "Monday brief" in personas["manager"].client.get("/").content.decode().split('id="needs-someone"')[1]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    [retried] = schedules.send_due(moment(date(2026, 7, 6), 8))
    assert retried.pk == failed.pk and retried.status == "sent" and retried.attempts == 2
    assert ReportDelivery.objects.count() == 1


def test_the_worker_runs_it_on_its_schedule(weekly) -> None:
    scheduler.ensure_defaults()
    entry = Schedule.objects.get(task="bedside.reports.tasks.send_scheduled_reports")
    assert entry.interval_seconds == 3600
    assert send_scheduled_reports.call() == 1  # the period that ended last Sunday


def test_the_cli_adds_lists_and_refuses_a_bad_address(db) -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["report", "schedule", "add", "Board", "--every", "monthly", "--to", "board at example"])
    assert bad.exit_code == 2 and "Not an e-mail address: board at example" in bad.output
    ok = runner.invoke(main, ["report", "schedule", "add", "Board", "--every", "monthly", "--to", "board@example.org"])
    assert ok.exit_code == 0 and ScheduledReport.objects.get(name="Board").frequency == "monthly"
    listed = runner.invoke(main, ["report", "schedule", "list"])
    assert "Board" in listed.output and "not yet" in listed.output


def test_only_settings_managers_schedule_from_the_page(personas, db) -> None:
    data = {"name": "Weekly", "frequency": "weekly", "recipients": "a@example.org"}
    assert personas["viewer"].client.post("/reports/", data).status_code == 403
    assert personas["admin"].client.post("/reports/", data).status_code == 302
    assert ScheduledReport.objects.filter(name="Weekly").exists()


class RefusingBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages) -> int:
        raise ConnectionRefusedError("mail server refused the connection")
