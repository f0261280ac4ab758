"""Replies to messages, canned responses and takedowns."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from bedside.workspace.fields import EncryptedJSONField, EncryptedTextField
from bedside.workspace.models.versions import ReviewedVersion


class Reply(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SENDING = "sending", "Sending"  # claimed by the one worker that calls the network
        RETRYING = "retrying", "Waiting to retry"  # a transient failure; the queue tries again at next_attempt_at
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed to send"
        # The site has no reply API (Yelp, Healthgrades, Vitals): a person
        # copies the approved text onto the site and marks it posted.
        TO_POST = "to_post", "Approved: to post by hand"
        POSTED = "posted", "Posted by hand"

    message = models.ForeignKey("inbox.Message", on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = EncryptedTextField()
    private = models.BooleanField(default=False, help_text="A private message to the person, not a public reply.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    verdict = models.CharField(max_length=10, blank=True)
    guard_detail = EncryptedJSONField(default=dict, blank=True)  # findings quote the text
    canned_version = models.ForeignKey(
        "inbox.CannedVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Steps of the approval chain decided so far ({"step", "by", "at"}): a reply to
    # a message in a situation of the responsibility matrix needs its approver.
    approvals = models.JSONField(default=list, blank=True)
    review_note = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The attempt on record before the network hears of it (exactly once):
    # its key goes to networks that take an idempotency key, and its start
    # bounds the read-back that settles an unknown outcome.
    attempt_key = models.CharField(max_length=64, blank=True)
    attempt_started_at = models.DateTimeField(null=True, blank=True)
    attempt_by = models.CharField(max_length=64, blank=True)  # the worker (host:pid) that claimed it
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Who marked a reply posted by hand (its time is sent_at).
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    # Approving a reply the guard blocked needs the reviewer's written reason.
    justification = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"Reply {self.pk} to {self.message_id} ({self.state})"

    @property
    def needs_approval(self) -> bool:
        return self.verdict in ("review", "block")


class CannedResponse(models.Model):
    """An approved template; people use its latest approved version."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    intent = models.CharField(max_length=20, blank=True, help_text="Suggested for messages with this intent.")
    private = models.BooleanField(default=False, help_text="Meant for a private message, not a public reply.")
    shipped = models.BooleanField(default=False, help_text="One of the defaults that come with Bedside.")
    retired = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def approved_version(self) -> CannedVersion | None:
        return self.versions.filter(state=CannedVersion.State.APPROVED).order_by("-number").first()


class CannedVersion(ReviewedVersion):
    canned = models.ForeignKey(CannedResponse, on_delete=models.CASCADE, related_name="versions")
    body = models.TextField(help_text="Placeholders in braces, e.g. {organization}; never a person's details.")

    class Meta:
        ordering = ["canned", "-number"]
        constraints = [models.UniqueConstraint(fields=["canned", "number"], name="one_canned_version_number")]

    def __str__(self) -> str:
        return f"{self.canned.name} v{self.number}"


class Takedown(models.Model):
    class Action(models.TextChoices):
        HIDE = "hide", "Hide"
        DELETE = "delete", "Delete"

    class Status(models.TextChoices):
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        NOT_SUPPORTED = "not_supported", "Network does not allow it"

    message = models.ForeignKey("inbox.Message", on_delete=models.CASCADE, related_name="takedowns")
    action = models.CharField(max_length=10, choices=Action.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    notice = models.ForeignKey(Reply, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.message_id}: {self.status}"
