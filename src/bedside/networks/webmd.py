"""WebMD Care (doctor.webmd.com) provider pages (no API): listing details, rating, review count.

Read exactly like Healthgrades (robots.txt, a delay, JSON-LD first, then the
page's markup). The handle is the provider page URL,
``https://doctor.webmd.com/doctor/<name-and-id>-overview``.
"""

from __future__ import annotations

from typing import ClassVar

from .healthgrades import ProviderPageClient
from .provider_search import SearchPage


class WebMDClient(ProviderPageClient):
    slug: ClassVar[str] = "webmd"
    label: ClassVar[str] = "WebMD Care"
    default_base_url: ClassVar[str] = "https://doctor.webmd.com"
    selectors: ClassVar[dict[str, tuple[str, ...]]] = {
        "name": ("h1.provider-full-name", ".provider-name"),
        "specialty": (".prov-specialty",),
        "address": (".location-address",),
        "phone": (".location-phone", 'a[href^="tel:"]'),
        "rating": (".webmd-rate .avg-rating",),
        "review_count": (".webmd-rate .rating-count",),
    }
    search_page: ClassVar[SearchPage | None] = SearchPage(
        path="/results",
        name_param="q",
        place_param="cd",
        card=".results-card",
        link="a.prov-name",
        fields={
            "name": ("a.prov-name",),
            "specialty": (".prov-specialty",),
            "address": (".prov-address",),
            "phone": (".prov-phone",),
            "rating": (".avg-rating",),
            "review_count": (".rating-count",),
        },
    )
