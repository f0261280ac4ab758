"""Where a saved search looks, and reading one source's public posts.

A source is written as one string so a search can name several:
``bluesky``, ``reddit`` and ``x`` (their public post search; Reddit and X
with the install's app credentials, X where the workspace's access allows),
``youtube`` (search.list for videos, then each video's comments, within a
share of the install key's daily quota), ``mastodon:<instance>`` (the hashtags
of the query, on that instance's public tag timelines; with none, the
instance's local public timeline) and ``rss:<feed URL>``
(any RSS or Atom feed, including a news search's feed). Each network's own
client does the reading, with its stand-in in the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from bedside.channels.clients import install_client
from bedside.listening.query import Query
from bedside.networks import youtube
from bedside.networks.base import NetworkClient
from bedside.networks.errors import NetworkError
from bedside.networks.records import Problem

KINDS = ("bluesky", "reddit", "x", "youtube", "mastodon", "rss")
SEARCHES = ("bluesky", "reddit", "x", "youtube")  # the network's own search, no address
# Politeness: a source's own search is asked for at most this many terms and
# pages per run; the query decides locally on everything that comes back.
MAX_TERMS = 10
MAX_PAGES = 3


class SourceError(ValueError):
    """A source string that cannot be used."""


@dataclass(frozen=True)
class Source:
    kind: str
    where: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.where}" if self.where else self.kind

    def label(self) -> str:
        return {"bluesky": "Bluesky search", "reddit": "Reddit search", "x": "X recent search",
                "youtube": "YouTube videos and their comments", "mastodon": f"Mastodon hashtags (or, with none, the local timeline) on {self.where}",
                "rss": f"Feed {self.where}"}[self.kind]


@dataclass(frozen=True)
class Found:
    """One public post a source returned."""

    source: str  # the network slug the id belongs to
    external_id: str
    author_handle: str
    author_name: str
    text: str
    url: str
    language: str
    published_at: datetime
    # Where the source says the post was made (X's geo place, "Boston, MA"),
    # and the author's profile location where the source returns one (X's
    # user location, a Mastodon profile field named Location); else "".
    place: str = ""
    author_location: str = ""


def parse_source(value: str) -> Source:
    raw = value.strip()
    kind, _, where = raw.partition(":")
    kind = kind.lower()
    if kind not in KINDS:
        raise SourceError(f"{raw!r}: a source is one of bluesky, reddit, x, youtube, mastodon:<instance>, "
                          "rss:<feed URL>")
    if kind in SEARCHES:
        if where:
            raise SourceError(f"{raw!r}: {kind}'s search takes no address; write just {kind}")
        return Source(kind)
    if kind == "mastodon":
        host = where.strip().lower().removeprefix("https://").rstrip("/")
        if not host or "/" in host or "." not in host:
            raise SourceError(f"{raw!r}: name the instance, e.g. mastodon:mastodon.social")
        return Source("mastodon", host)
    parts = urlsplit(where.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SourceError(f"{raw!r}: a feed is an http(s) address, e.g. rss:https://news.example.org/feed.xml")
    return Source("rss", where.strip())


def parse_sources(values: list[str], *, first: int = 1) -> tuple[list[str], list[tuple[int, str]]]:
    """Every source a person gave, in its written form, once each, and what
    is wrong with the others as (position counted from ``first``, message):
    the form says "line N", the API "item N", the CLI the message alone."""
    found: list[str] = []
    errors: list[tuple[int, str]] = []
    for n, value in enumerate(values, first):
        try:
            found.append(str(parse_source(value)))
        except SourceError as exc:
            errors.append((n, str(exc)))
    return list(dict.fromkeys(found)), errors


def read(source: Source, query: Query, *, seen: set[tuple[str, str]] | None = None,
         client: NetworkClient | None = None, problems: list[Problem] | None = None,
         units: int | None = None) -> Iterator[Found]:
    """Everything ``source`` returns for ``query``, newest first, paging until
    a page holds nothing new (``seen``: ids already stored) or MAX_PAGES.
    ``units``: the quota units this read may spend, for a client that counts
    them (YouTube); no page is asked for that could go past them."""
    seen = seen if seen is not None else set()
    network = "rss" if source.kind == "rss" else source.kind
    client = client or install_client(network)
    if source.kind == "rss":
        terms = [source.where]
    elif source.kind == "mastodon":
        # Hashtags where the query has them; else the instance's local public
        # timeline (""), whose posts store() matches against the whole query.
        terms = query.hashtags() or [""]
    else:
        terms = query.search_terms()
    for term in terms[:MAX_TERMS]:
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            if units is not None and getattr(client, "units_spent", 0) + page_units(source) > units:
                return
            page_found, cursor = _page(client, source, term, cursor, problems)
            fresh = [f for f in page_found if (f.source, f.external_id) not in seen]
            yield from fresh
            if not fresh or not cursor:
                break


def page_units(source: Source) -> int:
    """The most quota units one page of ``source`` can cost (0: no quota)."""
    return youtube.SEARCH_PAGE_UNITS if source.kind == "youtube" else 0


def _page(client: NetworkClient, source: Source, term: str, cursor: str | None,
          problems: list[Problem] | None) -> tuple[list[Found], str | None]:
    if source.kind == "rss":
        posts = client.posts(term, cursor)
        if problems is not None:
            problems.extend(posts.problems)
        host = urlsplit(term).netloc
        return [Found("rss", p.external_id, p.author_handle or host, host, p.text, p.url, p.language, p.published_at)
                for p in posts.items], posts.next_cursor
    messages = client.search(term, cursor, where=source.where)
    if problems is not None:
        problems.extend(messages.problems)
    return [Found(m.network, m.external_id, m.author_handle, m.author_name, m.text, m.url, m.language,
                  m.published_at, _text(m.extra.get("place")), _text(m.extra.get("author_location")))
            for m in messages.items], messages.next_cursor


def _text(value: object) -> str:
    return value.strip()[:200] if isinstance(value, str) else ""


__all__ = ["KINDS", "Found", "NetworkError", "Source", "SourceError", "parse_source", "parse_sources", "read"]
