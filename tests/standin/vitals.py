"""Vitals stand-in: provider pages (HTML), the search results page, robots.txt, and cut-off pages."""

from __future__ import annotations

from tests.standin.healthgrades import serve_provider_pages
from tests.standin.server import StandIn


def register(server: StandIn) -> None:
    serve_provider_pages(
        server,
        "vitals",
        {
            "/doctors/Dr_Priya_Raman.html": "vitals/provider.html",
            "/doctors/Dr_Amara_Okafor.html": "vitals/okafor.html",
        },
        search=("/search", "q", "loc"),
    )
