"""The provider roster, and listings on review sites and maps checked against it.

The roster is the truth: providers (by NPI) and the places they practice.
A listing is what a review site shows (Google, Yelp, Healthgrades, Vitals);
once a person confirms it belongs to a provider or a location, every check
of it is kept (:class:`ListingCheck`), so a fixed listing shows as fixed, and
every reading of its rating (:class:`RatingReading`), for the trend. Reviews
themselves are inbox messages (``inbox.Message`` of kind review): one home.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from bedside.channels.models import Channel
from bedside.workspace.fields import EncryptedTextField


class PracticeLocation(models.Model):
    """An office, clinic or hospital where providers see patients.

    ``facility`` links the hospital record the workspace keeps (CMS facility
    id, star rating) when the office is one of those: not a second copy.
    """

    organization = models.ForeignKey(
        "workspace.Organization", on_delete=models.CASCADE, related_name="practice_locations"
    )
    facility = models.ForeignKey(
        "workspace.Location", on_delete=models.SET_NULL, null=True, blank=True, related_name="practice_locations"
    )
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    zip_code = models.CharField(max_length=10)
    phone = models.CharField(max_length=30, blank=True)
    fax = models.CharField(max_length=30, blank=True)
    hours = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="one_practice_location_per_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city}, {self.state})"

    @property
    def one_line(self) -> str:
        return f"{self.address}, {self.city}, {self.state} {self.zip_code}"


class Provider(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DEPARTED = "departed", "Departed"

    organization = models.ForeignKey("workspace.Organization", on_delete=models.CASCADE, related_name="providers")
    npi = models.CharField("NPI", max_length=10, unique=True)
    first_name = models.CharField(max_length=100)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    suffix = models.CharField(max_length=20, blank=True)
    credentials = models.CharField(max_length=100, blank=True, help_text="MD, DO, NP…")
    #: NUCC taxonomy codes, primary first
    specialties = models.JSONField(default=list, blank=True)
    department = models.CharField(max_length=200, blank=True)
    locations = models.ManyToManyField(PracticeLocation, related_name="providers", blank=True)
    accepting_new_patients = models.BooleanField(null=True, blank=True)
    languages = models.JSONField(default=list, blank=True)
    profile_url = models.URLField(max_length=500, blank=True, help_text="The provider's page on our website.")
    photo_url = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    #: where the row came from: "csv", "nppes", "cms", "sample"
    source = models.CharField(max_length=20, blank=True)
    #: differences with the NPPES registry at the last check: [{field, ours, registry}]
    registry_differences = models.JSONField(default=list, blank=True)
    registry_checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.middle_name, self.last_name, self.suffix, self.credentials)


def display_name(first: str, middle: str, last: str, suffix: str, credentials: str) -> str:
    """"Amara N. Okafor, MD": how a listing should name the provider."""
    name = " ".join(p for p in (first, middle[:1] + "." if middle else "", last, suffix) if p)
    return f"{name}, {credentials}" if credentials else name


class Listing(models.Model):
    class Status(models.TextChoices):
        CANDIDATE = "candidate", "Candidate"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="listings")
    network = models.CharField(max_length=20)
    external_id = models.CharField(max_length=300)
    name = models.CharField(max_length=300)
    url = models.URLField(max_length=1000, blank=True)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    rating = models.FloatField(null=True, blank=True)
    review_count = models.IntegerField(null=True, blank=True)
    specialty = models.CharField(max_length=200, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    fetched_at = models.DateTimeField(auto_now=True)
    # Whose listing it is: a provider's or a location's, once a person says so.
    provider = models.ForeignKey(Provider, on_delete=models.SET_NULL, null=True, blank=True, related_name="listings")
    location = models.ForeignKey(
        PracticeLocation, on_delete=models.SET_NULL, null=True, blank=True, related_name="listings"
    )
    #: what the network client reads it by (a page URL, a business id, a resource name)
    handle = models.CharField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CANDIDATE)
    # The latest check's score, written when a check changes it: every list
    # and total reads this, not the newest of each listing's checks (a
    # correlated subquery per listing cost seconds at 30,000 listings).
    score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["network", "external_id"], name="one_listing_per_network_id")]

    def __str__(self) -> str:
        return f"{self.name} on {self.network}"


class ListingCheck(models.Model):
    """One check of a listing against the roster: kept, never overwritten."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField()
    #: 0–100: the share of compared fields that agree
    score = models.PositiveSmallIntegerField()
    #: [{field, ours, theirs, ok, fix}] in display order
    fields = models.JSONField(default=list)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        get_latest_by = "checked_at"
        # "The latest check of each listing" is read by every list: with only
        # an index on checked_at, PostgreSQL walked all checks backwards for
        # each listing (minutes for 30,000 listings with history).
        indexes = [models.Index(fields=["listing", "-checked_at", "-id"], name="listing_latest_check")]

    def __str__(self) -> str:
        return f"{self.listing_id} checked {self.checked_at:%Y-%m-%d}: {self.score}%"


class RatingReading(models.Model):
    """A listing's rating and review count on a day (the last reading that day)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="readings")
    date = models.DateField()
    rating = models.FloatField(null=True, blank=True)
    review_count = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["listing", "date"], name="one_rating_reading_per_day")]

    def __str__(self) -> str:
        return f"{self.listing_id} on {self.date}: {self.rating} ({self.review_count})"


class DepartmentLeader(models.Model):
    """Who leads a department of the roster (``Provider.department``, as
    written there): alerted, with patient relations, about a review of 2
    stars or fewer of one of its providers."""

    department = models.CharField(max_length=200, unique=True)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="departments_led")

    class Meta:
        ordering = ["department"]

    def __str__(self) -> str:
        return f"{self.department}: {self.leader}"


class SurveyResult(models.Model):
    """A provider's patient-survey star rating for a period, as the survey
    vendor reports it (imported from its CSV; see reputation/stars.py)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="survey_results")
    period_end = models.DateField()
    ratings = models.PositiveIntegerField()
    average = models.FloatField()
    source = models.CharField(max_length=200, blank=True)  # the file's name
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["provider", "-period_end"]
        constraints = [models.UniqueConstraint(fields=["provider", "period_end"], name="one_survey_result_per_period")]

    def __str__(self) -> str:
        return f"{self.provider_id} to {self.period_end}: {self.average} from {self.ratings}"


class SurveyComment(models.Model):
    """A patient's survey comment: published on our website only once the
    guard has checked it (never if it blocks) and a reviewer approved it."""

    class State(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        APPROVED = "approved", "Approved for the website"
        REJECTED = "rejected", "Rejected"

    result = models.ForeignKey(SurveyResult, on_delete=models.CASCADE, related_name="comments")
    external_id = models.CharField(max_length=100)
    body = EncryptedTextField()
    verdict = models.CharField(max_length=10)  # the guard's: allow, review, block
    labels = models.JSONField(default=list, blank=True)  # what the guard found (labels only, never the text)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["result", "external_id"]
        constraints = [models.UniqueConstraint(fields=["result", "external_id"], name="one_survey_comment_per_id")]

    def __str__(self) -> str:
        return f"Survey comment {self.external_id} ({self.state})"
