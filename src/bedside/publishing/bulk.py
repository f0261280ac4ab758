"""Posts from a CSV file, all or nothing: every bad cell is reported as
``FILE, row N, COLUMN: message`` (row 1 is the header) and nothing is saved
unless every row is good.

Columns (header names, any order; the first three required):
  title          for the team, never published
  channels       network:handle of our channels, several separated by ";"
  text           the post's words, the same on each channel
  scheduled_at   ISO 8601 with its time zone (2026-12-08T09:00-06:00); empty: not scheduled
  link           tracked with UTM parameters per network
  campaign       an existing campaign's slug
  content_type   patient_story, health_advice, ... (empty: the classifier's)
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from django.db import transaction

from bedside.channels.models import Channel
from bedside.publishing import approval
from bedside.publishing.approval import PostError, VariantInput
from bedside.publishing.models import Campaign, Post

REQUIRED = ("title", "channels", "text")
COLUMNS = (*REQUIRED, "scheduled_at", "link", "campaign", "content_type")
MAX_ROWS = 5000


class ImportError_(Exception):  # noqa: N801 - not the builtin ImportError
    """Every problem found, one ``FILE, row N, COLUMN: message`` per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _when(raw: str) -> datetime:
    try:
        when = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"{raw!r} is not a date and time (write 2026-12-08T09:00-06:00)") from None
    if when.tzinfo is None:
        raise ValueError(f"{raw!r} has no time zone (add Z or an offset such as -06:00)")
    return when


def import_posts(name: str, data: str, author: Any, *, submit: bool = False) -> list[Post]:
    """Read every row, report every problem at once, save all or none.
    ``submit``: each saved post is submitted too (the guard and the approval
    chain decide what is scheduled at once)."""
    problems: list[str] = []
    reader = csv.DictReader(io.StringIO(data.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise ImportError_([f"{name}: the file is empty"])
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if missing or unknown:
        said = [f"{name}, row 1, {c}: a required column is missing" for c in missing]
        said += [f"{name}, row 1, {h}: not a column (columns: {', '.join(COLUMNS)})" for h in unknown]
        raise ImportError_(said)
    channels = {f"{c.network}:{c.handle}".casefold(): c
                for c in Channel.objects.filter(organization__is_ours=True).select_related("organization")}
    campaigns = {c.slug: c for c in Campaign.objects.all()}
    types = dict(approval.compose_types())
    parsed: list[tuple[int, dict[str, Any]]] = []
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            problems.append(f"{name}, row {number}: more than {MAX_ROWS:,} rows; split the file")
            break
        if None in raw:
            problems.append(f"{name}, row {number}: has more cells than the header has columns")
            continue
        row = {k.strip(): (v or "").strip() for k, v in raw.items()}

        def bad(column: str, message: str, number: int = number) -> None:
            problems.append(f"{name}, row {number}, {column}: {message}")

        for column in REQUIRED:
            if not row.get(column):
                bad(column, "is empty")
        picked = []
        for ref in filter(None, (r.strip() for r in row.get("channels", "").split(";"))):
            channel = channels.get(ref.casefold())
            if channel is None:
                bad("channels", f"{ref!r} is not one of our channels (write network:handle, e.g. "
                                "mastodon:riverbend@mastodon.social)")
            else:
                picked.append(channel)
        when = None
        if row.get("scheduled_at"):
            try:
                when = _when(row["scheduled_at"])
            except ValueError as exc:
                bad("scheduled_at", str(exc))
        campaign = None
        if row.get("campaign"):
            campaign = campaigns.get(row["campaign"])
            if campaign is None:
                bad("campaign", f"no campaign has the slug {row['campaign']!r}")
        if row.get("content_type") and row["content_type"] not in types:
            bad("content_type", f"{row['content_type']!r} is not one of {', '.join(types)}")
        parsed.append((number, {"title": row.get("title", ""), "link": row.get("link", ""),
                                "content_type": row.get("content_type", ""), "campaign": campaign,
                                "variants": [VariantInput(c, row.get("text", ""), when) for c in picked]}))
    if problems:
        raise ImportError_(problems)
    if not parsed:
        raise ImportError_([f"{name}: the file has a header and no rows"])
    saved: list[Post] = []
    with transaction.atomic():  # an exception inside undoes every row
        for number, fields in parsed:
            try:
                post = approval.save(author, **fields)
                saved.append(approval.submit(post, author) if submit else post)
            except PostError as exc:
                for where, messages in exc.errors.items():
                    column = "text" if where.startswith("variant_") else where
                    problems += [f"{name}, row {number}, {column}: {m}" for m in messages]
        if problems:
            raise ImportError_(problems)
    return saved
