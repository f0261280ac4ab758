from __future__ import annotations

from django.db import models


class ApprovalStep(models.Model):
    """One step of the workspace's approval chain (bedside.workspace.approvals):
    who approves, what it applies to and when. Steps run in ``position`` order;
    with none configured the chain is one compliance step for what the guard
    flagged and for patient stories."""

    class Applies(models.TextChoices):
        POSTS = "posts", "Posts"

    class When(models.TextChoices):
        ALWAYS = "always", "Always"
        FLAGGED = "flagged", "When the guard flagged it"
        PATIENT_STORY = "patient_story", "For a patient story"
        FLAGGED_OR_PATIENT_STORY = "flagged_or_patient_story", "When flagged, or for a patient story"

    position = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=60)
    role = models.CharField(max_length=20, help_text="The role that approves this step (an admin always may).")
    applies_to = models.CharField(max_length=10, choices=Applies.choices, default=Applies.POSTS)
    when = models.CharField(max_length=30, choices=When.choices, default=When.ALWAYS)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.name} ({self.role}, {self.when})"
