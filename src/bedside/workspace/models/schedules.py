"""Periodic work (syncs, reports) enqueued through the task queue when due."""

from __future__ import annotations

from django.db import models


class Schedule(models.Model):
    name = models.CharField(max_length=100, unique=True)
    task = models.CharField(max_length=200, help_text="Dotted path of a django-tasks task.")
    kwargs = models.JSONField(default=dict, blank=True)
    interval_seconds = models.PositiveIntegerField()
    next_run_at = models.DateTimeField(db_index=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["next_run_at"]

    def __str__(self) -> str:
        return self.name
