"""Apply the retention periods: delete what is past its time and not held.

Deleting ten million rows in one statement would lock the inbox for minutes;
this deletes ``batch`` rows per short transaction, oldest first, so pages keep
answering between batches.

Kinds of record (:class:`Retention.Kind`), each with the date it ages from:
inbox messages (and their sent replies, which go with them) by when we
received them; replies never sent by when they were last changed; posts never
published and published posts by when they were last changed. Listening's
mentions are deleted by listening's own hourly task under its own period
(listening settings); legal holds apply to them too (:mod:`workspace.holds`).
The audit log is append-only (database triggers refuse DELETE); past its
period (at least six years, whatever is set) its oldest entries are pruned
through the one path the triggers allow, each batch after a signed prune
point the chain's verification starts from (:mod:`bedside.workspace.audit_prune`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from bedside.governance.models import LegalHold, Retention
from bedside.inbox.models import Message, Reply
from bedside.listening.models import ListeningSettings, Mention
from bedside.logs import event
from bedside.publishing.models import Post, Variant
from bedside.workspace import audit, audit_prune
from bedside.workspace.models import AuditEntry
from bedside.workspace.models.audit import RETENTION_MINIMUM_DAYS

logger = logging.getLogger(__name__)
BATCH = 5_000


class K:
    """The kinds of record (:class:`Retention.Kind`'s values) as plain strings."""

    MESSAGES, MENTIONS, REPLIES, DRAFTS, POSTS, AUDIT = (
        "messages",
        "mentions",
        "replies",
        "drafts",
        "posts",
        "audit",
    )


UNSENT = (Reply.State.DRAFT, Reply.State.REJECTED, Reply.State.FAILED)
UNPUBLISHED = (Post.State.DRAFT, Post.State.REJECTED)
IN_FLIGHT = (Variant.State.SCHEDULED, Variant.State.PUBLISHING, Variant.State.UNKNOWN)


@dataclass(frozen=True)
class Spec:
    """Where a kind of record lives and how a hold finds its rows."""

    label: str
    deletes: bool
    paths: dict[str, str | None]

    def rows(self, kind: str) -> QuerySet[Any]:
        if kind == K.MESSAGES:
            return Message.all_objects.all()
        if kind == K.REPLIES:
            return Reply.objects.filter(state__in=UNSENT)
        if kind == K.DRAFTS:
            return Post.objects.filter(state__in=UNPUBLISHED)
        if kind == K.POSTS:
            # Approved posts, less any with a channel still to publish (scheduled
            # far ahead, or being published now): never deleted before they go out.
            pending = Variant.objects.filter(state__in=IN_FLIGHT).values("post_id")
            return Post.objects.filter(state=Post.State.APPROVED).exclude(pk__in=pending)
        if kind == K.MENTIONS:
            return Mention.objects.all()
        return AuditEntry.objects.all()


SPECS: dict[str, Spec] = {
    K.MESSAGES: Spec(
        "inbox.message",
        True,
        {
            "organization": "channel__organization_id",
            "channel": "channel_id",
            "author": "author_handle",
            "date": "published_at",
            "age": "received_at",
        },
    ),
    K.REPLIES: Spec(
        "inbox.reply",
        True,
        {
            "organization": "message__channel__organization_id",
            "channel": "message__channel_id",
            "author": "message__author_handle",
            "date": "message__published_at",
            "age": "updated_at",
        },
    ),
    K.DRAFTS: Spec(
        "publishing.post",
        True,
        {
            "organization": "variants__channel__organization_id",
            "channel": "variants__channel_id",
            "author": None,
            "date": "created_at",
            "age": "updated_at",
        },
    ),
    K.POSTS: Spec(
        "publishing.post",
        True,
        {
            "organization": "variants__channel__organization_id",
            "channel": "variants__channel_id",
            "author": None,
            "date": "created_at",
            "age": "updated_at",
        },
    ),
    K.MENTIONS: Spec(
        "listening.mention",
        False,
        {
            "organization": None,
            "channel": None,
            "author": "author_handle",
            "date": "published_at",
            "age": "fetched_at",
        },
    ),
    K.AUDIT: Spec(
        "workspace.auditentry",
        False,
        {"organization": None, "channel": None, "author": None, "date": "at", "age": "at"},
    ),
}


@dataclass(frozen=True)
class Outcome:
    kind: str
    cutoff: datetime
    deleted: int
    held: int


def days_for(kind: str) -> int:
    if kind == K.MENTIONS:
        return ListeningSettings.current().retention_days
    return Retention.days_for(kind)


def held_rows(kind: str) -> Q | None:
    """Rows of ``kind`` covered by any active hold (None when nothing is held)."""
    paths = {k: v for k, v in SPECS[kind].paths.items() if k != "age"}
    q: Q | None = None
    for hold in LegalHold.objects.filter(lifted_at__isnull=True):
        one = hold.covering(**paths)
        q = one if q is None else q | one
    return q


def held_messages() -> Q | None:
    return held_rows(K.MESSAGES)


def expired(kind: str, now: datetime | None = None) -> tuple[datetime, QuerySet[Any], int]:
    """The cutoff, what is past it and not held, and how many more a hold keeps."""
    spec = SPECS[kind]
    cutoff = (now or timezone.now()) - timedelta(days=days_for(kind))
    old = spec.rows(kind).filter(**{f"{spec.paths['age']}__lt": cutoff})
    holds = held_rows(kind) if kind != K.AUDIT else None
    if holds is None:
        return cutoff, old, 0
    if kind == K.MESSAGES:  # no multi-valued join: the plain exclusion, fastest on ten million rows
        return cutoff, old.exclude(holds), old.filter(holds).count()
    covered = old.filter(holds).values("pk")
    return cutoff, old.exclude(pk__in=covered), covered.distinct().count()


def expired_messages(now: datetime | None = None) -> tuple[datetime, QuerySet[Any], int]:
    return expired(K.MESSAGES, now)


def apply_kind(
    kind: str, now: datetime | None = None, *, batch: int = BATCH, actor: str = "retention"
) -> Outcome:
    if kind == K.AUDIT:
        return apply_audit(now, batch=batch, actor=actor)
    spec = SPECS[kind]
    cutoff, due, held = expired(kind, now)
    deleted = 0
    model = spec.rows(kind).model
    while spec.deletes:
        with transaction.atomic():
            ids = list(due.order_by(spec.paths["age"]).values_list("pk", flat=True)[:batch])
            if not ids:
                break
            manager = getattr(model, "all_objects", model.objects)
            # Only the keys: Django's deletion loads each row it cascades from,
            # and a whole message row means decrypting its body (8 s a batch of
            # 5,000 on the bench, against well under a second for the keys).
            manager.filter(pk__in=ids).only("pk").delete()
        deleted += len(ids)
    if deleted or held:
        audit.record(
            "retention_applied",
            None,
            actor=actor,
            object_type=spec.label,
            detail={"kind": kind, "deleted": deleted, "held": held, "older_than": cutoff.date().isoformat()},
        )
    event(logger, "retention.applied", kind=kind, deleted=deleted, held=held)
    return Outcome(kind, cutoff, deleted, held)


def apply_audit(now: datetime | None = None, *, batch: int = BATCH, actor: str = "retention") -> Outcome:
    """Prune the audit log's entries past its period, never within six years
    of the real clock (a ``now`` in the future does not move that line)."""
    cutoff = min(
        (now or timezone.now()) - timedelta(days=max(days_for(K.AUDIT), RETENTION_MINIMUM_DAYS)),
        audit_prune.earliest_cutoff(),
    )
    pruned = audit_prune.prune(cutoff, batch=batch)
    if pruned.deleted:
        audit.record(
            "retention_applied",
            None,
            actor=actor,
            object_type=SPECS[K.AUDIT].label,
            detail={"kind": K.AUDIT, "deleted": pruned.deleted, "prune_points": pruned.points, "held": 0,
                    "older_than": cutoff.date().isoformat()},
        )
    event(logger, "retention.applied", kind=K.AUDIT, deleted=pruned.deleted, held=0)
    return Outcome(K.AUDIT, cutoff, pruned.deleted, 0)


def apply(now: datetime | None = None, *, batch: int = BATCH, actor: str = "retention") -> Outcome:
    """Inbox messages (the kind the first retention knew; kept for callers)."""
    return apply_kind(K.MESSAGES, now, batch=batch, actor=actor)


def apply_all(now: datetime | None = None, *, batch: int = BATCH, actor: str = "retention") -> list[Outcome]:
    """Every kind Bedside deletes, unsent replies and unpublished posts before
    the messages and posts they may belong to; the audit log last, so the
    counts just recorded are in it."""
    order = (K.REPLIES, K.DRAFTS, K.MESSAGES, K.POSTS, K.AUDIT)
    return [apply_kind(kind, now, batch=batch, actor=actor) for kind in order]


def mentions_covering(kind: str) -> Q | None:
    """For :mod:`bedside.workspace.holds`: listening asks before it purges."""
    return held_rows(kind) if kind in SPECS else None
