"""A provider review site's public search results page, read like its provider pages.

Healthgrades, Vitals, WebMD Care and Zocdoc have no search API; each has a
public page listing the providers that match a name near a place. The page is
fetched by the site's client through :class:`~bedside.networks.website.PoliteFetcher`
(robots.txt first: a site that asks robots to stay off its search is answered
with a refusal that says so, never read). Results are read from the page's
schema.org JSON-LD first (an ``ItemList`` of ``Physician`` or
``MedicalBusiness`` nodes, each with the ``url`` of its provider page), then
from the result cards' markup. Each result is a :class:`Listing` whose id is
its provider page's, so confirming a result and later reading the page are
the same listing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

from bs4 import BeautifulSoup

from .errors import PayloadError
from .records import Listing
from .schema_org import first_text, listing_from, node_fields, provider_rank


@dataclass(frozen=True)
class SearchPage:
    """Where a site's search page lives and how its result cards look."""

    path: str  # the search page, relative to the site root
    name_param: str  # the query parameter that takes the provider's name
    place_param: str  # the one that takes "City, ST"
    card: str  # CSS selector of one result in the markup
    link: str  # within a card: the link to the provider page
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # within a card, as page selectors

    def url(self, root: str, term: str, place: str) -> str:
        return f"{root.rstrip('/')}{self.path}?{urlencode({self.name_param: term, self.place_param: place})}"


def search(
    network: str, url: str, html: str, page: SearchPage, *, root: str, limit: int = 10
) -> list[Listing]:
    """The results on one search page, best first as the site ordered them.

    Only links to pages under ``root`` (the site) are results: an
    advertisement's link elsewhere is nobody's listing here.

    A page cut off before any result is a :class:`PayloadError` (an empty
    list would read as "not on this site", a finding nobody should act on);
    cards with no link to a provider page are skipped, and a page whose every
    card lacks one is an error too: the site's markup has changed.
    """
    soup = BeautifulSoup(html, "html.parser")
    truncated = "</html>" not in html[-4096:].lower()
    found = _from_json_ld(soup, root, url) or _from_cards(network, soup, root, url, page)
    results: list[Listing] = []
    seen: set[str] = set()
    for address, fields in found:
        on_site = address == root or address.startswith(root.rstrip("/") + "/")
        if address in seen or not on_site or not fields.get("name"):
            continue
        seen.add(address)
        results.append(listing_from(network, address, fields))
        if len(results) >= max(1, limit):
            break
    if not results and truncated:
        raise PayloadError(network, url, "search page is truncated before any result")
    return results


def _from_json_ld(soup: BeautifulSoup, root: str, url: str) -> list[tuple[str, dict[str, str]]]:
    found = []
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue  # a broken block leaves the markup
        for node in _results(data):
            target = node.get("url")
            if isinstance(target, str) and target.strip():
                found.append((_page_url(root, url, target), node_fields(node)))
    return found


def _results(data: Any) -> Iterator[Mapping[str, Any]]:
    """Provider nodes anywhere in a JSON-LD block (an ItemList's elements, a
    ListItem's ``item``, a page's ``mainEntity``), not descending into one: a
    physician's clinic is no result of its own."""
    if isinstance(data, list):
        for item in data:
            yield from _results(item)
    elif isinstance(data, Mapping):
        if provider_rank(data) is not None and data.get("url"):
            yield data
            return
        for value in data.values():
            if isinstance(value, list | Mapping):
                yield from _results(value)


def _from_cards(
    network: str, soup: BeautifulSoup, root: str, url: str, page: SearchPage
) -> list[tuple[str, dict[str, str]]]:
    cards = soup.select(page.card)
    found = []
    for card in cards:
        link = card.select_one(page.link)
        href = str(link.get("href") or "").strip() if link is not None else ""
        if not href:
            continue
        fields = {name: first_text(card, choices) for name, choices in page.fields.items()}
        if not fields.get("name") and link is not None:
            fields["name"] = " ".join(link.get_text(" ", strip=True).split())
        found.append((_page_url(root, url, href), {k: v for k, v in fields.items() if v}))
    if cards and not found:
        raise PayloadError(network, url, f"{len(cards)} search result(s) with no link to a provider page")
    return found


def _page_url(root: str, search_url: str, href: str) -> str:
    # Search pages link to provider pages with tracking queries (?from=search,
    # #reviews); the page's own address is the listing's. A root-relative link
    # is relative to the site's root, which is the origin on the real site
    # and the configured base URL where the site is served under a prefix.
    if href.startswith("/") and not href.startswith("//"):
        href = root.rstrip("/") + href
    absolute = urldefrag(urljoin(search_url, href))[0]
    parts = urlsplit(absolute)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"
