"""Our organization, its peers, their locations and their channels."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from bedside.networks.registry import NETWORKS
from bedside.workspace.fields import EncryptedJSONField
from bedside.workspace.handles import HandleError, normalize_handle

NETWORK_CHOICES = list(NETWORKS.items())


class LiveOrganizations(models.Manager["Organization"]):
    """Organizations not deleted: a deleted one waits out the retention period,
    restorable, invisible everywhere (``Organization.all_objects`` sees it)."""

    def get_queryset(self) -> models.QuerySet[Organization]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class LiveChannels(models.Manager["Channel"]):
    """Channels of organizations not deleted (never synced, listed or counted)."""

    def get_queryset(self) -> models.QuerySet[Channel]:
        return super().get_queryset().filter(organization__deleted_at__isnull=True)


class Organization(models.Model):
    class Kind(models.TextChoices):
        HEALTH_SYSTEM = "health_system", "Health system"
        HOSPITAL = "hospital", "Hospital"
        PRACTICE = "practice", "Physician practice"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.HEALTH_SYSTEM)
    is_ours = models.BooleanField(
        default=False, help_text="Our own organization; every other one is a peer we benchmark against."
    )
    website = models.URLField(blank=True)
    is_sample = models.BooleanField(default=False, help_text="Generated sample data (the demo).")
    created_at = models.DateTimeField(auto_now_add=True)
    #: soft delete: set when an admin deletes it; purged after the retention period
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    deleted_by = models.CharField(max_length=150, blank=True)

    all_objects = models.Manager()
    objects = LiveOrganizations()  # the default (Meta.default_manager_name): what every page and query sees

    class Meta:
        ordering = ["-is_ours", "name"]
        # Related lookups (a channel's organization) see deleted ones too.
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        constraints = [
            # Exactly one organization can be ours; peers are unlimited. A
            # deleted one no longer counts: it can be replaced, and restored
            # only if nothing took its place.
            models.UniqueConstraint(
                fields=["is_ours"], condition=models.Q(is_ours=True, deleted_at__isnull=True),
                name="one_own_organization"
            ),
            models.UniqueConstraint(fields=["name"], condition=models.Q(deleted_at__isnull=True),
                                    name="one_live_organization_per_name",
                                    violation_error_message="An organization with this name already exists."),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def role_label(self) -> str:
        return "Our organization" if self.is_ours else "Peer"


class Location(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    zip_code = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    cms_facility_id = models.CharField(
        max_length=10, blank=True, db_index=True, help_text="CMS Certification Number (CCN) for hospitals."
    )
    hospital_type = models.CharField(max_length=100, blank=True)
    star_rating = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "cms_facility_id"],
                condition=~models.Q(cms_facility_id=""),
                name="one_location_per_facility",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city}, {self.state})" if self.city else self.name


class Channel(models.Model):
    class Status(models.TextChoices):
        OK = "ok", "Connected"
        RECONNECT = "reconnect", "Reconnect needed"
        ERROR = "error", "Failing"
        NEW = "new", "Not synced yet"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="channels")
    network = models.CharField(max_length=20, choices=NETWORK_CHOICES)
    handle = models.CharField(max_length=300, help_text="What a person would type: @name, a handle or a URL.")
    url = models.URLField(blank=True, max_length=500)
    official = models.BooleanField(default=True, help_text="Run by the organization itself.")
    credentials = EncryptedJSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    status_detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    all_objects = models.Manager()
    objects = LiveChannels()  # the default (Meta.default_manager_name): what every page and query sees

    class Meta:
        ordering = ["organization__name", "network", "handle"]
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["organization", "network", "handle"], name="one_channel_per_handle")
        ]

    def __str__(self) -> str:
        return f"{self.get_network_display()} {self.handle}"

    def clean(self) -> None:
        try:
            self.handle = normalize_handle(self.network, self.handle)
        except HandleError as exc:
            raise ValidationError({"handle": str(exc)}) from None
