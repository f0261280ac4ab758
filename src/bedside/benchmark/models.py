"""What benchmarking reads: profile snapshots and posts, ours and peers'.

Counts a network does not report stay NULL, never 0, so a report can say
"no data" where it belongs.
"""

from __future__ import annotations

from django.db import models

from bedside.workspace.models import Channel


class Snapshot(models.Model):
    """A profile's public statistics on one day (the latest reading that day)."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="snapshots")
    date = models.DateField()
    taken_at = models.DateTimeField()
    followers = models.BigIntegerField(null=True, blank=True)
    following = models.BigIntegerField(null=True, blank=True)
    posts = models.BigIntegerField(null=True, blank=True)
    # The network's own counts under its own names (talking_about_count, viewCount...).
    extra = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=20, default="sync", help_text="sync, import or sample")

    class Meta:
        ordering = ["channel", "date"]
        constraints = [models.UniqueConstraint(fields=["channel", "date"], name="one_snapshot_per_day")]
        indexes = [models.Index(fields=["date", "channel"])]

    def __str__(self) -> str:
        return f"{self.channel} on {self.date}: {self.followers}"


class Post(models.Model):
    """A public post by one of the organizations' channels."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="posts")
    network = models.CharField(max_length=20)
    external_id = models.CharField(max_length=200)
    published_at = models.DateTimeField(db_index=True)
    # Public posts of organizations, not PHI: kept in clear for search and
    # the content-mix classifier.
    text = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    media_type = models.CharField(max_length=10, default="text")
    likes = models.BigIntegerField(null=True, blank=True)
    comments = models.BigIntegerField(null=True, blank=True)
    shares = models.BigIntegerField(null=True, blank=True)
    views = models.BigIntegerField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    content_type = models.CharField(max_length=20, blank=True, help_text="Content-mix class, once classified.")
    fetched_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at"]
        constraints = [models.UniqueConstraint(fields=["network", "external_id"], name="one_post_per_network_id")]
        indexes = [models.Index(fields=["channel", "published_at"])]

    def __str__(self) -> str:
        return f"{self.network}:{self.external_id}"
