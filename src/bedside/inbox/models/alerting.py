"""Whether an alert reached a person: one delivery per recipient and
transport, the on-call schedule that says who those people are, and the
acknowledgement that stops a crisis from alerting again."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

# Plain strings for code to compare with (the choices below label them).
EMAIL, SLACK, TEAMS, SIGNED = "email", "webhook", "teams", "signed"
PENDING, SENT, FAILED = "pending", "sent", "failed"


class AlertDelivery(models.Model):
    """One try-until-settled delivery of an alert to one recipient by one
    transport. ``last_error`` says what the transport answered, never the
    alert's text."""

    class Transport(models.TextChoices):
        EMAIL = "email", "E-mail"
        SLACK = "webhook", "Slack-compatible webhook"
        TEAMS = "teams", "Microsoft Teams"
        SIGNED = "signed", "Signed webhook (paging)"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Delivered"
        FAILED = "failed", "Failed"

    alert = models.ForeignKey("inbox.Alert", on_delete=models.CASCADE, related_name="deliveries")
    transport = models.CharField(max_length=10, choices=Transport.choices)
    # An e-mail address, or the webhook's host: never a webhook's full URL,
    # which is itself a credential for Slack and Teams.
    target = models.CharField(max_length=254)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="alert_deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "transport", "target"], name="one_delivery_per_target"),
        ]

    def __str__(self) -> str:
        return f"{self.get_transport_display()} to {self.target}: {self.get_status_display()}"

    @property
    def recipient(self) -> str:
        if self.person_id and self.person is not None:
            return f"{self.person.get_username()} ({self.target})"
        return self.target


WEEKDAYS = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday"), (5, "Saturday"),
            (6, "Sunday")]


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"“{value}” is not a time zone name such as America/Chicago.") from None


class OnCallShift(models.Model):
    """A weekly shift in its own time zone; one that ends at or before it
    starts runs past midnight into the next day."""

    class Tier(models.IntegerChoices):
        FIRST = 1, "First (alerted at once)"
        SECOND = 2, "Second (escalation)"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="on_call_shifts")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    starts = models.TimeField()
    ends = models.TimeField()
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.FIRST)

    class Meta:
        ordering = ["tier", "weekday", "starts"]

    def __str__(self) -> str:
        return (f"{self.person.get_username()}: {self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M} "
                f"{self.time_zone}")


class Acknowledgement(models.Model):
    """Someone has taken this message: it stops alerting again."""

    message = models.OneToOneField("inbox.Message", on_delete=models.CASCADE, related_name="acknowledgement")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=150)  # kept when the person is deleted
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"acknowledged by {self.by_name}"
