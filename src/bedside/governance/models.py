"""Retention periods per kind of record, and legal holds."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from bedside.workspace.models.audit import RETENTION_MINIMUM_DAYS
from bedside.workspace.models.versions import ReviewedVersion
from bedside.workspace.roles import ROLE_LABELS

ROLE_CHOICES = [(str(r.value), label) for r, label in ROLE_LABELS.items()]

# HIPAA documentation is kept six years; messages are part of the record of
# what was said to and by the organization, so they default to the same.
SIX_YEARS = RETENTION_MINIMUM_DAYS


class Retention(models.Model):
    class Kind(models.TextChoices):
        MESSAGES = "messages", "Inbox messages and their replies"
        MENTIONS = "mentions", "Listening mentions"
        REPLIES = "replies", "Replies that were never sent (drafts, rejected, failed)"
        DRAFTS = "drafts", "Posts never published (drafts, rejected)"
        POSTS = "posts", "Published posts"
        AUDIT = "audit", "Audit log"

    kind = models.CharField(max_length=40, choices=Kind.choices, unique=True)
    days = models.PositiveIntegerField(default=SIX_YEARS)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days} days"

    def clean(self) -> None:
        if self.days < 30:
            raise ValidationError({"days": "Keep records at least 30 days: replies and complaints need answering."})
        if self.kind == self.Kind.AUDIT and self.days < SIX_YEARS:
            raise ValidationError({"days": f"HIPAA documentation is kept six years: at least {SIX_YEARS} days."})

    @classmethod
    def days_for(cls, kind: str) -> int:
        row = cls.objects.filter(kind=kind).first()
        return row.days if row else SIX_YEARS


class LegalHold(models.Model):
    """What must not be deleted, and why. Any field left empty covers
    everything in that dimension; a hold with only a reason covers everything."""

    name = models.CharField(max_length=200)
    reason = models.TextField()
    organization = models.ForeignKey("workspace.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    channel = models.ForeignKey("channels.Channel", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    author_handle = models.CharField(max_length=200, blank=True, default="",
                                     help_text="A person's messages, by their handle on the network.")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-placed_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.lifted_at is None

    def clean(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": "The end date is before the start date."})

    def message_filter(self) -> Q:
        """The inbox messages this hold covers."""
        return self.covering(organization="channel__organization_id", channel="channel_id",
                             author="author_handle", date="published_at")

    def covering(self, *, organization: str | None, channel: str | None, author: str | None,
                 date: str | None) -> Q:
        """The rows this hold covers, given where a kind of record keeps each
        dimension. A dimension a kind does not have is not narrowed by (a
        mention has no channel): a hold errs on keeping too much."""
        q = Q()
        if self.organization_id and organization:
            q &= Q(**{organization: self.organization_id})
        if self.channel_id and channel:
            q &= Q(**{channel: self.channel_id})
        if self.author_handle and author:
            q &= Q(**{f"{author}__iexact": self.author_handle})
        if self.start and date:
            q &= Q(**{f"{date}__date__gte": self.start})
        if self.end and date:
            q &= Q(**{f"{date}__date__lte": self.end})
        return q

class Policy(models.Model):
    """One of the organization's policy documents; its text lives in versions,
    each approved by a compliance reviewer who did not write it."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", "Community policy (public)"
        EMPLOYEE = "employee", "Employee social media policy"

    kind = models.CharField(max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind"]
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return self.title

    def current(self) -> PolicyVersion | None:
        """The latest approved version: the one in force."""
        return self.versions.filter(state=PolicyVersion.State.APPROVED).order_by("-number").first()


class PolicyVersion(ReviewedVersion):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    body = models.TextField(help_text="Paragraphs separated by a blank line; a line starting '- ' is a list item; "
                                      "{organization} is our name.")

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [models.UniqueConstraint(fields=["policy", "number"], name="one_policy_version_number")]

    def __str__(self) -> str:
        return f"{self.policy.title} v{self.number}"


class Acknowledgement(models.Model):
    """A person read and accepted one version of the employee policy."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-accepted_at"]
        constraints = [models.UniqueConstraint(fields=["person", "version"], name="one_acknowledgement_per_version")]

    def __str__(self) -> str:
        return f"{self.person} accepted {self.version}"


class Requirements(models.Model):
    """The workspace's governance settings: one row."""

    require_training = models.BooleanField(
        default=False, help_text="Replies and posts need a current training record (passed within a year).")
    pass_mark = models.PositiveSmallIntegerField(default=80, help_text="Percent of scenarios answered as the guard "
                                                                        "does, to pass the training.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "requirements"

    def __str__(self) -> str:
        return f"training {'required' if self.require_training else 'optional'}, pass {self.pass_mark}%"

    def clean(self) -> None:
        if not 1 <= self.pass_mark <= 100:
            raise ValidationError({"pass_mark": "The pass mark is a percentage from 1 to 100."})

    @classmethod
    def get(cls) -> Requirements:
        row, _ = cls.objects.get_or_create(pk=1)
        return row


class Scenario(models.Model):
    """A training case the organization writes: a text someone might send,
    which the learner judges before seeing the guard's own verdict."""

    class Kind(models.TextChoices):
        REPLY = "reply", "A draft reply"
        STAFF_POST = "staff_post", "A staff member's post"
        CAPTION = "caption", "A photo caption"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    text = models.TextField(help_text="Invented: never a real patient.")
    replying_to = models.TextField(blank=True, default="",
                                   help_text="For a reply: the comment it answers (invented too).")
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class TrainingRecord(models.Model):
    """One completed run of the course by a person."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    taken_at = models.DateTimeField(auto_now_add=True)
    score = models.PositiveSmallIntegerField(help_text="Percent answered as the guard does.")
    passed = models.BooleanField()
    pass_mark = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=list, help_text="Per scenario: its id, the learner's answer, the guard's.")

    class Meta:
        ordering = ["-taken_at"]

    def __str__(self) -> str:
        return f"{self.person} {self.score}% on {self.taken_at:%Y-%m-%d}"


class Situation(models.Model):
    """One row of the responsibility matrix: who drafts, approves and is told,
    and how fast, when a message is in this situation."""

    class Key(models.TextChoices):
        PHI = "phi", "PHI posted by a patient"
        CRISIS = "crisis", "A crisis (self-harm, threats, an emergency)"
        PHYSICIAN_COMPLAINT = "physician_complaint", "A complaint about a physician"
        MEDIA = "media", "A media enquiry"
        LEGAL = "legal", "A legal threat"

    key = models.CharField(max_length=30, choices=Key.choices, unique=True)
    drafts = models.CharField(max_length=200, help_text="Who writes the answer, in words.")
    approves = models.CharField(max_length=200, help_text="Whose final approval is needed, in words.")
    told = models.CharField(max_length=300, blank=True, help_text="Who is told at once, in words.")
    # What Bedside enforces: a role and/or named people for each column.
    # A reply to a message in this situation waits for someone of approves_role
    # or among approves_people (never its author); told_* are alerted when such
    # a message arrives; drafts_* are who the row expects to write.
    drafts_role = models.CharField(max_length=20, blank=True, choices=ROLE_CHOICES)
    drafts_people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    approves_role = models.CharField(max_length=20, blank=True, choices=ROLE_CHOICES,
                                     help_text="Replies wait for a person of this role (or a person named below).")
    approves_people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    told_role = models.CharField(max_length=20, blank=True, choices=ROLE_CHOICES,
                                 help_text="Everyone of this role is alerted when such a message arrives.")
    told_people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    target_minutes = models.PositiveIntegerField(help_text="First answer within this many minutes.")
    queue = models.ForeignKey("inbox.Queue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              help_text="The inbox queue these messages go to, where triage recognises them.")
    position = models.PositiveSmallIntegerField(default=100)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.get_key_display()

    def who(self, column: str) -> str:
        """The role and people set for ``column`` (drafts, approves, told), in words."""
        role = getattr(self, f"{column}_role")
        parts = [f"every {dict(ROLE_CHOICES)[role].lower()}"] if role else []
        parts += [p.get_full_name() or p.get_username() for p in getattr(self, f"{column}_people").all()]
        return ", ".join(parts)

    @property
    def drafts_who(self) -> str:
        return self.who("drafts")

    @property
    def approves_who(self) -> str:
        return self.who("approves")

    @property
    def told_who(self) -> str:
        return self.who("told")
