"""Queues, the rules that route messages into them, and alerts."""

from __future__ import annotations

from django.db import models

from bedside.channels.handles import known_network
from bedside.inbox.triage.intent import LABELS as INTENT_LABELS
from bedside.networks.registry import NETWORKS
from bedside.workspace.fields import EncryptedTextField

INTENT_CHOICES = [("", "Any intent")] + list(INTENT_LABELS.items())
FLAG_CHOICES = [
    ("", "Any"),
    ("crisis", "Crisis language"),
    ("phi", "Carries PHI"),
    ("spam", "Spam"),
    ("misinformation", "Misinformation"),
    ("problem", "Bad input (stored and flagged)"),
]
KIND_CHOICES = [("", "Any kind"), ("comment", "Comment"), ("mention", "Mention"), ("message", "Direct message"),
                ("review", "Review")]


class Queue(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    description = models.CharField(max_length=300, blank=True)
    response_target_minutes = models.PositiveIntegerField(
        default=240, help_text="First reply expected within this many minutes; later ones raise an overdue alert."
    )
    position = models.PositiveSmallIntegerField(default=100)
    is_default = models.BooleanField(default=False, help_text="Where a message goes when no rule matches.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    """First matching rule (lowest position) decides a message's queue."""

    position = models.PositiveSmallIntegerField(default=100)
    name = models.CharField(max_length=100)
    enabled = models.BooleanField(default=True)
    match_flag = models.CharField(max_length=20, choices=FLAG_CHOICES, blank=True)
    match_intent = models.CharField(max_length=20, choices=INTENT_CHOICES, blank=True)
    # No ``choices``: read from the registry (RuleForm), so a new network
    # needs no migration here.
    match_network = models.CharField(max_length=20, blank=True, validators=[known_network])
    match_kind = models.CharField(max_length=10, choices=KIND_CHOICES, blank=True)
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="rules")
    alert = models.BooleanField(default=False, help_text="Raise the 'routed' alert at once when this rule matches.")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def get_match_network_display(self) -> str:
        return NETWORKS.get(self.match_network, self.match_network)


class AlertRule(models.Model):
    class Trigger(models.TextChoices):
        CRISIS = "crisis", "Crisis message"
        PHI = "phi", "Message carries PHI"
        ROUTED = "routed", "A routing rule with 'alert' matched"
        COMPLAINT = "complaint", "Complaint"
        NEW = "new", "Any new message"
        OVERDUE = "overdue", "Response-time target missed"
        APPROVAL = "approval", "Reply awaiting approval"
        SEND_FAILED = "send_failed", "Reply failed to send"
        TAKEDOWN = "takedown", "Comment hidden or deleted"
        SPIKE = "mention_spike", "Listening: mentions far above a search's usual volume"
        LOW_REVIEW = "low_review", "Review of 2 stars or fewer"

    name = models.CharField(max_length=100)
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    enabled = models.BooleanField(default=True)
    queue = models.ForeignKey(
        Queue, null=True, blank=True, on_delete=models.CASCADE, help_text="Only messages in this queue (blank: all)."
    )
    email_to = models.CharField(max_length=500, blank=True, help_text="Comma-separated addresses.")
    email_on_call = models.BooleanField(default=False, help_text="Also email everyone marked on call.")
    webhook_url = models.URLField(max_length=500, blank=True, help_text="Receives a Slack-compatible JSON body.")
    teams_webhook_url = models.URLField(
        max_length=500, blank=True, help_text="A Microsoft Teams incoming webhook: receives a message card.")
    signed_webhook_url = models.URLField(
        max_length=500, blank=True,
        help_text="A paging system's webhook: a JSON body signed with HMAC-SHA256 over the timestamp and body.")
    # The shared secret signs; it is a credential, so it is encrypted at rest.
    signing_secret = EncryptedTextField(blank=True, default="", help_text="Shared secret for the signed webhook.")
    repeat_after_minutes = models.PositiveIntegerField(
        default=10, help_text="Crisis: alert again after this many minutes unacknowledged, and escalate to the "
        "second tier after as long again (0: never).")
    escalate_email_to = models.CharField(
        max_length=500, blank=True, help_text="Second tier: comma-separated addresses (with second-tier on-call "
        "people; every admin when there is neither).")

    class Meta:
        ordering = ["trigger", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_trigger_display()})"


class Alert(models.Model):
    """One alert sent (or tried) for one rule; ``key`` keeps it from repeating."""

    rule = models.ForeignKey(AlertRule, null=True, on_delete=models.SET_NULL, related_name="alerts")
    trigger = models.CharField(max_length=20)
    message = models.ForeignKey("inbox.Message", null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    key = models.CharField(max_length=200, unique=True)
    summary = models.CharField(max_length=300)  # never PHI: network, kind, queue, link
    # Where an alert about no message points (a listening spike: that day's
    # mentions); alerts about a message link to the message.
    link = models.CharField(max_length=500, blank=True, default="")
    sent_at = models.DateTimeField(auto_now_add=True)
    delivered = models.JSONField(default=list, blank=True)  # ["email", "webhook"]
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.summary
