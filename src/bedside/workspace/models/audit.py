"""The audit log: append-only, each entry chained to the previous by a keyed hash.

Database triggers refuse UPDATE and DELETE on this table (see the migrations),
and `bedside audit verify` recomputes the chain, so an entry changed or
removed by someone with direct database access is still detected.

Since migration 0006_web_audit_hmac each entry's hash is an HMAC-SHA256 under
the audit key (settings.AUDIT_KEY, kept outside the database): without the
key nobody can recompute the hashes after removing or changing an entry.
Entries written before that (``chain_version`` null) keep their plain SHA-256;
the first keyed entry seals them, as its HMAC covers the last one's hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models

GENESIS = "0" * 64
KEYED = 2


class AuditEntry(models.Model):
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text so the entry still says who acted after a user is deleted.
    actor_name = models.CharField(max_length=150, db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # None: a plain SHA-256 entry from before the chain was keyed; 2: HMAC-SHA256.
    chain_version = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("audit entries cannot be deleted")

    def canonical(self) -> bytes:
        body: dict[str, Any] = {
            "at": self.at.astimezone(UTC).isoformat(),
            "actor": self.actor_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "ip": self.ip,
            "detail": self.detail,
            "prev": self.prev_hash,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    def compute_hash(self, key: bytes | None = None) -> str:
        if self.chain_version == KEYED:
            if not key:
                from bedside.workspace.audit_key import audit_key

                key = audit_key()
            return hmac.new(key, self.canonical(), hashlib.sha256).hexdigest()
        return hashlib.sha256(self.canonical()).hexdigest()


#: HIPAA documentation is kept six years: no audit entry younger is ever
#: pruned, whatever the retention setting says (the database refuses it too)
RETENTION_MINIMUM_DAYS = 6 * 365 + 2


class AuditPrunePoint(models.Model):
    """A signed record of the oldest audit entries pruned past retention: the
    last pruned entry's id and hash (where the remaining chain starts), how
    many were pruned and the time range they covered. Written in the same
    transaction as the pruning, before it; append-only like the log; each
    signature covers the previous point's, so a point removed or forged shows.
    """

    at = models.DateTimeField()
    last_id = models.BigIntegerField(unique=True)
    last_hash = models.CharField(max_length=64)
    count = models.PositiveIntegerField()
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    sig = models.CharField(max_length=64)

    class Meta:
        ordering = ["last_id"]

    def __str__(self) -> str:
        return f"pruned {self.count} audit entries up to id {self.last_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit prune points cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("audit prune points cannot be deleted")

    def signed_text(self, previous_sig: str) -> bytes:
        return "|".join([
            "prune", str(self.last_id), self.last_hash, str(self.count), self.first_at.astimezone(UTC).isoformat(),
            self.last_at.astimezone(UTC).isoformat(), self.at.astimezone(UTC).isoformat(), previous_sig,
        ]).encode()

    def signature(self, key: bytes, previous_sig: str) -> str:
        return hmac.new(key, self.signed_text(previous_sig), hashlib.sha256).hexdigest()
