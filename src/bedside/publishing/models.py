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
    # Recurring posts and evergreen queues (bedside.publishing.recurring):
    # their content is a template post, approved once and never published
    # itself; each occurrence is a post of its own, copied from the approved
    # template ahead of time so the calendar shows it.
    is_template = models.BooleanField(default=False, help_text="Content of a series or queue; never sent itself.")
    made_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="occurrences")
    series = models.ForeignKey("Series", null=True, blank=True, on_delete=models.SET_NULL, related_name="occurrences")
    queue = models.ForeignKey("EvergreenQueue", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="occurrences")
    #: the time the rule or slot gave it (UTC); one occurrence per series/queue and time
    occurrence_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "occurrence_at"], name="one_occurrence_per_series_time"),
            models.UniqueConstraint(fields=["queue", "occurrence_at"], name="one_occurrence_per_queue_slot"),
        ]

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


class Series(models.Model):
    """A post repeated on a rule ("weekly health tip"): weekly on chosen
    weekdays, or monthly on a day, at a local time in a time zone, from a
    start date until an end date or a number of occurrences."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"

    name = models.CharField(max_length=100)
    template = models.OneToOneField(Post, on_delete=models.PROTECT, related_name="series_of")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    #: weekly: the weekdays, Monday = 0, e.g. [1, 3] for Tuesday and Thursday
    weekdays = models.JSONField(default=list, blank=True)
    #: monthly: the day of the month (a month without it uses its last day)
    day_of_month = models.PositiveSmallIntegerField(null=True, blank=True)
    interval = models.PositiveSmallIntegerField(default=1, help_text="Every N weeks or months.")
    time = models.TimeField(help_text="Local time, in time_zone.")
    time_zone = models.CharField(max_length=64)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True, help_text="Stop after this many occurrences.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return f"Series {self.pk}: {self.name}"


class EvergreenQueue(models.Model):
    """A named rotation of approved evergreen posts for a set of channels:
    each weekly slot (e.g. Tuesday and Thursday 10:00) gets the next post,
    skipping one published within ``min_gap_days``; then it starts over."""

    name = models.CharField(max_length=100, unique=True)
    channels = models.ManyToManyField("channels.Channel", related_name="+")
    #: [{"weekday": 1, "time": "10:00"}], Monday = 0, local time in time_zone
    slots = models.JSONField(default=list, blank=True)
    time_zone = models.CharField(max_length=64)
    min_gap_days = models.PositiveSmallIntegerField(default=30)
    paused = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"Queue {self.pk}: {self.name}"


class QueueEntry(models.Model):
    """One evergreen post (a template) in a queue, at its place in the rotation."""

    queue = models.ForeignKey(EvergreenQueue, on_delete=models.CASCADE, related_name="entries")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="queue_entries")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["queue", "post"], name="one_entry_per_queue_post")]

    def __str__(self) -> str:
        return f"Entry {self.position} of queue {self.queue_id}: post {self.post_id}"
