"""A hospital's website, crawled politely for the cross-promotion audit.

``links(homepage)`` reads the homepage and a few pages it links to (about,
contact, newsroom...) and returns every link to a social profile, with where on
the page it sits (header, footer, body) and whether it is shown as an icon.
Share buttons ("tweet this") are not profile links and are left out.

:class:`PoliteFetcher` is the polite way to read someone else's pages, shared
with the Healthgrades and Vitals clients: robots.txt is honoured before any
page is requested, requests are spaced by a delay (the site's Crawl-delay when
it sets a longer one) and carry Bedside's User-Agent.
"""

from __future__ import annotations

import re
import urllib.robotparser
from collections.abc import Iterable
from typing import ClassVar
from urllib.parse import parse_qs, urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from .base import NetworkClient
from .errors import NotFound, PermanentError
from .http import USER_AGENT, HttpTransport
from .records import SiteLink

ROBOTS_AGENT = "Bedside"  # the product token robots.txt groups are matched against
MAX_EXTRA_PAGES = 3
_PAGE_WORDS = ("about", "contact", "connect", "social", "follow", "news", "media", "community")
_SKIP_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".zip", ".mp3", ".mp4", ".doc", ".docx")


class RobotsDisallowed(PermanentError):
    """robots.txt asks agents like Bedside not to fetch this page."""


class PoliteFetcher:
    """Reads pages of one site the way its owner asked in robots.txt."""

    def __init__(self, network: str, http: HttpTransport, root: str, *, delay: float = 1.0) -> None:
        self.network = network
        self.http = http
        self.root = root.rstrip("/")
        self.delay = delay
        self._rules: urllib.robotparser.RobotFileParser | None = None
        self._loaded = False
        self._requests = 0

    def allowed(self, url: str) -> bool:
        rules = self._robots()
        return rules is None or rules.can_fetch(ROBOTS_AGENT, self._relative(url))

    def get(self, url: str) -> str:
        if not self.allowed(url):
            raise RobotsDisallowed(self.network, f"robots.txt of {self.root} disallows {url}")
        self._pause()
        return self.http.request("GET", url, headers={"User-Agent": USER_AGENT}).text

    def _pause(self) -> None:
        if self._requests:
            rules = self._rules
            asked = rules.crawl_delay(ROBOTS_AGENT) if rules is not None else None
            self.http.sleep(max(self.delay, float(asked or 0)))
        self._requests += 1

    def _robots(self) -> urllib.robotparser.RobotFileParser | None:
        if self._loaded:
            return self._rules
        self._loaded = True
        try:
            self._pause()
            text = self.http.request("GET", f"{self.root}/robots.txt", headers={"User-Agent": USER_AGENT}).text
        except (NotFound, PermanentError) as exc:
            # RFC 9309 2.3.1.3: robots.txt "unavailable" (4xx) means no rules.
            if exc.status is not None and 400 <= exc.status < 500:
                return None
            raise
        rules = urllib.robotparser.RobotFileParser()
        rules.parse(text.splitlines())
        self._rules = rules
        return rules

    def _relative(self, url: str) -> str:
        # robots.txt paths are relative to where robots.txt lives (the stand-in
        # serves each site under a prefix; a real site at its origin).
        rest = url[len(self.root):] if url.startswith(self.root) else urlsplit(url).path
        parts = urlsplit(rest)
        path = "/" + parts.path.lstrip("/")
        return f"{path}?{parts.query}" if parts.query else path


def homepage_url(handle: str) -> str:
    """The handle as a URL; people type ``riverside.org`` without a scheme."""
    text = handle.strip()
    if "://" not in text:
        text = f"https://{text}"
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PermanentError("website", f"handle must be the site's address, got {handle!r}")
    return text if parts.path else f"{text}/"


def site_root(url: str, base_url: str) -> str:
    """Where robots.txt lives for ``url``: the configured base URL or the origin."""
    if base_url and (url == base_url or url.startswith(base_url.rstrip("/") + "/")):
        return base_url.rstrip("/")
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Crawl(list[SiteLink]):
    """The links found, plus which pages were cut short or skipped for robots.txt."""

    def __init__(self, links: Iterable[SiteLink] = ()) -> None:
        super().__init__(links)
        self.pages: list[str] = []
        self.partial: list[str] = []  # pages that ended before </html>: maybe more links
        self.skipped: list[str] = []  # pages robots.txt asked us not to read


class WebsiteClient(NetworkClient):
    slug: ClassVar[str] = "website"
    label: ClassVar[str] = "Website"
    default_base_url: ClassVar[str] = ""
    capabilities: ClassVar[frozenset[str]] = frozenset({"links"})
    public_reads: ClassVar[bool] = True
    handle_is_url: ClassVar[bool] = True
    kind: ClassVar[str] = "website"
    delay: ClassVar[float] = 1.0

    def links(self, handle: str) -> Crawl:
        handle = homepage_url(handle)
        root = site_root(handle, self.base_url)
        fetcher = PoliteFetcher(self.slug, self.http, root, delay=self.delay)
        crawl = Crawl()
        seen: set[tuple[str, str, str]] = set()
        html = fetcher.get(handle)
        soup = self._read(crawl, handle, html, seen)
        for page in _pages_worth_reading(soup, handle, root):
            if not fetcher.allowed(page):
                crawl.skipped.append(page)
                continue
            self._read(crawl, page, fetcher.get(page), seen)
        return crawl

    def _read(self, crawl: Crawl, page_url: str, html: str, seen: set[tuple[str, str, str]]) -> BeautifulSoup:
        crawl.pages.append(page_url)
        if "</html>" not in html[-4096:].lower():
            crawl.partial.append(page_url)
        soup = BeautifulSoup(html, "html.parser")
        for link in social_links(soup, page_url):
            # The same profile in the header and the footer is two placements
            # worth reporting; twice in one footer is one.
            key = (link.page_url, link.target_url, link.placement)
            if key not in seen:
                seen.add(key)
                crawl.append(link)
        return soup


# -- recognising social profile links ------------------------------------------

_HOSTS: dict[str, str] = {
    "x.com": "x",
    "twitter.com": "x",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "instagram.com": "instagram",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "pinterest.com": "pinterest",
    "flickr.com": "flickr",
    "bsky.app": "bluesky",
    "reddit.com": "reddit",
    "linkedin.com": "linkedin",
    "tiktok.com": "tiktok",
    "threads.net": "threads",
}
# First path segments that are share buttons, logins or site pages, not profiles.
_NOT_PROFILES = {
    "intent", "share", "sharer", "sharer.php", "home", "login", "signup", "dialog", "plugins",
    "hashtag", "search", "explore", "watch", "embed", "pin", "shareArticle", "sharing", "submit", "tr", "p", "reel",
}


def social_links(soup: BeautifulSoup, page_url: str) -> list[SiteLink]:
    found = []
    for anchor in soup.find_all("a", href=True):
        target = urldefrag(urljoin(page_url, str(anchor["href"]).strip()))[0]
        rel = anchor.get("rel") or []
        recognised = classify(target, rel_me="me" in rel)
        if recognised is None:
            continue
        network, handle = recognised
        found.append(
            SiteLink(
                page_url=page_url,
                target_url=target,
                network=network,
                handle=handle,
                placement=placement(anchor),
                has_icon=is_icon(anchor),
            )
        )
    return found


def classify(url: str, *, rel_me: bool = False) -> tuple[str, str] | None:
    """``(network, handle)`` when ``url`` is a social profile, else ``None``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    host = parts.hostname or ""
    segments = [s for s in parts.path.split("/") if s]
    bare = host.removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    network = _HOSTS.get(bare) or _HOSTS.get(".".join(bare.split(".")[-2:]))
    if network is None:
        # Mastodon has no one host: a rel="me" link to /@name is the convention.
        if rel_me and segments and segments[0].startswith("@") and len(segments[0]) > 1:
            return "mastodon", f"{segments[0]}@{host}"
        return None
    if not segments:
        return None
    handle = _handle(network, segments, parts.query)
    return (network, handle) if handle else None


def _handle(network: str, segments: list[str], query: str) -> str:
    first = segments[0]
    if first in _NOT_PROFILES:
        return ""
    if network == "facebook" and first == "profile.php":
        return (parse_qs(query).get("id") or [""])[0]
    if network == "youtube":
        if first.startswith("@"):
            return first
        if first in ("channel", "user", "c") and len(segments) > 1:
            return f"{first}/{segments[1]}"
        return ""
    if network == "flickr":
        return segments[1] if first in ("photos", "people") and len(segments) > 1 else ""
    if network == "bluesky":
        return segments[1] if first == "profile" and len(segments) > 1 else ""
    if network == "reddit":
        return f"{first}/{segments[1]}" if first in ("r", "u", "user") and len(segments) > 1 else ""
    if network == "linkedin":
        return f"{first}/{segments[1]}" if first in ("company", "in", "school", "showcase") and len(segments) > 1 else ""
    if network == "tiktok":
        return first if first.startswith("@") else ""
    if network == "pinterest" and len(segments) > 1:
        return first  # a board: the profile is its first segment
    return first.lstrip("@")


# "banner" is left out of the class names: hero banners sit in the body.
_HEADER = re.compile(r"(^|[-_ ])(header|masthead|top-?bar)([-_ ]|$)", re.IGNORECASE)
_FOOTER = re.compile(r"(^|[-_ ])(footer|colophon|bottom-?bar)([-_ ]|$)", re.IGNORECASE)
_ICON = re.compile(r"(^|[-_ ])(icon|fa|fab|fa-[\w-]+|bi-[\w-]+|svg-[\w-]+)([-_ ]|$)", re.IGNORECASE)


def placement(anchor: Tag) -> str:
    """header, footer or body, from the nearest landmark around the link.

    A nav decides nothing by itself: a nav inside a footer is the footer; a
    nav on its own is the site navigation at the top, so it counts as header.
    """
    in_nav = False
    for parent in anchor.parents:
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
            break
        role = str(parent.get("role") or "")
        marks = " ".join([str(parent.get("id") or ""), *map(str, parent.get("class") or [])])
        if parent.name == "header" or role == "banner" or _HEADER.search(marks):
            return "header"
        if parent.name == "footer" or role == "contentinfo" or _FOOTER.search(marks):
            return "footer"
        if parent.name == "nav" or role == "navigation":
            in_nav = True
    return "header" if in_nav else "body"


def is_icon(anchor: Tag) -> bool:
    if anchor.find(["img", "svg"]) is not None:
        return True
    for element in [anchor, *anchor.find_all(True)]:
        if any(_ICON.search(str(c)) for c in element.get("class") or []):
            return True
    # An aria-label with no visible words is how icon-only links stay accessible.
    return bool(anchor.get("aria-label")) and not anchor.get_text(strip=True)


def _pages_worth_reading(soup: BeautifulSoup, homepage: str, root: str) -> list[str]:
    scored: list[tuple[int, int, str]] = []
    seen = {urldefrag(homepage)[0].rstrip("/")}
    for order, anchor in enumerate(soup.find_all("a", href=True)):
        url = urldefrag(urljoin(homepage, str(anchor["href"]).strip()))[0]
        key = url.rstrip("/")
        if not url.startswith(root + "/") or key in seen or urlsplit(url).path.lower().endswith(_SKIP_SUFFIXES):
            continue
        seen.add(key)
        words = f"{urlsplit(url).path} {anchor.get_text(' ', strip=True)}".lower()
        if any(word in words for word in _PAGE_WORDS):
            scored.append((0, order, url))
    return [url for _, _, url in sorted(scored)[:MAX_EXTRA_PAGES]]
