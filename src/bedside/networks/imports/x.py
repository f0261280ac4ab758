"""X (Twitter) analytics "tweet activity" export (analytics > Tweets > Export data).

One row per post with its public and private counts. Spreadsheet programs love
to round the 19-digit post ids into ``1.76E+18``; such a row is refused, since
the id is what the post is stored under.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..records import Post
from .base import Format, ImportResult, Problems, Row, RowError, first_of, iso_date, lowered

NAME = "x-tweet-activity"
ID, PERMALINK, TEXT, TIME = "Tweet id", "Tweet permalink", "Tweet text", "time"
#: export column -> Post.extra key
EXTRA = {
    "engagements": "engagements",
    "user profile clicks": "profile_clicks",
    "url clicks": "url_clicks",
    "hashtag clicks": "hashtag_clicks",
    "detail expands": "detail_expands",
    "media views": "media_views",
    "media engagements": "media_engagements",
    "follows": "follows",
    "bookmarks": "bookmarks",
}
_parse_time = first_of(("%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M"))


def parse_time(value: str) -> Any:
    try:
        return _parse_time(value)
    except ValueError:
        return iso_date(value)


def read(path: str, header: list[str], rows: list[tuple[int, list[str]]], options: dict[str, Any]) -> ImportResult:
    # The export's capitalisation has changed over the years: match any case.
    columns, labels = lowered(header)
    errors: list[RowError] = Problems()
    records: list[Any] = []
    handles: set[str] = set()
    for number, cells in rows:
        row = Row(path, number, dict(zip(columns, cells, strict=False)), errors, labels)
        tweet_id = row.text(ID.lower(), required=True)
        if tweet_id and not re.fullmatch(r"\d+", tweet_id):
            row.fail(ID.lower(), f"{tweet_id!r} is not a post id (a spreadsheet may have rounded it)")
        permalink = row.text(PERMALINK.lower())
        author = options.get("handle") or _author(permalink)
        published = row.when(TIME, parse_time, expected="YYYY-MM-DD HH:MM +0000")
        counts = {name: row.count(name) for name in ("impressions", "retweets", "replies")}
        # Exports before 2015 call likes "favorites".
        counts["likes"] = row.count("likes" if "likes" in columns else "favorites")
        extra: dict[str, int | float | None] = {
            key: value for column, key in EXTRA.items() if (value := row.count(column)) is not None
        }
        rate = row.number("engagement rate")
        if rate is not None:
            extra["engagement_rate"] = rate
        if row.failed or published is None:
            continue
        handles.add(author)
        records.append(
            Post(
                network="x",
                external_id=tweet_id,
                author_handle=author,
                published_at=published,
                text=row.text(TEXT.lower()),
                url=permalink,
                likes=counts["likes"],
                comments=counts["replies"],
                shares=counts["retweets"],
                views=counts["impressions"],
                extra=extra,
            )
        )
    organization = options.get("organization")
    organizations = {("x", h): organization for h in handles if h} if organization else {}
    return ImportResult(records, errors, NAME, organizations)


def _author(permalink: str) -> str:
    # https://twitter.com/RiversideHealth/status/1765432109876543210
    segments = [s for s in urlsplit(permalink).path.split("/") if s]
    return segments[0] if len(segments) >= 3 and segments[1] == "status" else ""


FORMAT = Format(
    name=NAME,
    label="X (Twitter) tweet activity export",
    signature=frozenset({ID.lower(), PERMALINK.lower(), TIME.lower(), "impressions"}),
    read=read,
)
