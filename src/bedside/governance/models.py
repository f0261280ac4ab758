"""Retention periods per kind of record, and legal holds."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

# HIPAA documentation is kept six years; messages are part of the record of
# what was said to and by the organization, so they default to the same.
SIX_YEARS = 6 * 365 + 2


class Retention(models.Model):
    class Kind(models.TextChoices):
        MESSAGES = "messages", "Inbox messages and their replies"

    kind = models.CharField(max_length=40, choices=Kind.choices, unique=True)
    days = models.PositiveIntegerField(default=SIX_YEARS)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days} days"

    def clean(self) -> None:
        if self.days < 30:
            raise ValidationError({"days": "Keep records at least 30 days: replies and complaints need answering."})

    @classmethod
    def days_for(cls, kind: str) -> int:
        row = cls.objects.filter(kind=kind).first()
        return row.days if row else SIX_YEARS


class LegalHold(models.Model):
    """What must not be deleted, and why. Any field left empty covers
    everything in that dimension; a hold with only a reason covers everything."""

    name = models.CharField(max_length=200)
    reason = models.TextField()
    organization = models.ForeignKey("workspace.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    channel = models.ForeignKey("channels.Channel", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    author_handle = models.CharField(max_length=200, blank=True, default="",
                                     help_text="A person's messages, by their handle on the network.")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-placed_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.lifted_at is None

    def clean(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": "The end date is before the start date."})

    def message_filter(self) -> Q:
        """The inbox messages this hold covers."""
        q = Q()
        if self.organization_id:
            q &= Q(channel__organization_id=self.organization_id)
        if self.channel_id:
            q &= Q(channel_id=self.channel_id)
        if self.author_handle:
            q &= Q(author_handle__iexact=self.author_handle)
        if self.start:
            q &= Q(published_at__date__gte=self.start)
        if self.end:
            q &= Q(published_at__date__lte=self.end)
        return q
