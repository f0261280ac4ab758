"""WebMD Care stand-in: provider pages (HTML), the search results page, robots.txt, and cut-off pages."""

from __future__ import annotations

from tests.standin.healthgrades import serve_provider_pages
from tests.standin.server import StandIn


def register(server: StandIn) -> None:
    serve_provider_pages(
        server,
        "webmd",
        {
            "/doctor/amara-okafor-7f3c2a91-overview": "webmd/provider.html",
            "/doctor/luis-ortega-b81d0e44-overview": "webmd/provider-html-only.html",
            "/doctor/private-hidden-00000000-overview": "webmd/provider.html",
            "/doctor/broken-page-11111111-overview": "webmd/provider-broken.html",
        },
        search=("/results", "q", "cd"),
    )
