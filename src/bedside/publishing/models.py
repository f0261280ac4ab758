"""Posts we publish: a campaign groups them, a post holds one text per
channel (its variants), and every try at publishing a variant is on record
before the network hears of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce

from bedside.benchmark.contentmix import LABELS as CONTENT_LABELS
from bedside.workspace.fields import EncryptedJSONField, EncryptedTextField

CONTENT_TYPES = list(CONTENT_LABELS.items())


class Campaign(models.Model):
    """Flu season, a newsletter sign-up, an app launch: its slug is the
    ``utm_campaign`` of every link its posts carry."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    goal = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    """What a person composes once; approval is of the post as a whole."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    title = models.CharField(max_length=200, help_text="For the team only; never published.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts")
    content_type = models.CharField(max_length=20, choices=CONTENT_TYPES, blank=True)
    #: what the content-mix classifier said, kept to show when a person overrode it
    suggested_type = models.CharField(max_length=20, blank=True)
    link = models.URLField(max_length=1000, blank=True, help_text="Tracked with UTM parameters in each variant.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    verdict = models.CharField(max_length=10, blank=True)  # the worst of its variants' and images'
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    #: the approval chain's steps decided so far: [{"step", "by", "at"}]
    #: (bedside.workspace.approvals); emptied when the post is edited
    approvals = models.JSONField(default=list, blank=True)
    #: the chain step it waits for, shown in the approval queue
    waiting_for = models.CharField(max_length=60, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = EncryptedTextField(blank=True, default="")
    #: why a post the guard blocked was approved all the same (required then)
    justification = EncryptedTextField(blank=True, default="")
    # A patient story goes out only with the patient's signed HIPAA
    # authorization on file: a reference to it (not the form itself).
    authorization_form = models.CharField(max_length=100, blank=True, help_text="The signed form's id.")
    authorization_signed = models.DateField(null=True, blank=True)
    authorization_expires = models.DateField(null=True, blank=True)
    authorization_networks = models.CharField(max_length=200, blank=True,
                                              help_text="Networks the authorization covers, comma-separated.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Post {self.pk}: {self.title}"

    @property
    def needs_approval(self) -> bool:
        return self.verdict in ("review", "block")


class Variant(models.Model):
    """The post's text for one channel, with its own time and outcome."""

    class State(models.TextChoices):
        DRAFT = "draft", "Not scheduled"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHING = "publishing", "Publishing"  # claimed by the one worker that calls the network
        PUBLISHED = "published", "Published"
        FAILED = "failed", "Failed"
        UNKNOWN = "unknown", "Outcome unknown"  # settled by reading the account back before any retry

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="variants")
    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")
    network = models.CharField(max_length=20)
    body = EncryptedTextField()
    verdict = models.CharField(max_length=10, blank=True)
    guard_detail = EncryptedJSONField(default=dict, blank=True)  # findings quote the text
    scheduled_at = models.DateTimeField(null=True, blank=True, db_index=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["scheduled_at", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "channel"], name="one_variant_per_channel")]
        indexes = [models.Index(fields=["state", "scheduled_at"], name="variant_due_idx"),
                   # The calendar's "when": published if published, else scheduled.
                   models.Index(Coalesce("published_at", "scheduled_at"), name="variant_when_idx")]

    def __str__(self) -> str:
        return f"Variant {self.pk} of post {self.post_id} on {self.network} ({self.state})"


class Attempt(models.Model):
    """One try at publishing a variant, written (and committed) before the
    network call, so a worker that dies mid-call leaves a trace to settle."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Sending"
        SENT = "sent", "Published"
        FOUND = "found", "Found already published"
        FAILED = "failed", "Refused"
        UNKNOWN = "unknown", "Unknown"

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="tries")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    error = models.CharField(max_length=500, blank=True)
    external_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["variant", "number"]
        constraints = [models.UniqueConstraint(fields=["variant", "number"], name="one_attempt_number")]

    def __str__(self) -> str:
        return f"Attempt {self.number} of variant {self.variant_id}: {self.outcome}"


class Video(models.Model):
    """A post's one video, stored on the hospital's machine remuxed without
    its metadata (GPS, device, owner, title tags); the text in frames sampled
    through it is checked by the guard like an image's."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="video")
    path = models.CharField(max_length=300, help_text="Under BEDSIDE_DATA_DIR/media.")
    #: what the video shows and says, for people who cannot see or hear it
    description = EncryptedTextField()
    mime_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField(default=0)
    seconds = models.FloatField(default=0)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    frames_read = models.PositiveSmallIntegerField(default=0)
    ocr_text = EncryptedTextField(blank=True, default="")
    #: the guard's findings on the frames' text, each with the second it was seen at
    guard_detail = EncryptedJSONField(default=dict, blank=True)
    verdict = models.CharField(max_length=10, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Video of post {self.post_id}"


class Image(models.Model):
    """An image attached to a post, stored on the hospital's machine with its
    metadata stripped; the text read from it is checked like the post's."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    path = models.CharField(max_length=300, help_text="Under BEDSIDE_DATA_DIR/media.")
    alt_text = EncryptedTextField()
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    ocr_text = EncryptedTextField(blank=True, default="")
    #: the guard's findings on the OCR text, with the boxes of the words they cover
    guard_detail = EncryptedJSONField(default=dict, blank=True)
    verdict = models.CharField(max_length=10, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Image {self.pk} of post {self.post_id}"
