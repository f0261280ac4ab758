"""Versioned texts approved by a second person: the rule canned responses and
policy documents share. A version is proposed by its author, then approved or
rejected once by a compliance reviewer who is not its author."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, QuerySet

from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can


class VersionError(Exception):
    """A review this person may not make; says why."""


def next_number(versions: QuerySet[Any]) -> int:
    return (versions.aggregate(n=Max("number"))["n"] or 0) + 1


def may_review(version: Any, reviewer: Any, *, what: str, noun: str) -> None:
    """Refuse a review by someone who may not approve, by the version's own
    author, or of a version already decided (``what``: "canned responses",
    ``noun``: "template")."""
    if not user_can(reviewer, Can.APPROVE):
        raise VersionError(f"Only a compliance reviewer or an admin approves {what}.")
    if version.author_id is not None and version.author_id == getattr(reviewer, "pk", None):
        raise VersionError(f"A {noun} cannot be approved by its own author; ask another reviewer.")
    if version.state != "pending":
        raise VersionError(f"Version {version.number} is already {version.get_state_display().lower()}.")
