"""Scheduled reports: the executive report e-mailed as a PDF, weekly on
Mondays or monthly on the 1st, to a list of people, and each delivery with its
outcome (a failed one stays visible until a later attempt succeeds)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models


def split_recipients(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


def validate_recipients(text: str) -> None:
    found = split_recipients(text)
    if not found:
        raise ValidationError("Give at least one e-mail address.")
    wrong = []
    for address in found:
        try:
            validate_email(address)
        except ValidationError:
            wrong.append(address)
    if wrong:
        raise ValidationError(f"Not an e-mail address: {', '.join(wrong)}.")


class ScheduledReport(models.Model):
    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly, on Mondays (the week before)"
        MONTHLY = "monthly", "Monthly, on the 1st (the month before)"

    name = models.CharField(max_length=100, unique=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    recipients = models.TextField(validators=[validate_recipients], help_text="E-mail addresses, comma-separated.")
    enabled = models.BooleanField(default=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_frequency_display()})"

    @property
    def recipient_list(self) -> list[str]:
        return split_recipients(self.recipients)


class ReportDelivery(models.Model):
    """One period's report for one schedule: claimed (sending) before it is
    built and sent, so two workers never send the same period twice."""

    class Status(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    schedule = models.ForeignKey(ScheduledReport, on_delete=models.CASCADE, related_name="deliveries")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    attempts = models.PositiveSmallIntegerField(default=1)
    attempted_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-period_end", "-attempted_at"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "period_start", "period_end"], name="one_delivery_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.schedule.name} {self.period_start}–{self.period_end}: {self.status}"
