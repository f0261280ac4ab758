"""Bedside's own CSV of profile snapshots (documented in docs/snapshot-csv.md).

For peers' numbers collected by hand or from another tool: one row per
profile per date. Only organization, network, handle, date and followers are
required; every other count is optional and an empty cell means "not known".
"""

from __future__ import annotations

import re
from typing import Any

from ...spreadsheets import unescape
from ..records import ProfileStats
from ..registry import NETWORKS
from .base import Format, ImportResult, Problems, Row, RowError, iso_date

NAME = "bedside-snapshots"
REQUIRED = ("organization", "network", "handle", "date", "followers")
#: optional columns with a place of their own in ProfileStats
TEXT = ("name", "url")
COUNTS = ("following", "posts")
#: optional counts kept under their own name in ProfileStats.extra; any other
#: snake_case column is read as a count too, so a team can add its own.
EXTRA = ("likes", "talking_about", "views", "engagements", "comments", "shares", "subscribers", "reviews")
_COLUMN = re.compile(r"[a-z][a-z0-9_]*")


def read(path: str, header: list[str], rows: list[tuple[int, list[str]]], options: dict[str, Any]) -> ImportResult:
    columns = [h.strip().lower() for h in header]
    errors: list[RowError] = Problems()
    for column in columns:
        if column and not _COLUMN.fullmatch(column):
            errors.append(RowError(path, 1, column, "column names are lower-case letters, digits and _"))
    if errors:
        return ImportResult([], errors, NAME)
    extras = [c for c in columns if c and c not in (*REQUIRED, *TEXT, *COUNTS)]
    records: list[Any] = []
    organizations: dict[tuple[str, str], str] = {}
    seen: dict[tuple[str, str, str], int] = {}
    first_org_row: dict[tuple[str, str], int] = {}
    for number, cells in rows:
        row = Row(path, number, dict(zip(columns, cells, strict=False)), errors)
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
            row.fail(f"column {len(columns) + 1}", "has a value but no header")
        # Our own export escapes names that would run as a spreadsheet formula.
        organization = unescape(row.text("organization", required=True))
        network = row.text("network", required=True).lower()
        if network and network not in NETWORKS:
            row.fail("network", f"unknown network {network!r}; expected one of {', '.join(NETWORKS)}")
        handle = unescape(row.text("handle", required=True))  # an @handle is escaped too
        taken_at = row.when("date", iso_date, expected="YYYY-MM-DD")
        followers = row.count("followers", required=True)
        following = row.count("following")
        posts = row.count("posts")
        extra = {name: value for name in extras if (value := row.count(name)) is not None}
        if row.failed or taken_at is None:
            continue
        key = (network, handle.lower())
        owner = organizations.get((network, handle))
        if owner is not None and owner != organization:
            row.fail("organization", f"{network} {handle} belongs to {owner!r} on row {first_org_row[key]}")
            continue
        day = (network, handle.lower(), taken_at.isoformat())
        if day in seen:
            row.fail("date", f"a second snapshot of {network} {handle} on this date (first on row {seen[day]})")
            continue
        seen[day] = number
        organizations[(network, handle)] = organization
        first_org_row.setdefault(key, number)
        records.append(
            ProfileStats(
                network=network,
                external_id=handle,
                handle=handle,
                taken_at=taken_at,
                name=row.text("name"),
                url=row.text("url"),
                followers=followers,
                following=following,
                posts=posts,
                extra=extra,
            )
        )
    return ImportResult(records, errors, NAME, organizations)


FORMAT = Format(
    name=NAME,
    label="Bedside profile snapshots",
    signature=frozenset(REQUIRED),
    read=read,
)
