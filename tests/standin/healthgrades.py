"""Healthgrades stand-in: provider pages (HTML), the search results page, robots.txt, and cut-off pages.

The provider-page sites (Healthgrades, Vitals, WebMD Care, Zocdoc) share
:func:`serve_provider_pages`: each serves its own fixtures under its own slug.
A search page answers with the site's results fixture when the searched name's
last word is on it, and with a page of no results otherwise (the provider is
not on the site); a search without both the name and the place is the site's
400 page.
"""

from __future__ import annotations

from tests.standin.server import Request, Response, StandIn, fixture

HTML = "text/html; charset=utf-8"


def register(server: StandIn) -> None:
    pages = {
        "/physician/dr-amara-okafor-x7k2p": "healthgrades/provider.html",
        "/physician/dr-luis-ortega-b9q4m": "healthgrades/provider-html-only.html",
        "/physician/private-dr-hidden-z1": "healthgrades/provider.html",
    }
    serve_provider_pages(server, "healthgrades", pages, search=("/usearch", "what", "where"))


NO_RESULTS = ("<!DOCTYPE html><html><head><title>No results</title></head>"
              "<body><main><p>We couldn't find any providers matching your search.</p></main></body></html>")


def serve_provider_pages(server: StandIn, slug: str, pages: dict[str, str],
                         search: tuple[str, str, str] | None = None) -> None:
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
    if search is None:
        return
    path, name_param, place_param = search

    def results(request: Request) -> Response:
        if request.path != path:
            return page(request)
        name, place = request.query.get(name_param, "").strip(), request.query.get(place_param, "").strip()
        if not name or not place:
            return Response(400, "<html><body><h1>Bad request</h1></body></html>", content_type=HTML)
        text = fixture(f"{slug}/search.html")
        if name.split()[-1].casefold() not in text.casefold():
            return Response(body=NO_RESULTS, content_type=HTML)
        return Response(body=text, content_type=HTML)

    server.route(slug, "GET", path, results)
