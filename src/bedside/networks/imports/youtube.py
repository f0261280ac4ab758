"""YouTube Studio analytics export ("Advanced mode" > Export > CSV, ``Table data.csv``).

With "Content" as the dimension each row is one video; the first row is the
channel's "Total" and is skipped. Which metric columns appear depends on what
was shown when exporting, so every metric is optional.
"""

from __future__ import annotations

import re
from typing import Any

from ..records import Post
from .base import Format, ImportResult, Problems, Row, RowError, first_of, lowered

NAME = "youtube-studio"
CONTENT, TITLE, PUBLISHED = "content", "video title", "video publish time"
# Studio writes "Mar 4, 2024" in English exports; ISO in some locales.
parse_published = first_of(("%b %d, %Y", "%B %d, %Y", "%Y-%m-%d", "%d %b %Y"))
#: export column (lower case) -> Post.extra key
EXTRA_COUNTS = {
    "subscribers": "subscribers_gained",  # net: gained less lost
    "impressions": "impressions",
}
#: when both are exported, gained and lost are kept apart too
EXTRA_SPLIT = {"subscribers gained": "subscribers_gained_gross", "subscribers lost": "subscribers_lost"}
EXTRA_NUMBERS = {
    "watch time (hours)": "watch_time_hours",
    "impressions click-through rate (%)": "impressions_ctr",
    "average percentage viewed (%)": "average_percentage_viewed",
}
_VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")


def read(path: str, header: list[str], rows: list[tuple[int, list[str]]], options: dict[str, Any]) -> ImportResult:
    columns, labels = lowered(header)
    handle = options.get("handle") or ""
    errors: list[RowError] = Problems()
    records: list[Any] = []
    for number, cells in rows:
        row = Row(path, number, dict(zip(columns, cells, strict=False)), errors, labels)
        video = row.text(CONTENT, required=True)
        if video.lower() == "total":
            continue
        if video and not _VIDEO_ID.fullmatch(video):
            row.fail(CONTENT, f"{video!r} is not a YouTube video id (export with Content as the dimension)")
        published = row.when(PUBLISHED, parse_published, expected="Mar 4, 2024")
        views = row.count("views")
        likes = row.count("likes")
        comments = row.count("comments added")
        shares = row.count("shares")
        extra: dict[str, int | float | None] = {
            key: value for column, key in EXTRA_COUNTS.items() if (value := _signed(row, column)) is not None
        }
        extra.update({key: value for column, key in EXTRA_SPLIT.items() if (value := row.count(column)) is not None})
        extra.update(
            {key: value for column, key in EXTRA_NUMBERS.items() if (value := row.number(column)) is not None}
        )
        duration = row.count("duration")
        if duration is not None:
            extra["duration_seconds"] = duration
        if row.failed or published is None:
            continue
        records.append(
            Post(
                network="youtube",
                external_id=video,
                author_handle=handle,
                published_at=published,
                text=row.text(TITLE),
                url=f"https://www.youtube.com/watch?v={video}",
                media_type="video",
                likes=likes,
                comments=comments,
                shares=shares,
                views=views,
                extra=extra,
            )
        )
    organization = options.get("organization")
    organizations = {("youtube", handle): organization} if organization and handle else {}
    return ImportResult(records, errors, NAME, organizations)


def _signed(row: Row, column: str) -> int | None:
    # Subscribers per video is a net figure: a video can lose more than it gains.
    value = row.raw(column)
    if value.startswith("-") and value[1:].replace(",", "").isdigit():
        return -int(value[1:].replace(",", ""))
    return row.count(column)


FORMAT = Format(
    name=NAME,
    label="YouTube Studio export (Table data.csv)",
    signature=frozenset({CONTENT, TITLE, PUBLISHED, "views"}),
    read=read,
)
