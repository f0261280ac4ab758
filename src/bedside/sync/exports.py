"""Export stored profile snapshots in the snapshot CSV (docs/snapshot-csv.md)
or as JSON, streamed row by row so memory stays flat however many there are.

The CSV is the one ``bedside import`` reads, so an export imports back as the
same snapshots. Network-specific counts keep their values under snake_case
column names (YouTube's ``viewCount`` becomes ``view_count``), as the format
wants lower-case column names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import QuerySet

from bedside import spreadsheets
from bedside.benchmark.models import Snapshot
from bedside.networks.imports.snapshots import REQUIRED

CORE = [*REQUIRED, "following", "posts"]
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_OTHER = re.compile(r"[^a-z0-9_]+")


def snapshots(organization: str | None = None) -> QuerySet[Snapshot]:
    found = Snapshot.objects.select_related("channel__organization")
    if organization:
        found = found.filter(channel__organization__name__iexact=organization)
    return found.order_by("channel__organization__name", "channel__network", "channel__handle", "date")


def column_name(key: str) -> str:
    name = _OTHER.sub("_", _CAMEL.sub("_", key).lower()).strip("_") or "count"
    if not name[0].isalpha():
        name = f"count_{name}"
    # A network's own count must never overwrite a core column on import.
    return f"{name}_count" if name in CORE else name


def write_csv(found: QuerySet[Snapshot], out: IO[str]) -> tuple[int, int]:
    """Write the snapshot CSV; returns (rows, values left out because the
    format holds whole counts only — JSON keeps them)."""
    # Only columns with at least one whole count: a column of nothing but
    # left-out values would come back from an import as a different file.
    extra_columns = sorted({column_name(k) for extra in found.values_list("extra", flat=True).iterator()
                            for k, v in (extra or {}).items() if _count(v) != ""})
    writer = spreadsheets.writer(out, lineterminator="\n")
    writer.writerow([*CORE, *extra_columns])
    rows = skipped = 0
    for snapshot in found.iterator(chunk_size=2000):
        channel = snapshot.channel
        cells = [channel.organization.name, channel.network, channel.handle, snapshot.date.isoformat(),
                 _count(snapshot.followers), _count(snapshot.following), _count(snapshot.posts)]
        extra = {column_name(k): v for k, v in (snapshot.extra or {}).items()}
        skipped += sum(1 for value in extra.values() if value is not None and _count(value) == "")
        cells.extend(_count(extra.get(name)) for name in extra_columns)
        writer.writerow(cells)
        rows += 1
    return rows, skipped


def write_json(found: QuerySet[Snapshot], out: IO[str]) -> int:
    out.write("[")
    rows = 0
    for snapshot in found.iterator(chunk_size=2000):
        out.write(",\n " if rows else "\n ")
        json.dump(as_json(snapshot), out, sort_keys=True)
        rows += 1
    out.write("\n]\n" if rows else "]\n")
    return rows


def as_json(snapshot: Snapshot) -> dict[str, Any]:
    channel = snapshot.channel
    return {
        "organization": channel.organization.name,
        "network": channel.network,
        "handle": channel.handle,
        "date": snapshot.date.isoformat(),
        "taken_at": snapshot.taken_at.isoformat(),
        "followers": snapshot.followers,
        "following": snapshot.following,
        "posts": snapshot.posts,
        "extra": snapshot.extra,
        "source": snapshot.source,
    }


def _count(value: Any) -> str:
    """A whole count as text, empty for unknown (never 0 for "no data")."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value) if value >= 0 else ""
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return str(int(value))
    return ""


def iter_snapshot_dicts(organization: str | None = None) -> Iterator[dict[str, Any]]:
    for snapshot in snapshots(organization).iterator(chunk_size=2000):
        yield as_json(snapshot)
