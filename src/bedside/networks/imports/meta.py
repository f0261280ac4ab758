"""Meta Business Suite content exports (Insights > Content > Export data, CSV).

Facebook Pages and Instagram accounts export the same shape: one row per post
with ``Post ID``, ``Permalink``, ``Publish time`` and counts. A ``Page ID``
column means Facebook, an ``Account ID`` column Instagram. Publish times are
written without an offset, in the time zone of the person exporting;
Bedside reads them as UTC unless told otherwise.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..records import Post
from .base import Format, ImportResult, Problems, Row, RowError, first_of, lowered

NAME = "meta-content"
parse_time = first_of(("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"))
#: Meta's post types -> Bedside media types
MEDIA = {
    "photos": "image", "photo": "image", "ig image": "image", "ig carousel": "image", "carousel": "image",
    "videos": "video", "video": "video", "reels": "video", "ig reel": "video", "live": "video",
    "links": "link", "link": "link", "text": "text", "status": "text",
}
EXTRA = {"impressions": "impressions", "reach": "reach", "total clicks": "clicks", "link clicks": "link_clicks",
         "saves": "saves", "follows": "follows"}


def read(path: str, header: list[str], rows: list[tuple[int, list[str]]], options: dict[str, Any]) -> ImportResult:
    columns, labels = lowered(header)
    network = "instagram" if "account id" in columns else "facebook"
    errors: list[RowError] = Problems()
    zone = _zone(path, options.get("timezone"), errors)
    if zone is None:
        return ImportResult([], errors, NAME)
    records: list[Any] = []
    handles: set[str] = set()
    for number, cells in rows:
        row = Row(path, number, dict(zip(columns, cells, strict=False)), errors, labels)
        post_id = row.text("post id", required=True)
        published = row.when("publish time", lambda v: parse_time(v).replace(tzinfo=zone), expected="MM/DD/YYYY HH:MM")
        handle = options.get("handle") or row.text("account username") or row.text("page name") or row.text("page id")
        likes = row.count("likes") if "likes" in columns else row.count("reactions")
        counts = {name: row.count(name) for name in ("comments", "shares")}
        extra = {key: value for column, key in EXTRA.items() if (value := row.count(column)) is not None}
        if row.failed or published is None:
            continue
        handles.add(handle)
        text = row.text("description") or row.text("title")
        records.append(
            Post(
                network=network,
                external_id=post_id,
                author_handle=handle,
                published_at=published,
                text=text,
                url=row.text("permalink"),
                media_type=MEDIA.get(row.text("post type").lower(), "text"),
                likes=likes,
                comments=counts["comments"],
                shares=counts["shares"],
                views=None,  # Meta's "Impressions" counts screens, not views: kept in extra
                extra=extra,
            )
        )
    organization = options.get("organization")
    organizations = {(network, h): organization for h in handles if h} if organization else {}
    return ImportResult(records, errors, NAME, organizations)


def _zone(path: str, name: str | None, errors: list[RowError]) -> ZoneInfo | None:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        errors.append(RowError(path, 1, "timezone", f"unknown time zone {name!r}"))
        return None


FORMAT = Format(
    name=NAME,
    label="Meta Business Suite content export (Facebook or Instagram posts)",
    signature=frozenset({"post id", "permalink", "publish time"}),
    read=read,
)
