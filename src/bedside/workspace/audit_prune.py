"""Pruning the audit log past its retention period: the one way an entry
ever leaves it.

The oldest entries go in batches, each in one transaction: first a prune
point is appended (the last pruned entry's id and hash, how many, the time
range they covered, signed with the audit key and chained to the previous
point's signature), then the entries up to it are deleted through the one
path the database's triggers allow (migration 0012_audit_prune_govern). The
chain's verification then starts from the newest prune point: the first
remaining entry must follow its hash, so what remains is still checked
entry by entry, and a forged or altered point fails its signature.

Nothing younger than :data:`RETENTION_MINIMUM_DAYS` (six years) is ever
pruned: refused here and, on PostgreSQL, by the database itself.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import takewhile
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from bedside.workspace.audit_checkpoints import Problem
from bedside.workspace.audit_key import audit_key
from bedside.workspace.models.audit import RETENTION_MINIMUM_DAYS, AuditEntry, AuditPrunePoint

BATCH = 5_000
_LOCK_KEY = 0x6265647369646531  # the same advisory lock as audit.record: no entry appended mid-prune
#: on a connection: the last entry id bedside may delete right now (SQLite's trigger asks)
_ALLOWED = "_bedside_audit_prune_up_to"


class PruneError(ValueError):
    """Pruning refused: says why."""


@dataclass(frozen=True)
class Pruned:
    deleted: int
    points: int
    cutoff: datetime


def may_prune(conn: Any, entry_id: int) -> bool:
    up_to = getattr(conn, _ALLOWED, None)
    return up_to is not None and entry_id <= up_to


def earliest_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=RETENTION_MINIMUM_DAYS)


def prune(cutoff: datetime, *, batch: int = BATCH) -> Pruned:
    """Delete the entries older than ``cutoff`` from the start of the chain,
    ``batch`` at a time, each batch after its signed prune point. Stops at the
    first entry (by id) not older than ``cutoff``: the chain is only ever cut
    from its start."""
    if cutoff > earliest_cutoff():
        raise PruneError(f"audit entries are kept at least six years ({RETENTION_MINIMUM_DAYS} days): "
                         f"a cutoff of {cutoff.date().isoformat()} is too recent")
    if batch < 1:
        raise PruneError("batch must be at least 1")
    key = audit_key()
    deleted = points = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
            oldest = AuditEntry.objects.order_by("id").values("id", "hash", "at")[:batch]
            rows = list(takewhile(lambda r: r["at"] < cutoff, oldest))
            if not rows:
                break
            previous = AuditPrunePoint.objects.order_by("-last_id").values_list("sig", flat=True).first() or ""
            point = AuditPrunePoint(at=timezone.now(), last_id=rows[-1]["id"], last_hash=rows[-1]["hash"],
                                    count=len(rows), first_at=rows[0]["at"], last_at=rows[-1]["at"])
            point.sig = point.signature(key, previous)
            point.save()
            _delete_up_to(point)
        deleted += len(rows)
        points += 1
    return Pruned(deleted, points, cutoff)


def _delete_up_to(point: AuditPrunePoint) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT bedside_audit_prune(%s)", [point.last_id])
        return
    setattr(connection, _ALLOWED, point.last_id)
    try:
        gone = AuditEntry.objects.filter(id__lte=point.last_id)._raw_delete(connection.alias)
    finally:
        setattr(connection, _ALLOWED, None)
    if gone != point.count:
        raise PruneError(f"pruned {gone} audit entries where the prune point says {point.count}")


def start(key: bytes) -> tuple[AuditPrunePoint | None, list[Problem]]:
    """The newest prune point whose signature holds (where verification of
    the chain starts), and a problem for each point that does not."""
    problems: list[Problem] = []
    latest: AuditPrunePoint | None = None
    previous = ""
    for point in AuditPrunePoint.objects.order_by("last_id"):
        if not hmac.compare_digest(point.sig, point.signature(key, previous)):
            problems.append(Problem(point.last_id, f"prune point up to entry {point.last_id} is not signed by the "
                                                   "audit key, or follows no valid point (forged or altered)"))
            continue
        latest, previous = point, point.sig
    return latest, problems


def pruned_count() -> int:
    """How many entries the prune points say were pruned (for the head checkpoints' counts)."""
    return sum(AuditPrunePoint.objects.values_list("count", flat=True))


def leftovers(point: AuditPrunePoint) -> Iterator[Problem]:
    left = AuditEntry.objects.filter(id__lte=point.last_id).count()
    if left:
        yield Problem(point.last_id, f"{left} entries up to id {point.last_id} remain though a prune point says they "
                                     "were pruned (inserted afterwards?)")

