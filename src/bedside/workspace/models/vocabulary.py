"""The organization's own vocabulary for the guard, and the keyed hashes of
the hospital's patient index."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from bedside.workspace.models.organizations import Organization


class VocabularyTerm(models.Model):
    """One campus, unit, service line, member of staff or reply signer.

    Staff now come from people typing them in; the reputation app's provider
    roster will feed them later with ``source="roster"`` (see
    workspace/vocabulary.py: replace_staff), so a roster sync never removes
    what a person added by hand."""

    class Kind(models.TextChoices):
        CAMPUS = "campus", "Campus or clinic"
        UNIT = "unit", "Unit or ward"
        SERVICE_LINE = "service_line", "Service line"
        STAFF = "staff", "Staff who may be named"
        SIGNER = "signer", "Signs replies"

    class Source(models.TextChoices):
        MANUAL = "manual", "Added by a person"
        ROSTER = "roster", "Provider roster"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="vocabulary")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "name"], name="one_vocabulary_term_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class PatientIndexEntry(models.Model):
    """HMAC-SHA256 of one normalized key ("name:…", "mrn:…", "dob:…|…"): never
    the clear value, and useless without the key kept outside the database."""

    digest = models.BinaryField(max_length=32, unique=True)

    def __str__(self) -> str:
        return "patient index entry"  # says nothing of whom


class PatientIndexImport(models.Model):
    """The one import that filled the index: when, by whom, how many. Replaced
    by each import, removed by clear."""

    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_name = models.CharField(max_length=150)
    patients = models.PositiveIntegerField()
    entries = models.PositiveIntegerField()
    # HMAC of a fixed text under the key: tells whether today's key is the one
    # the hashes were made with (a changed key silently matches nothing).
    key_fingerprint = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"patient index of {self.patients} patients"
