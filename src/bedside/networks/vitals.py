"""Vitals provider pages (no API): listing details, rating and review count.

Read exactly like Healthgrades (robots.txt, a delay, JSON-LD first); only the
HTML fallbacks and the search page differ. The handle is the provider page URL.
"""

from __future__ import annotations

from typing import ClassVar

from .healthgrades import ProviderPageClient
from .provider_search import SearchPage


class VitalsClient(ProviderPageClient):
    slug: ClassVar[str] = "vitals"
    label: ClassVar[str] = "Vitals"
    default_base_url: ClassVar[str] = "https://www.vitals.com"
    selectors: ClassVar[dict[str, tuple[str, ...]]] = {
        "name": (".provider-header .name", ".doctor-name"),
        "specialty": (".provider-header .specialty", ".specialty"),
        "address": (".location-address", ".address"),
        "phone": (".location-phone", 'a[href^="tel:"]'),
        "rating": (".rating-summary .rating-score",),
        "review_count": (".rating-summary .review-count",),
    }
    search_page: ClassVar[SearchPage | None] = SearchPage(
        path="/search", name_param="q", place_param="loc", card=".search-result", link="a.provider-link",
        fields={"name": (".provider-link",), "specialty": (".specialty",), "address": (".address",),
                "rating": (".rating-score",), "review_count": (".review-count",)},
    )
