"""Our organization, its peers and their locations (channels: ``bedside.channels``)."""

from __future__ import annotations

from django.db import models


class LiveOrganizations(models.Manager["Organization"]):
    """Organizations not deleted: a deleted one waits out the retention period,
    restorable, invisible everywhere (``Organization.all_objects`` sees it)."""

    def get_queryset(self) -> models.QuerySet[Organization]:
        return super().get_queryset().filter(deleted_at__isnull=True)


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
