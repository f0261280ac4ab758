"""Feeds for the rss stand-in: a podcast (RSS 2.0 + iTunes) and a paged Atom blog."""

from __future__ import annotations

from tests.standin.server import Request, Response, StandIn, fixture

RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"


def register(server: StandIn) -> None:
    def podcast(request: Request) -> Response:
        return Response(body=fixture("rss/podcast.xml"), content_type=RSS)

    def blog(request: Request) -> Response:
        body = fixture("rss/blog.xml").replace("NEXT_PAGE", server.base_url("rss") + "/blog-page2.xml")
        return Response(body=body, content_type=ATOM)

    def blog_page2(request: Request) -> Response:
        return Response(body=fixture("rss/blog-page2.xml"), content_type=ATOM)

    def truncated(request: Request) -> Response:
        text = fixture("rss/podcast.xml")
        return Response(body=text[: len(text) * 2 // 3], content_type=RSS)

    def not_a_feed(request: Request) -> Response:
        return Response(body="<html><body><h1>Welcome</h1></body></html>", content_type="text/html")

    def sloppy(request: Request) -> Response:
        # Complete, but with an HTML entity XML does not define: common in the wild.
        return Response(
            body='<?xml version="1.0"?><rss version="2.0"><channel><title>News&nbsp;room</title>'
            "<item><title>Open&nbsp;house</title><guid>n-1</guid><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>"
            "</item></channel></rss>",
            content_type=RSS,
        )

    server.route("rss", "GET", "/sloppy.xml", sloppy)
    server.route("rss", "GET", "/podcast.xml", podcast)
    server.route("rss", "GET", "/blog.xml", blog)
    server.route("rss", "GET", "/blog-page2.xml", blog_page2)
    server.route("rss", "GET", "/truncated.xml", truncated)
    server.route("rss", "GET", "/index.html", not_a_feed)
