"""Our organization, its peers, their locations and their channels."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from bedside.networks.registry import NETWORKS
from bedside.workspace.fields import EncryptedJSONField
from bedside.workspace.handles import HandleError, normalize_handle

NETWORK_CHOICES = list(NETWORKS.items())


class Organization(models.Model):
    class Kind(models.TextChoices):
        HEALTH_SYSTEM = "health_system", "Health system"
        HOSPITAL = "hospital", "Hospital"
        PRACTICE = "practice", "Physician practice"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.HEALTH_SYSTEM)
    is_ours = models.BooleanField(
        default=False, help_text="Our own organization; every other one is a peer we benchmark against."
    )
    website = models.URLField(blank=True)
    is_sample = models.BooleanField(default=False, help_text="Generated sample data (the demo).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_ours", "name"]
        constraints = [
            # Exactly one organization can be ours; peers are unlimited.
            models.UniqueConstraint(
                fields=["is_ours"], condition=models.Q(is_ours=True), name="one_own_organization"
            )
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

    class Meta:
        ordering = ["organization__name", "network", "handle"]
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
