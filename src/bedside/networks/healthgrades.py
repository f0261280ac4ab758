"""Healthgrades provider pages (no API): listing details, rating and review count.

The handle is the provider page URL. Pages are read with :class:`PoliteFetcher`
(robots.txt, a delay between requests, Bedside's User-Agent). The page is read
first from its schema.org JSON-LD (``Physician`` with an ``AggregateRating``),
which survives redesigns far better than markup, and field by field from the
HTML where the JSON-LD is missing or silent. :class:`ProviderPageClient` is
shared with the Vitals, WebMD Care and Zocdoc clients, which differ only in
their HTML fallbacks and where their public search page lives.

``search_listings(name, city)`` reads the site's public search results page the
same polite way (:mod:`bedside.networks.provider_search`), to propose
candidates a person confirms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from . import provider_search
from .base import NetworkClient
from .errors import PayloadError, PermanentError
from .provider_search import SearchPage
from .records import Listing
from .schema_org import first_text, from_json_ld, listing_from
from .website import PoliteFetcher, site_root

#: field -> CSS selectors tried in order when JSON-LD does not give the field.
#: schema.org microdata (itemprop) works on most provider sites, so it is last
#: for every site.
MICRODATA: dict[str, tuple[str, ...]] = {
    "name": ("[itemprop=name]",),
    "specialty": ("[itemprop=medicalSpecialty]",),
    "address": ("[itemprop=address]",),
    "phone": ("[itemprop=telephone]",),
    "rating": ("[itemprop=ratingValue]",),
    "review_count": ("[itemprop=reviewCount]", "[itemprop=ratingCount]"),
}


class ProviderPageClient(NetworkClient):
    """A provider review site read from its public pages."""

    capabilities: ClassVar[frozenset[str]] = frozenset({"listing"})
    public_reads: ClassVar[bool] = True
    handle_is_url: ClassVar[bool] = True
    kind: ClassVar[str] = "listing"
    delay: ClassVar[float] = 5.0  # seconds between requests to the same site
    selectors: ClassVar[dict[str, tuple[str, ...]]] = {}
    #: the site's public search results page (see provider_search.SearchPage)
    search_page: ClassVar[SearchPage | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One fetcher per site: robots.txt is read once and the delay holds
        # across a batch of listings.
        self._fetchers: dict[str, PoliteFetcher] = {}

    def listing(self, handle: str) -> Listing:
        parts = urlsplit(handle)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PermanentError(self.slug, f"handle must be the provider page URL, got {handle!r}")
        html = self._fetcher(handle).get(handle)
        return read_provider_page(self.slug, handle, html, _merge(self.selectors, MICRODATA))

    def search_listings(self, term: str, location: str, *, categories: str = "", limit: int = 10) -> list[Listing]:
        """Providers matching ``term`` near ``location`` from the site's public
        search page, read politely; a person confirms which one is theirs.
        ``categories`` is Yelp's filter and means nothing here."""
        if self.search_page is None:
            raise PermanentError(self.slug, f"{self.label} has no search page Bedside reads")
        root = (self.base_url or self.default_base_url).rstrip("/")
        url = self.search_page.url(root, term, location)
        return provider_search.search(self.slug, url, self._fetcher(url).get(url), self.search_page, root=root,
                                      limit=limit)

    def _fetcher(self, url: str) -> PoliteFetcher:
        root = site_root(url, self.base_url)
        if root not in self._fetchers:
            self._fetchers[root] = PoliteFetcher(self.slug, self.http, root, delay=self.delay)
        return self._fetchers[root]


class HealthgradesClient(ProviderPageClient):
    slug: ClassVar[str] = "healthgrades"
    label: ClassVar[str] = "Healthgrades"
    default_base_url: ClassVar[str] = "https://www.healthgrades.com"
    selectors: ClassVar[dict[str, tuple[str, ...]]] = {
        "name": ('[data-qa-target="ProviderDisplayName"]',),
        "specialty": ('[data-qa-target="ProviderDisplaySpecialty"]',),
        "address": ('[data-qa-target="provider-office-address"]', "address"),
        "phone": ('[data-qa-target="provider-phone-number"]', 'a[href^="tel:"]'),
        "rating": ('[data-qa-target="overall-rating"]',),
        "review_count": ('[data-qa-target="total-ratings"]',),
    }
    # Healthgrades' public "find a doctor" results: /usearch?what=NAME&where=CITY
    search_page: ClassVar[SearchPage | None] = SearchPage(
        path="/usearch", name_param="what", place_param="where",
        card='[data-qa-target="search-result-card"]', link='a[data-qa-target="provider-details-link"]',
        fields={
            "name": ('[data-qa-target="provider-details-link"]',),
            "specialty": ('[data-qa-target="provider-specialty"]',),
            "address": ('[data-qa-target="provider-address"]',),
            "rating": ('[data-qa-target="star-rating"]',),
            "review_count": ('[data-qa-target="star-rating-count"]',),
        },
    )


def read_provider_page(
    network: str, url: str, html: str, selectors: Mapping[str, tuple[str, ...]]
) -> Listing:
    """A :class:`Listing` from a provider page, JSON-LD first, then ``selectors``.

    A page cut off in transit still gives what it has, with ``extra["partial"]``
    set; a page with no provider name at all is a :class:`PayloadError`.
    """
    soup = BeautifulSoup(html, "html.parser")
    found = from_json_ld(soup)
    for field, choices in selectors.items():
        if not found.get(field):
            found[field] = first_text(soup, choices)
    truncated = "</html>" not in html[-4096:].lower()
    if not found.get("name"):
        reason = "page is truncated" if truncated else "no provider name in JSON-LD or the page"
        raise PayloadError(network, url, reason)
    return listing_from(network, url, found, truncated=truncated)


def _merge(
    first: Mapping[str, tuple[str, ...]], then: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    return {field: (*first.get(field, ()), *then.get(field, ())) for field in {**then, **first}}
