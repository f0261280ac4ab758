"""Messages addressed to our channels: comments, mentions, DMs and reviews.

Bodies are PHI-bearing: encrypted at rest, never logged, and every read by a
person goes to the audit log (through :func:`bedside.inbox.reading.open_message`).
"""

from __future__ import annotations

from django.db import models

from bedside.workspace.fields import EncryptedTextField
from bedside.workspace.models import Channel


class Message(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        MENTION = "mention", "Mention"
        DIRECT = "message", "Direct message"
        REVIEW = "review", "Review"

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="messages")
    network = models.CharField(max_length=20)
    external_id = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    author_handle = models.CharField(max_length=200, blank=True)
    author_name = EncryptedTextField(blank=True, default="")
    published_at = models.DateTimeField(db_index=True)
    body = EncryptedTextField(blank=True, default="")
    url = models.URLField(max_length=1000, blank=True)
    in_reply_to = models.CharField(max_length=200, blank=True)
    thread_id = models.CharField(max_length=200, blank=True, db_index=True)
    rating = models.FloatField(null=True, blank=True)
    owner_reply = EncryptedTextField(blank=True, default="")
    extra = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Set when something about the stored record is off (no text, oversized,
    # unknown network): stored and flagged, never dropped.
    problem = models.CharField(max_length=200, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["network", "external_id"], name="one_message_per_network_id")
        ]
        indexes = [models.Index(fields=["channel", "published_at"])]

    def __str__(self) -> str:
        # Never the body: __str__ ends up in logs and the audit log.
        return f"{self.get_kind_display()} {self.network}:{self.external_id}"
