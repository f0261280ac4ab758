"""Zocdoc provider pages (no public API): listing details, rating and review count.

Read exactly like Healthgrades (robots.txt, a delay, JSON-LD first, then the
page's markup). The handle is the provider page URL,
``https://www.zocdoc.com/doctor/<name>-<id>``. Zocdoc books through its own
pages, so a listing there often shows no phone: the accuracy check then
leaves the phone out (a missing phone is the site's choice), as it does on
every site.
"""

from __future__ import annotations

from typing import ClassVar

from .healthgrades import ProviderPageClient
from .provider_search import SearchPage


class ZocdocClient(ProviderPageClient):
    slug: ClassVar[str] = "zocdoc"
    label: ClassVar[str] = "Zocdoc"
    default_base_url: ClassVar[str] = "https://www.zocdoc.com"
    selectors: ClassVar[dict[str, tuple[str, ...]]] = {
        "name": ('[data-test="doctor-name"]',),
        "specialty": ('[data-test="doctor-specialty"]',),
        "address": ('[data-test="location-address"]',),
        "phone": ('[data-test="location-phone"]',),
        "rating": ('[data-test="rating-value"]',),
        "review_count": ('[data-test="review-count"]',),
    }
    search_page: ClassVar[SearchPage | None] = SearchPage(
        path="/search",
        name_param="searchText",
        place_param="address",
        card='[data-test="search-result"]',
        link='a[data-test="doctor-card-name"]',
        fields={
            "name": ('[data-test="doctor-card-name"]',),
            "specialty": ('[data-test="doctor-card-specialty"]',),
            "address": ('[data-test="doctor-card-address"]',),
            "rating": ('[data-test="doctor-card-rating"]',),
            "review_count": ('[data-test="doctor-card-review-count"]',),
        },
    )
