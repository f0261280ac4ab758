"""Figures the worker computes ahead of the people who read them."""

from __future__ import annotations

from django.db import models


class ResponseTimeSummary(models.Model):
    """The inbox page's response times per queue, as of ``computed_at``.

    Computing them reads every waiting message of the last 30 days (a million
    rows in a big inbox, over a second); a per-process cache made one person
    a minute wait for it, so the worker refreshes this row instead and the
    page only reads it. Counts and minutes only: nothing here is PHI.
    """

    key = models.CharField(max_length=40, unique=True)
    computed_at = models.DateTimeField()
    period_days = models.PositiveIntegerField()
    rows = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.key} as of {self.computed_at:%Y-%m-%d %H:%M}"
