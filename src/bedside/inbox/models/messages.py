"""Messages addressed to our channels: comments, mentions, DMs and reviews.

Bodies are PHI-bearing: encrypted at rest, never logged, and every read by a
person goes to the audit log (through :func:`bedside.inbox.reading.open_message`).
Triage writes only non-PHI facts in the clear (labels, flags, priority, a
keyed fingerprint); the guard's findings, which quote the text, are encrypted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from bedside.channels.models import Channel
from bedside.workspace.fields import EncryptedJSONField, EncryptedTextField


class State(models.TextChoices):
    NEW = "new", "New"
    ASSIGNED = "assigned", "Assigned"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    SENDING = "sending", "Sending"  # an approved reply is on its way (the queue sends it)
    SEND_FAILED = "send_failed", "Failed to send"  # its reply failed for good: a person must act
    REPLIED = "replied", "Replied"
    HIDDEN = "hidden", "Hidden"
    CLOSED = "closed", "Closed"


OPEN_STATES = (State.NEW, State.ASSIGNED, State.AWAITING_APPROVAL, State.SENDING, State.SEND_FAILED)


class LiveMessages(models.Manager["Message"]):
    """Messages of organizations not deleted: a deleted organization's inbox is
    kept, restorable, for the retention period, but shown nowhere."""

    def get_queryset(self) -> models.QuerySet[Message]:
        return super().get_queryset().filter(channel__organization__deleted_at__isnull=True)


class Message(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        MENTION = "mention", "Mention"
        DIRECT = "message", "Direct message"
        REVIEW = "review", "Review"

    # No index of its own: (channel, published_at) below serves every lookup by channel.
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="messages", db_index=False)
    network = models.CharField(max_length=20)
    external_id = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    author_handle = models.CharField(max_length=200, blank=True)
    author_name = EncryptedTextField(blank=True, default="")
    published_at = models.DateTimeField(db_index=True)
    body = EncryptedTextField(blank=True, default="")
    url = models.URLField(max_length=1000, blank=True)
    in_reply_to = models.CharField(max_length=200, blank=True)
    thread_id = models.CharField(max_length=200, blank=True)
    rating = models.FloatField(null=True, blank=True)
    owner_reply = EncryptedTextField(blank=True, default="")
    extra = models.JSONField(default=dict, blank=True)
    # What the network says about the message itself (see networks.records):
    # its language for routing to someone who reads it, the author's own
    # sensitive mark and content warning, and who can see it (public,
    # unlisted, private, direct). The warning is the author's words: encrypted.
    language = models.CharField(max_length=20, blank=True)
    sensitive = models.BooleanField(default=False)
    content_warning = EncryptedTextField(blank=True, default="")
    visibility = models.CharField(max_length=20, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Set when something about the stored record is off (no text, oversized,
    # unknown network): stored and flagged, never dropped.
    problem = models.CharField(max_length=200, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True, db_index=True)

    # -- triage (bedside.inbox.triage) -----------------------------------------
    sentiment = models.CharField(max_length=10, blank=True)
    sentiment_score = models.FloatField(null=True, blank=True)
    intent = models.CharField(max_length=20, blank=True)
    intents = models.JSONField(default=list, blank=True)
    crisis = models.BooleanField(default=False)
    phi = models.BooleanField(default=False)
    spam = models.BooleanField(default=False)
    misinformation = models.BooleanField(default=False)
    priority = models.PositiveSmallIntegerField(default=2)
    verdict = models.CharField(max_length=10, blank=True)
    finding_labels = models.JSONField(default=list, blank=True)
    triage_detail = EncryptedJSONField(default=dict, blank=True)  # findings and reasons quote the text
    fingerprint = models.CharField(max_length=32, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates", db_index=False
    )

    # -- workflow ----------------------------------------------------------------
    queue = models.ForeignKey(
        "inbox.Queue", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages", db_index=False
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbox_messages",
        db_index=False,
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    first_replied_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    all_objects = models.Manager()
    objects = LiveMessages()  # the default (Meta.default_manager_name): what every page and query sees

    class Meta:
        ordering = ["-published_at"]
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["network", "external_id"], name="one_message_per_network_id")
        ]
        # Every index here is written by every message sync stores, so each
        # earns its place with a query that reads it (bench/sync.py: each
        # costs the server a few µs a stored message). Declared here rather
        # than with db_index=True: on PostgreSQL, db_index on a CharField adds
        # a second, varchar_pattern_ops index for LIKE, and nothing here
        # searches these columns with LIKE. Foreign keys with no index of
        # their own: queue is served by inbox_queue_state's first column,
        # channel by (channel, published_at)'s.
        indexes = [
            models.Index(fields=["channel", "published_at"]),
            models.Index(fields=["thread_id"], name="inbox_thread"),  # a thread's messages
            models.Index(fields=["intent"], name="inbox_intent"),  # the list's intent filter
            models.Index(fields=["fingerprint"], name="inbox_fingerprint"),  # duplicates at intake
            # Set by people and triage, never by sync: partial, so the
            # messages sync stores (with neither) are not written into them.
            models.Index(fields=["assignee"], condition=models.Q(assignee__isnull=False), name="inbox_assignee"),
            models.Index(fields=["duplicate_of"], condition=models.Q(duplicate_of__isnull=False),
                         name="inbox_duplicate_of"),
            # The inbox list: open work, most urgent first, newest first.
            models.Index(fields=["state", "priority", "-received_at"], name="inbox_state_priority"),
            models.Index(fields=["queue", "state", "priority", "-received_at"], name="inbox_queue_state"),
            # The open work, most urgent first, read in index order without a sort.
            models.Index(fields=["priority", "-received_at", "-id"], name="inbox_open_urgent",
                         condition=models.Q(state__in=["new", "assigned", "awaiting_approval", "sending", "send_failed"])),
            models.Index(fields=["queue", "priority", "-received_at", "-id"], name="inbox_open_queue",
                         condition=models.Q(state__in=["new", "assigned", "awaiting_approval", "sending", "send_failed"])),
            # Small partial indexes: the rare flags, searched across all history.
            models.Index(fields=["-received_at"], condition=models.Q(crisis=True), name="inbox_crisis_recent"),
            models.Index(fields=["-received_at"], condition=models.Q(phi=True), name="inbox_phi_recent"),
        ]

    def __str__(self) -> str:
        # Never the body: __str__ ends up in logs and the audit log.
        return f"{self.get_kind_display()} {self.network}:{self.external_id}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
