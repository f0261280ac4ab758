"""Healthgrades stand-in: provider pages (HTML), robots.txt, and cut-off pages."""

from __future__ import annotations

from tests.standin.server import Request, Response, StandIn, fixture

HTML = "text/html; charset=utf-8"


def register(server: StandIn) -> None:
    pages = {
        "/physician/dr-amara-okafor-x7k2p": "healthgrades/provider.html",
        "/physician/dr-luis-ortega-b9q4m": "healthgrades/provider-html-only.html",
        "/physician/private-dr-hidden-z1": "healthgrades/provider.html",
    }
    serve_provider_pages(server, "healthgrades", pages)


def serve_provider_pages(server: StandIn, slug: str, pages: dict[str, str]) -> None:
    def robots(request: Request) -> Response:
        return Response(body=fixture(f"{slug}/robots.txt"), content_type="text/plain")

    def page(request: Request) -> Response:
        if request.path.startswith("/truncated/"):
            name = pages.get(request.path.removeprefix("/truncated"))
            if name is None:
                return Response(404, "not found", content_type=HTML)
            text = fixture(name)
            cut = int(request.query.get("at", len(text) // 2))
            return Response(body=text[:cut], content_type=HTML)
        name = pages.get(request.path)
        if name is None:
            return Response(404, "<html><body><h1>Page not found</h1></body></html>", content_type=HTML)
        return Response(body=fixture(name), content_type=HTML)

    server.route(slug, "GET", "/robots.txt", robots)
    server.route(slug, "GET", "/", lambda r: robots(r) if r.path == "/robots.txt" else page(r))
