"""Zocdoc stand-in: provider pages (HTML), the search results page, robots.txt, and cut-off pages."""

from __future__ import annotations

from tests.standin.healthgrades import serve_provider_pages
from tests.standin.server import StandIn


def register(server: StandIn) -> None:
    serve_provider_pages(
        server,
        "zocdoc",
        {
            "/doctor/amara-okafor-md-448812": "zocdoc/provider.html",
            "/doctor/luis-ortega-do-551207": "zocdoc/provider-html-only.html",
            "/doctor/private-hidden-000001": "zocdoc/provider.html",
        },
        search=("/search", "searchText", "address"),
    )
