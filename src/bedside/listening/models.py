"""Saved searches and the mentions they found."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from bedside.listening import query as q
from bedside.workspace.fields import EncryptedTextField


def validate_query(value: str) -> None:
    try:
        q.parse(value)
    except q.QueryError as exc:
        raise ValidationError(str(exc)) from exc


class SavedSearch(models.Model):
    """A named query about one organization (ours or a peer) and where to run it."""

    organization = models.ForeignKey("workspace.Organization", on_delete=models.CASCADE, related_name="searches")
    name = models.CharField(max_length=120)
    query = models.TextField(validators=[validate_query])
    # Where to look: "bluesky", "mastodon:<instance>", "rss:<feed url>".
    sources = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["organization__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="listening_search_name_once")]

    def __str__(self) -> str:
        return self.name

    def parsed(self) -> q.Query:
        return q.parse(self.query)


class Mention(models.Model):
    """One public post found by one or more searches, stored once per source id."""

    source = models.CharField(max_length=40)
    external_id = models.CharField(max_length=300)
    searches = models.ManyToManyField(SavedSearch, related_name="mentions")
    author_handle = models.CharField(max_length=200, blank=True, default="")
    author_name = models.CharField(max_length=200, blank=True, default="")
    body = EncryptedTextField(blank=True, default="")
    url = models.CharField(max_length=500, blank=True, default="")
    language = models.CharField(max_length=16, blank=True, default="")
    published_at = models.DateTimeField(db_index=True)
    fetched_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sentiment = models.CharField(max_length=16, blank=True, default="")
    sentiment_score = models.FloatField(default=0.0)
    crisis = models.BooleanField(default=False)
    phi = models.BooleanField(default=False)
    spam = models.BooleanField(default=False)
    verdict = models.CharField(max_length=16, blank=True, default="")
    labels = models.JSONField(default=list)  # finding labels only, never text
    # What the author wants, as triage read it at ingest (the inbox's intents:
    # bedside.inbox.triage.intent): the one that decides, and all it found.
    intent = models.CharField(max_length=20, blank=True, default="")
    intents = models.JSONField(default=list, blank=True)
    # Where the source placed the post, and the author's profile location,
    # when the source gives them (place: filters read them). A person's
    # whereabouts next to a health mention: encrypted like the body. NULL
    # when none was given (most sources give none), which costs no
    # encryption at ingest.
    place = EncryptedTextField(null=True, blank=True, default=None)
    author_location = EncryptedTextField(null=True, blank=True, default=None)
    # Crisis language or PHI: compliance must look; cleared when someone does.
    needs_review = models.BooleanField(default=False, db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at"]
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="listening_mention_once")]
        indexes = [models.Index(fields=["source", "published_at"]),
                   models.Index(fields=["intent", "published_at"], name="listening_intent_when")]

    def __str__(self) -> str:
        # Never the body: __str__ ends up in logs and the audit log.
        return f"{self.source} mention {self.pk}"


class ListeningSettings(models.Model):
    """Workspace-wide listening settings (one row)."""

    retention_days = models.PositiveIntegerField(
        default=90, help_text="Mentions by people who never wrote to us are deleted after this many days.")

    def __str__(self) -> str:
        return f"keep mentions {self.retention_days} days"

    @classmethod
    def current(cls) -> ListeningSettings:
        settings_row, _ = cls.objects.get_or_create(pk=1)
        return settings_row


class StaffAccount(models.Model):
    """An employee's public account, listed with their agreement under the
    social media policy: Bedside reads its public posts for patient details."""

    organization = models.ForeignKey("workspace.Organization", on_delete=models.CASCADE,
                                     related_name="staff_accounts")
    network = models.CharField(max_length=40)
    handle = models.CharField(max_length=200)
    person = models.CharField(max_length=200, help_text="Who the account belongs to.")
    consented_on = models.DateField(help_text="When they agreed to have their public posts read.")
    policy_version = models.CharField(max_length=40, help_text="The social media policy they agreed to.")
    active = models.BooleanField(default=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["person"]
        constraints = [models.UniqueConstraint(fields=["network", "handle"], name="listening_staff_account_once")]

    def __str__(self) -> str:
        return f"{self.person} on {self.network}"


class StaffPost(models.Model):
    """A staff post the guard flagged (kept, encrypted, for compliance), or
    one it did not (kept a day by id only, so it is not read twice)."""

    account = models.ForeignKey(StaffAccount, on_delete=models.CASCADE, related_name="posts")
    external_id = models.CharField(max_length=300)
    flagged = models.BooleanField(default=False, db_index=True)
    body = EncryptedTextField(blank=True, default="")  # empty unless flagged
    findings = models.JSONField(default=list)  # labels and spans only, never text
    url = models.CharField(max_length=500, blank=True, default="")
    published_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(auto_now_add=True, db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at"]
        constraints = [models.UniqueConstraint(fields=["account", "external_id"], name="listening_staff_post_once")]

    def __str__(self) -> str:
        return f"staff post {self.pk} ({'flagged' if self.flagged else 'clear'})"


class SearchDay(models.Model):
    """Mentions a search found per day and sentiment, kept as they are stored:
    the volume chart and counts read these, not millions of mention rows, and
    they outlive the mentions' retention (counts are not PHI)."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    total = models.PositiveIntegerField(default=0)
    positive = models.PositiveIntegerField(default=0)
    negative = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["search", "day"], name="listening_search_day_once")]

    def __str__(self) -> str:
        return f"{self.search_id} {self.day}: {self.total}"


class SearchDayIntent(models.Model):
    """Mentions a search found per day and intent (the one triage decided),
    kept like SearchDay: the "what people want" counts read these, not the
    mention rows ("" is a mention stored before intents were kept)."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="intent_days")
    day = models.DateField()
    intent = models.CharField(max_length=30, blank=True)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["search", "day", "intent"], name="listening_intent_day_once")]

    def __str__(self) -> str:
        return f"{self.search_id} {self.day} {self.intent or '-'}: {self.n}"


class OrganizationDay(models.Model):
    """Mentions of an organization per day, each mention once however many of
    its searches found it: share of voice reads these."""

    organization = models.ForeignKey("workspace.Organization", on_delete=models.CASCADE, related_name="mention_days")
    day = models.DateField()
    mentions = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "day"], name="listening_org_day_once")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.day}: {self.mentions}"


class QuotaDay(models.Model):
    """Quota units listening spent on one network's search in one of the
    network's quota days: YouTube's search.list costs 100 of the key's 10,000
    daily units, and searches run every 15 minutes, so each run is given what
    is left of the day's share, not a fixed number of pages."""

    network = models.CharField(max_length=40)
    day = models.DateField()  # the network's own quota day (Pacific time for Google)
    units = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "day"], name="listening_quota_day_once")]

    def __str__(self) -> str:
        return f"{self.network} {self.day}: {self.units} units"
