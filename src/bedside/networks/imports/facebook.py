"""Facebook Page Insights export, Page level ("Export Data" > Page data, CSV).

One row per day; the row under the header repeats every column with its
description ("Lifetime: The total number of people who have liked your Page.")
and is skipped. The file does not name the Page's handle (only its file name
carries the Page's display name), so pass ``handle=`` to read it as that Page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..records import ProfileStats
from .base import Format, ImportResult, Problems, Row, RowError, first_of

NAME = "facebook-insights"
DATE = "Date"
FOLLOWERS = "Lifetime Total Likes"
#: export column -> ProfileStats.extra key (read where the export has it)
EXTRA = {
    "Daily New Likes": "new_likes",
    "Daily Unlikes": "unlikes",
    "Daily Page Engaged Users": "engaged_users",
    "Daily Total Reach": "reach",
    "Daily Total Impressions": "impressions",
    "Daily Logged-in Page Views": "page_views",
    "Daily Negative Feedback": "negative_feedback",
    "Lifetime Talking About This (Unique Users)": "talking_about",
    "Weekly Talking About This (Unique Users)": "talking_about",
    "Daily Talking About This (Unique Users)": "talking_about_daily",
}
_DESCRIPTION = re.compile(r"^(Lifetime|Daily|Weekly|28 Days)\s*:", re.IGNORECASE)
_FILE_NAME = re.compile(r"Facebook Insights Data Export(?: \(Pages?\))? - (?P<page>.+?) - \d{4}-\d{2}-\d{2}", re.I)
parse_date = first_of(("%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S"))


def read(path: str, header: list[str], rows: list[tuple[int, list[str]]], options: dict[str, Any]) -> ImportResult:
    page_name = page_name_from(path)
    handle = options.get("handle") or page_name
    errors: list[RowError] = Problems()
    if not handle:
        errors.append(RowError(path, 1, "handle", "the export does not name the Page: give its handle"))
        return ImportResult([], errors, NAME)
    columns = [h.strip() for h in header]
    records: list[Any] = []
    for number, cells in rows:
        values = dict(zip(columns, cells, strict=False))
        if not values.get(DATE, "").strip() and any(_DESCRIPTION.match(c.strip()) for c in cells):
            continue  # the descriptions row
        row = Row(path, number, values, errors)
        taken_at = row.when(DATE, parse_date, expected="YYYY-MM-DD or M/D/YY")
        followers = row.count(FOLLOWERS)
        extra = {key: value for column, key in EXTRA.items() if column in values
                 and (value := row.count(column)) is not None}
        if row.failed or taken_at is None:
            continue
        records.append(
            ProfileStats(
                network="facebook",
                external_id=handle,
                handle=handle,
                taken_at=taken_at,
                name=page_name,
                followers=followers,
                extra=extra,
            )
        )
    organizations = {("facebook", handle): options["organization"]} if options.get("organization") else {}
    return ImportResult(records, errors, NAME, organizations)


def page_name_from(path: str) -> str:
    match = _FILE_NAME.search(Path(path).name)
    return match.group("page").strip() if match else ""


FORMAT = Format(
    name=NAME,
    label="Facebook Page Insights export (Page data)",
    signature=frozenset({DATE.lower(), FOLLOWERS.lower()}),
    read=read,
)
