"""Triage of stored messages: classify, flag, group duplicates, route, alert.

``triage_stored(ids)`` is what the ``triage_messages`` task runs. It reads
messages in batches, runs :func:`bedside.inbox.triage.triage` on each and
writes everything back with one bulk update per batch, so a sync of 10,000
messages costs a few hundred queries, not tens of thousands.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from bedside.inbox import alerts, escalation
from bedside.inbox.models import Message, State
from bedside.inbox.routing import Router
from bedside.inbox.triage import fingerprint, triage
from bedside.networks.registry import NETWORKS
from bedside.workspace.models import Organization

BATCH = 500
# Bodies longer than this are stored and flagged: no network allows more
# than ~65,000 characters, so anything bigger is a broken record.
MAX_BODY = 20_000
DUPLICATE_WINDOW = timedelta(days=7)
MIN_WORDS_FOR_DUPLICATE = 4
READS = ["id", "channel_id", "network", "kind", "body", "rating", "problem", "state", "queue_id", "received_at"]
FIELDS = [
    "sentiment", "sentiment_score", "intent", "intents", "crisis", "phi", "spam", "misinformation", "priority",
    "verdict", "finding_labels", "triage_detail", "fingerprint", "duplicate_of", "queue", "problem", "triaged_at",
]


def _key() -> bytes:
    return hashlib.sha256(("bedside-inbox-fingerprint:" + settings.SECRET_KEY).encode()).digest()


def problem_of(message: Message) -> str:
    """Why a stored record is off, or the problem sync already noted."""
    if message.problem:
        return message.problem
    if message.network not in NETWORKS:
        return f"unknown network {message.network!r}"
    if not message.body.strip():
        return "no text"
    if len(message.body) > MAX_BODY:
        return f"oversized body ({len(message.body):,} characters; triaged on the first {MAX_BODY:,})"
    return ""


def triage_stored(ids: Iterable[int], *, alert: bool = True) -> int:
    """Triage the messages with these ids (again, if they were already); returns how many."""
    ids = list(ids)
    router = Router.load()
    ours = tuple(Organization.objects.filter(is_ours=True).values_list("name", flat=True))
    key = _key()
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        # Only what triage reads: every encrypted field loaded costs a decryption.
        messages = list(Message.objects.filter(pk__in=chunk).only(*READS).order_by("pk"))
        with transaction.atomic():
            _triage_batch(messages, router, ours, key)
        if alert:
            _alert(messages)
        done += len(messages)
    return done


def _triage_batch(messages: Sequence[Message], router: Router, ours: tuple[str, ...], key: bytes) -> None:
    now = timezone.now()
    for message in messages:
        message.problem = problem_of(message)[:200]
        body = message.body[:MAX_BODY]
        result = triage(body, kind=message.kind, rating=message.rating, problem=bool(message.problem),
                        org_names=ours)
        message.sentiment = result.sentiment
        message.sentiment_score = result.sentiment_score
        message.intents = result.intents
        message.intent = result.intent
        message.crisis = result.crisis
        message.phi = result.phi
        message.spam = result.spam
        message.misinformation = result.misinformation
        message.priority = result.priority
        message.verdict = result.verdict
        message.finding_labels = result.labels
        message.triage_detail = {"findings": result.findings, "reasons": result.reasons}
        message.fingerprint = fingerprint(body, key) if len(body.split()) >= MIN_WORDS_FOR_DUPLICATE else ""
        message.triaged_at = now
        if message.state == State.NEW or message.queue_id is None:
            message.queue, message._rule = router.route(message)
    _group_duplicates(messages)
    _write(messages)


def _write(messages: Sequence[Message]) -> None:
    """One prepared UPDATE run for every message (executemany). Django's
    bulk_update builds a CASE per field and row and spent 80% of triage time
    compiling it; this keeps the fields' own conversions (encryption, JSON,
    dates) and passes plain values (text, numbers, booleans, ids) as they are."""
    fields = [Message._meta.get_field(name) for name in FIELDS]
    table = connection.ops.quote_name(Message._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    plain = [f.get_internal_type() in _PLAIN for f in fields]
    rows = []
    for m in messages:
        row = [getattr(m, f.attname) if raw else f.get_db_prep_save(getattr(m, f.attname), connection)
               for f, raw in zip(fields, plain, strict=True)]
        row.append(m.pk)
        rows.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", rows)


_PLAIN = frozenset(["CharField", "BooleanField", "FloatField", "PositiveSmallIntegerField", "ForeignKey"])


def _group_duplicates(messages: Sequence[Message]) -> None:
    prints = {m.fingerprint for m in messages if m.fingerprint}
    if not prints:
        for message in messages:
            message.duplicate_of_id = None
        return
    since = timezone.now() - DUPLICATE_WINDOW
    first: dict[str, int] = {}
    earlier = (
        Message.objects.filter(fingerprint__in=prints, received_at__gte=since, duplicate_of__isnull=True)
        .order_by("pk").values_list("fingerprint", "pk")
    )
    for fp, pk in earlier:
        first.setdefault(fp, pk)
    for message in messages:
        if not message.fingerprint:
            message.duplicate_of_id = None
            continue
        original = first.setdefault(message.fingerprint, message.pk)
        message.duplicate_of_id = original if original != message.pk and original < message.pk else None


#: a new review with this many stars or fewer alerts (patient relations, and
#: whoever apps add: the reviewed provider's department leader)
LOW_REVIEW_STARS = 2


def _alert(messages: Sequence[Message]) -> None:
    # One query for the triggers anyone listens to, not five per message;
    # each trigger's rules and each rule's targets once for the batch.
    live = alerts.live_triggers()
    with alerts.lookups_once():
        _alert_each(messages, live)


def _alert_each(messages: Sequence[Message], live: set[str]) -> None:
    for message in messages:
        if message.state != State.NEW:
            continue
        if message.crisis and "crisis" in live:
            alerts.fire("crisis", message)
        if message.phi and "phi" in live:
            alerts.fire("phi", message)
        rule = getattr(message, "_rule", None)
        if rule is not None and rule.alert and "routed" in live:
            alerts.fire("routed", message, note=rule.name)
        if "complaint" in message.intents and "complaint" in live:
            alerts.fire("complaint", message)
        if "new" in live:
            alerts.fire("new", message)
        alerts.tell(message)  # the responsibility matrix's "told" people, rule or none
        if (message.kind == Message.Kind.REVIEW and message.rating is not None
                and message.rating <= LOW_REVIEW_STARS and "low_review" in live):
            alerts.fire("low_review", message, note=f"{message.rating:g} of 5 stars")
        # A crisis (or an alerted PHI message) that reached nobody (no rule,
        # nobody on call, every delivery failed) alerts every admin instead.
        if message.crisis or message.phi:
            escalation.ensure_reached(message)
