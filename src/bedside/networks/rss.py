"""Blogs and podcasts through their RSS or Atom feed (the handle is the feed URL).

feedparser does the parsing, including the iTunes podcast tags. Feeds are not
paged, except the archives of RFC 5005 (``<link rel="next">``), which become the
cursor. A feed cut off in transit is refused with a :class:`PayloadError` rather
than read as a shorter feed, because a sync would otherwise think posts vanished.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import xml.sax
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import feedparser
from bs4 import BeautifulSoup

from .base import NetworkClient
from .errors import PayloadError, PermanentError
from .parsing import now, page
from .records import Page, Post, ProfileStats

_CLOSING = re.compile(rb"</(?:[\w-]+:)?(?:rss|feed|RDF)\s*>\s*$", re.IGNORECASE)
_TEXT_LIMIT = 2000


class FeedClient(NetworkClient):
    slug: ClassVar[str] = "rss"
    label: ClassVar[str] = "Blog or podcast feed"
    default_base_url: ClassVar[str] = ""
    capabilities: ClassVar[frozenset[str]] = frozenset({"profile", "posts"})
    public_reads: ClassVar[bool] = True
    handle_is_url: ClassVar[bool] = True
    kind: ClassVar[str] = "feed"

    def profile(self, handle: str) -> ProfileStats:
        parsed = self._fetch(handle)
        feed = parsed.feed
        image = feed.get("image") or {}
        return ProfileStats(
            network=self.slug,
            external_id=feed.get("id") or handle,
            handle=handle,
            taken_at=now(),
            name=_plain(feed.get("title", "")),
            description=_plain(feed.get("subtitle", "")),
            url=feed.get("link", ""),
            avatar_url=image.get("href", "") or feed.get("itunes_image", {}).get("href", ""),
            website=feed.get("link", ""),
            # A feed lists only its latest items, so it cannot say how many
            # posts exist in all: that count stays unknown.
            posts=None,
            extra={"items_in_feed": len(parsed.entries)},
        )

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        url = cursor or handle
        parsed = self._fetch(url)
        fallback = _struct_time(parsed.feed.get("updated_parsed"))
        language = str(parsed.feed.get("language") or "")
        next_url = next(
            (link.get("href") for link in parsed.feed.get("links", []) if link.get("rel") == "next"),
            None,
        )
        # An item without a date in a feed without one costs only that item.
        return page(self.slug, parsed.entries, lambda entry, where: self._post(handle, entry, where, fallback, language),
                    next_url or None, f"{url} entries[{{}}]")

    # -- internals -------------------------------------------------------------
    def _fetch(self, url: str) -> Any:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PermanentError(self.slug, f"handle must be the feed's URL, got {url!r}")
        response = self.http.request("GET", url)
        body = response.content
        parsed = feedparser.parse(body, response_headers={"content-type": response.headers.get("content-type", "")})
        error = parsed.get("bozo_exception")
        if isinstance(error, xml.sax.SAXParseException) and not _CLOSING.search(body.strip()):
            raise PayloadError(self.slug, url, f"feed is truncated or not well-formed: {error.getMessage()}")
        if not parsed.version and not parsed.entries:
            raise PayloadError(self.slug, url, "not an RSS or Atom feed")
        return parsed

    def _post(self, handle: str, entry: Any, where: str, fallback: datetime | None, language: str) -> Post:
        published = _struct_time(entry.get("published_parsed")) or _struct_time(entry.get("updated_parsed"))
        if published is None:
            published = fallback
        if published is None:
            raise PayloadError(self.slug, f"{where}.published", "entry has no date and the feed none either")
        link = entry.get("link", "")
        external_id = entry.get("id") or link or _digest(entry.get("title", ""), published)
        media_type, extra = _media(entry)
        title = _plain(entry.get("title", ""))
        summary = _plain(entry.get("summary", ""))
        text = f"{title}\n\n{summary}".strip() if summary and summary != title else title
        return Post(
            network=self.slug,
            external_id=external_id,
            author_handle=handle,
            published_at=published,
            text=text[:_TEXT_LIMIT],
            url=link,
            media_type=media_type,
            extra=extra,
            language=str(entry.get("language") or language),
        )


def _media(entry: Any) -> tuple[str, dict[str, int | float | None]]:
    extra: dict[str, int | float | None] = {}
    media_type = "text"
    for enclosure in entry.get("enclosures", []):
        kind = (enclosure.get("type") or "").split("/")[0]
        if kind in ("audio", "video", "image"):
            media_type = kind
            length = enclosure.get("length")
            if length and str(length).isdigit():
                extra["enclosure_bytes"] = int(length)
            break
    duration = _duration(entry.get("itunes_duration"))
    if duration is not None:
        extra["duration_seconds"] = duration
        if media_type == "text":
            media_type = "audio"  # an iTunes duration without enclosure type is a podcast episode
    for tag in ("itunes_episode", "itunes_season"):
        value = str(entry.get(tag) or "").strip()
        if value.isdigit():
            extra[tag.removeprefix("itunes_")] = int(value)
    return media_type, extra


def _duration(value: Any) -> int | None:
    """iTunes durations come as seconds, MM:SS or HH:MM:SS."""
    if not value:
        return None
    parts = str(value).strip().split(":")
    if not all(p.isdigit() for p in parts) or len(parts) > 3:
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds


def _struct_time(value: Any) -> datetime | None:
    # feedparser normalises every date format to a UTC struct_time.
    if not value:
        return None
    return datetime.fromtimestamp(calendar.timegm(value), UTC)


def _plain(html: str) -> str:
    if "<" not in html and "&" not in html:
        return html.strip()
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def _digest(title: str, published: datetime) -> str:
    # Stable across syncs so the upsert key does not change for id-less items.
    return hashlib.sha256(f"{published.isoformat()}|{title}".encode()).hexdigest()[:16]
