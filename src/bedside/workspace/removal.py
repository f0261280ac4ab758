"""Deleting an organization: admin only, confirmed by name, soft first.

Deleting sets ``deleted_at``: the organization, its channels and everything
under them (inbox, snapshots, posts) vanish from every page, list, sync and
report, but stay stored for ``BEDSIDE_ORG_RETENTION_DAYS`` (30) so an admin can
restore them. After that a periodic task deletes them for good. Each step is
audited with what goes: the counts of every kind of record.

The counts are found through Django's model metadata, not by importing the
apps above this one (workspace sits below inbox and benchmark).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from bedside.config import env_int
from bedside.workspace import audit
from bedside.workspace.models import Organization


class RemovalError(Exception):
    """Not confirmed, or cannot be restored; says why."""


def retention() -> timedelta:
    return timedelta(days=env_int("BEDSIDE_ORG_RETENTION_DAYS", 30, minimum=1))


def _cascades(model: type[models.Model]) -> list[Any]:
    return [rel for rel in model._meta.related_objects
            if rel.one_to_many and getattr(rel, "on_delete", None) is models.CASCADE]


def counts(org: Organization) -> dict[str, int]:
    """What deleting ``org`` takes with it, per kind of record (non-zero only),
    two levels down: its channels and what hangs off them, its locations..."""
    found: dict[str, int] = {}

    def add(model: type[models.Model], number: int) -> None:
        if number:
            label = str(model._meta.verbose_name_plural)
            found[label] = found.get(label, 0) + number

    for rel in _cascades(Organization):
        related = rel.related_model
        add(related, related._base_manager.filter(**{rel.field.name: org}).count())
    # Channels (the app above) reached through their foreign key, not an import.
    for rel in _cascades(Organization._meta.get_field("channels").related_model):
        related = rel.related_model
        add(related, related._base_manager.filter(**{f"{rel.field.name}__organization": org}).count())
    return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))


def describe(found: dict[str, int]) -> str:
    return ", ".join(f"{number:,} {label}" for label, number in found.items()) or "nothing else"


def delete(org: Organization, actor: Any, confirm: str, *, request: Any = None) -> dict[str, int]:
    """Soft-delete ``org`` if ``confirm`` is its name; return the counts."""
    if confirm.strip().casefold() != org.name.strip().casefold():
        raise RemovalError(f"To delete {org.name}, type its name to confirm. This hides {describe(counts(org))}; "
                           f"an admin can restore it for {retention().days} days, then it is deleted for good.")
    with transaction.atomic():
        locked = Organization.objects.select_for_update().filter(pk=org.pk).first()
        if locked is None:
            raise RemovalError(f"{org.name} is already deleted.")
        found = counts(locked)
        locked.deleted_at = timezone.now()
        locked.deleted_by = str(getattr(actor, "username", "") or actor or "")[:150]
        locked.save(update_fields=["deleted_at", "deleted_by"])
        audit.record("organization_deleted", locked, request=request, actor=actor,
                     detail={"counts": found, "restorable_until": (locked.deleted_at + retention()).isoformat()})
    return found


def restore(org: Organization, actor: Any, *, request: Any = None) -> Organization:
    if org.deleted_at is None:
        raise RemovalError(f"{org.name} is not deleted.")
    try:
        with transaction.atomic():
            won = Organization.all_objects.filter(pk=org.pk, deleted_at=org.deleted_at).update(
                deleted_at=None, deleted_by="")
            if not won:
                raise RemovalError(f"{org.name} was just restored or purged by someone else.")
            org.refresh_from_db()
            audit.record("organization_restored", org, request=request, actor=actor, detail={"counts": counts(org)})
    except IntegrityError:
        raise RemovalError(f"Cannot restore {org.name}: another organization now has its name, or is ours. "
                           "Rename or delete that one first.") from None
    return org


def purge_expired(now: datetime | None = None) -> list[str]:
    """Delete for good the organizations deleted longer ago than the retention."""
    now = now or timezone.now()
    purged = []
    for org in Organization.all_objects.filter(deleted_at__lte=now - retention()):
        with transaction.atomic():
            found = counts(org)
            audit.record("organization_purged", org, actor="system",
                         detail={"name": org.name, "counts": found, "deleted_at": org.deleted_at.isoformat(),
                                 "deleted_by": org.deleted_by})
            org.delete()
        purged.append(org.name)
    return purged
