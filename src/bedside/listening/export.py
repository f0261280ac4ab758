"""Export a search's mentions over a date range as CSV or JSON Lines.

Bodies are PHI-adjacent and encrypted at rest: they are decrypted here only,
a chunk of rows at a time, and written straight to the caller's stream (a
streamed HTTP response or a file), never logged and never kept. Mentions
retention has given up are left out even before the daily purge deletes
them; those a legal hold keeps are in, marked ``legal_hold``. Whoever asks
is recorded in the audit log as having read them (how many, which range and
filters, never a body)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, QuerySet, Value
from django.http import HttpRequest

from bedside import spreadsheets
from bedside.listening import retention
from bedside.listening.filters import Filters
from bedside.listening.models import Mention, SavedSearch
from bedside.workspace import audit, holds
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can

FORMATS = ("csv", "jsonl")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
COLUMNS = ["id", "source", "external_id", "published_at", "author_handle", "author_name", "url", "language",
           "place", "author_location", "sentiment", "sentiment_score", "intent", "intents", "crisis", "phi",
           "spam", "needs_review", "legal_hold", "body"]
CHUNK = 500  # rows decrypted at a time: memory stays flat however many there are
MAX_DAYS = 366


class ExportError(ValueError):
    """A request that cannot be exported; says which part is wrong."""


@dataclass(frozen=True)
class Range:
    """Days posted, both included, in UTC."""

    since: date
    until: date

    @classmethod
    def read(cls, since: str | date | None, until: str | date | None, *, today: date | None = None) -> Range:
        today = today or datetime.now(UTC).date()
        end = _day("until", until) or today
        start = _day("since", since) or end - timedelta(days=29)
        if start > end:
            raise ExportError(f"since ({start}) is after until ({end}); the range must start before it ends")
        if (end - start).days + 1 > MAX_DAYS:
            raise ExportError(f"the range is {(end - start).days + 1} days; export at most {MAX_DAYS} at a time")
        return cls(start, end)

    def bounds(self) -> tuple[datetime, datetime]:
        return (datetime.combine(self.since, time.min, tzinfo=UTC),
                datetime.combine(self.until + timedelta(days=1), time.min, tzinfo=UTC))


def _day(name: str, value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ExportError(f"{name}={value[:20]!r} is not a date; write it as YYYY-MM-DD") from None


def check_format(value: str) -> str:
    fmt = (value or "csv").strip().lower()
    if fmt not in FORMATS:
        raise ExportError(f"format={value[:10]!r} is not one of {', '.join(FORMATS)}")
    return fmt


def may_export(user: Any) -> bool:
    """Exports take bodies out in bulk: those who run the searches (admins,
    social managers) and compliance, each of whom may also open a mention;
    a responder opens mentions one at a time and a viewer not at all."""
    return user_can(user, Can.READ_MESSAGES) and (user_can(user, Can.MANAGE_ORGS) or user_can(user, Can.APPROVE))


def mentions(search: SavedSearch, days: Range, filters: Filters) -> QuerySet[Mention]:
    start, end = days.bounds()
    found = filters.apply(Mention.objects.filter(searches=search, published_at__gte=start, published_at__lt=end))
    gone, _ = retention.expired()
    found = found.exclude(pk__in=gone.values("pk"))
    held = holds.held("mentions")
    flag: Any = (Exists(Mention.objects.filter(held, pk=OuterRef("pk"))) if held is not None
                 else ExpressionWrapper(Value(False), output_field=BooleanField()))
    return found.annotate(legal_hold=flag).order_by("published_at", "id")


def record(search: SavedSearch, days: Range, filters: Filters, fmt: str, count: int, *,
           request: HttpRequest | None = None, actor: Any = None, via: str) -> None:
    """The audited read: who exported which mentions (never their text)."""
    audit.record("mentions_exported", search, request=request, actor=actor, detail={
        "since": days.since.isoformat(), "until": days.until.isoformat(), "filters": filters.params(),
        "format": fmt, "mentions": count, "via": via})


def _row(m: Mention) -> dict[str, Any]:
    return {"id": m.pk, "source": m.source, "external_id": m.external_id,
            "published_at": m.published_at.astimezone(UTC).isoformat(), "author_handle": m.author_handle,
            "author_name": m.author_name, "url": m.url, "language": m.language, "place": m.place or "",
            "author_location": m.author_location or "", "sentiment": m.sentiment,
            "sentiment_score": m.sentiment_score, "intent": m.intent, "intents": list(m.intents or []),
            "crisis": m.crisis, "phi": m.phi, "spam": m.spam, "needs_review": m.needs_review,
            "legal_hold": bool(getattr(m, "legal_hold", False)), "body": m.body or ""}


def lines(found: QuerySet[Mention], fmt: str) -> Iterator[str]:
    """The export, a line (or a few) at a time."""
    rows = (_row(m) for m in found.iterator(chunk_size=CHUNK))
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = spreadsheets.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        row["intents"] = " ".join(row["intents"])
        writer.writerow([row[c] for c in COLUMNS])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def filename(search: SavedSearch, days: Range, fmt: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in search.name.lower()).strip("-")[:40] or "search"
    return f"mentions-{slug}-{days.since}-{days.until}.{fmt}"
