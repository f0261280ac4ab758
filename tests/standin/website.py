"""A hospital website for the crawler: homepage, about, a cut-off contact page, robots.txt."""

from __future__ import annotations

from tests.standin.server import Request, Response, StandIn, fixture

HTML = "text/html; charset=utf-8"


def register(server: StandIn) -> None:
    def page(name: str, *, cut: bool = False):
        def answer(request: Request) -> Response:
            text = fixture(f"website/{name}")
            return Response(body=text[: len(text) // 2] if cut else text, content_type=HTML)

        return answer

    def robots(request: Request) -> Response:
        return Response(body=fixture("website/robots.txt"), content_type="text/plain")

    server.route("website", "GET", "/robots.txt", robots)
    server.route("website", "GET", "/about", page("about.html"))
    server.route("website", "GET", "/contact-us", page("about.html", cut=True))
    server.route("website", "GET", "/private/", page("about.html"))
    server.route("website", "GET", "/", lambda r: page("home.html")(r) if r.path == "/" else Response(404, "", content_type=HTML))
