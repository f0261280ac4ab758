"""Sync bookkeeping: where each stream of each channel got to, and each run."""

from __future__ import annotations

from django.db import models

from bedside.channels.models import Channel


class Cursor(models.Model):
    """The resume point of one stream (posts, messages, reviews) of a channel.

    Saved in the same transaction as the batch it belongs to, so a crash
    resumes exactly after the last stored batch.
    """

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="cursors")
    stream = models.CharField(max_length=20)
    value = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "stream"], name="one_cursor_per_stream")]

    def __str__(self) -> str:
        return f"{self.channel} {self.stream}"


class SyncRun(models.Model):
    #: problems kept per run: enough to find the odd records, bounded however
    #: many a broken feed sends
    PROBLEMS_KEPT = 100

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        OK = "ok", "Succeeded"
        PARTIAL = "partial", "Partly succeeded"
        FAILED = "failed", "Failed"

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="sync_runs")
    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    counts = models.JSONField(default=dict, blank=True)  # {"posts": 120, "messages": 40, ...}
    errors = models.JSONField(default=list, blank=True)  # ["messages: rate limited (HTTP 429)", ...]
    timings = models.JSONField(default=dict, blank=True)  # {"posts": 1.8, ...} seconds per stream
    # Records the networks sent that could not be read and were skipped (the
    # rest of their page was stored): [{"stream", "network", "external_id",
    # "field", "reason"}, ...], the first PROBLEMS_KEPT of them; problem_count
    # counts them all.
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    permanent = models.BooleanField(default=False, help_text="Failed in a way retrying will not fix.")
    # When a failed or rate-limited channel may be tried again (Retry-After,
    # or backoff); the scheduler leaves the channel alone until then.
    retry_at = models.DateTimeField(null=True, blank=True)
    # host:pid of the process running it, so a run whose process was killed
    # is recognised as interrupted instead of blocking the channel forever.
    worker = models.CharField(max_length=100, blank=True)
    trigger = models.CharField(max_length=20, blank=True, help_text="schedule, cli, page or api")

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.channel} {self.started_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
