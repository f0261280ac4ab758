"""Writing to and verifying the audit log.

``record()`` is the one way to add an entry. Entries are appended under a lock
(an advisory lock on PostgreSQL; SQLite's write lock serialises writers
already) so that concurrent writers cannot fork the chain.

The chain is keyed (HMAC-SHA256, see models/audit.py), so a removed or
changed entry cannot be hidden by recomputing the later hashes. What the
chain alone cannot show is its newest entries removed: for that, signed
checkpoints of the head (count, last id, hash) are appended to a file in the
data directory and written to the log (ship it off the machine), at most every
AUDIT_CHECKPOINT_SECONDS; `verify` checks the table still reaches them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from bedside.workspace import audit_checkpoints as checkpoints
from bedside.workspace import audit_prune
from bedside.workspace.audit_checkpoints import Problem
from bedside.workspace.audit_key import audit_key
from bedside.workspace.models.audit import GENESIS, KEYED, AuditEntry

_LOCK_KEY = 0x6265647369646531  # "bedside1": any constant both sides agree on


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Behind a reverse proxy, set it to pass REMOTE_ADDR; X-Forwarded-For is
    # spoofable and so not trusted here.
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    detail: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Append one entry. ``actor`` defaults to the request's user; ``detail``
    must never carry PHI (say *that* a body was read, not what it said)."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=actor.get_username() if getattr(actor, "pk", None) else (str(actor) if actor else "system"),
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:200],
            ip=client_ip(request),
            detail=detail or {},
            prev_hash=last or GENESIS,
            chain_version=KEYED,
        )
        entry.hash = entry.compute_hash()
        entry.save()
        transaction.on_commit(maybe_checkpoint)
    return entry


def maybe_checkpoint() -> None:
    """After a commit: write a checkpoint unless one was written recently."""
    checkpoints.write(audit_key(), every=settings.AUDIT_CHECKPOINT_SECONDS)


def verify(batch: int = 2000) -> Iterator[Problem]:
    """Walk the chain in id order and yield every break found, then check the
    table still holds every signed checkpoint's head.

    Entries pruned past retention (:mod:`bedside.workspace.audit_prune`)
    are accounted for by their signed prune points.

    Ids are not expected to be contiguous (a rolled-back transaction consumes
    one on PostgreSQL), so removal is detected through ``prev_hash``.
    """
    key = audit_key()
    # Past retention the oldest entries are pruned: the chain then starts at
    # the newest signed prune point, whose hash the first remaining entry follows.
    point, forged = audit_prune.start(key)
    yield from forged
    previous = point.last_hash if point else GENESIS
    last_id = point.last_id if point else 0
    keyed_seen = False
    if point is not None:
        yield from audit_prune.leftovers(point)
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for entry in rows:
            if entry.prev_hash != previous:
                yield Problem(entry.id, "does not follow the entry before it (an entry was removed or changed)")
            if keyed_seen and entry.chain_version != KEYED:
                yield Problem(entry.id, "is not keyed but follows keyed entries (written without the audit key)")
            if entry.compute_hash(key) != entry.hash:
                yield Problem(entry.id, "was changed after it was written (its hash does not match)")
            keyed_seen = keyed_seen or entry.chain_version == KEYED
            previous = entry.hash
            last_id = entry.id
    yield from checkpoints.verify(key, pruned_up_to=point.last_id if point else 0,
                                  pruned=audit_prune.pruned_count() if point else 0)
