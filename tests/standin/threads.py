"""Threads API stand-in. Shapes follow the pages cited in
fixtures/threads/*.json and the docstring of bedside.networks.threads;
errors are Graph-style {"error": {"message", "type", "code"}}."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from .server import Request, Response, StandIn, fixture

TOKEN = "THQ_test-token"
ME = {"id": "7345112000111", "username": "riverbendhealth", "name": "Riverbend Health",
      "threads_biography": "A made-up health system.", "threads_profile_picture_url": "https://cdn.example/rb.jpg"}
PUBLIC = {"lakeside.clinic": {"username": "lakeside.clinic", "name": "Lakeside Clinic", "biography": "A made-up peer.",
                              "profile_picture_url": "https://cdn.example/lc.jpg", "is_verified": True,
                              "follower_count": 88120, "likes_count": 5120, "quotes_count": 40, "replies_count": 311,
                              "reposts_count": 260, "views_count": 903000}}
INSIGHTS = {"18050206876707110": {"views": 4100, "likes": 120, "replies": 9, "reposts": 14, "quotes": 2},
            "18050206876707111": {"views": 2600, "likes": 75, "replies": 3, "reposts": 4, "quotes": 0}}


def _error(status: int, message: str, code: int = 100) -> Response:
    return Response(status, {"error": {"message": message, "type": "OAuthException" if status == 401 else
                                       "THApiException", "code": code}})


def register(server: StandIn) -> None:
    containers: dict[str, dict[str, Any]] = {}
    ids = itertools.count(18060000000000001)
    #: how many status reads answer IN_PROGRESS before FINISHED (an image being fetched)
    server.threads_processing = 0  # type: ignore[attr-defined]

    def ours_published() -> list[dict[str, Any]]:
        return list(reversed(server.posted[("threads", "threads")]))

    def get(request: Request) -> Response:
        if request.path in ("/access_token", "/refresh_access_token"):
            if request.query.get("access_token") in ("", None, "revoked"):
                return _error(400, "Invalid OAuth access token.", 190)
            return Response(200, {"access_token": "THQ_long", "token_type": "bearer", "expires_in": 5183944})
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return _error(401, "Invalid OAuth access token - Cannot parse access token", 190)
        q = request.query
        if request.path == "/me":
            return Response(200, ME)
        if request.path == f"/{ME['id']}/threads_insights" and q.get("metric") == "followers_count":
            return Response(200, {"data": [{"name": "followers_count", "period": "day", "title": "followers_count",
                                            "total_value": {"value": 15230}, "id": f"{ME['id']}/insights/followers_count/day"}]})
        if request.path == "/profile_lookup":
            found = PUBLIC.get(q.get("username", ""))
            return Response(200, found) if found else _error(400, "The requested user could not be found", 100)
        if request.path == "/me/threads":
            page = fixture("threads/threads.json")
            if q.get("after"):
                return Response(200, {"data": page["data"][1:], "paging": {"cursors": {"before": "QVFIUb", "after": "QVFIUc"}}})
            return Response(200, {"data": ours_published() + page["data"][:1],
                                  "paging": {"cursors": {"before": "QVFIUa", "after": "QVFIUb"},
                                             "next": "https://graph.threads.net/v1.0/me/threads?after=QVFIUb"}})
        if request.path.endswith("/insights"):
            media = request.path.strip("/").split("/")[0]
            published = {t["id"] for t in server.posted[("threads", "threads")]}
            if media not in INSIGHTS and media not in published:
                return _error(400, "Unsupported get request.", 100)
            counts = INSIGHTS.get(media, dict.fromkeys(("views", "likes", "replies", "reposts", "quotes"), 0))
            return Response(200, {"data": [{"name": name, "period": "lifetime", "values": [{"value": value}],
                                            "title": name, "id": f"{media}/insights/{name}/lifetime"}
                                           for name, value in counts.items()
                                           if name in q.get("metric", "").split(",")]})
        container = containers.get(request.path.strip("/"))
        if container is not None and q.get("fields", "").startswith("status"):
            if container["status"] == "IN_PROGRESS" and server.threads_processing <= 0:  # type: ignore[attr-defined]
                container["status"] = "FINISHED"
            server.threads_processing -= 1  # type: ignore[attr-defined]
            return Response(200, {"id": request.path.strip("/"), "status": container["status"]})
        thread = next((t for t in server.posted[("threads", "threads")] if t["id"] == request.path.strip("/")), None)
        if thread is not None:
            return Response(200, {"id": thread["id"], "permalink": thread["permalink"]})
        return _error(404, f"Unknown path components: {request.path}", 2500)

    def post(request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return _error(401, "Invalid OAuth access token - Cannot parse access token", 190)
        form = request.form()
        if request.path == f"/{ME['id']}/threads":
            kind = form.get("media_type", "")
            if kind == "TEXT" and not form.get("text"):
                return _error(400, "The parameter text is required for TEXT posts.", 100)
            if kind == "IMAGE" and not form.get("image_url", "").startswith("https://"):
                return _error(400, "The parameter image_url is required and must be a public https address.", 100)
            if kind == "CAROUSEL":
                children = form.get("children", "").split(",")
                if not 2 <= len(children) <= 20 or any(
                        containers.get(c, {}).get("is_carousel_item") != "true" for c in children):
                    return _error(400, "A carousel takes 2 to 20 carousel item containers.", 100)
            elif kind not in ("TEXT", "IMAGE"):
                return _error(400, f"Invalid media_type: {kind!r}", 100)
            if len(form.get("text", "")) > 500:
                return _error(400, "The text is longer than 500 characters.", 100)
            container = str(next(ids))
            containers[container] = {**form, "status": "FINISHED" if kind == "TEXT" else "IN_PROGRESS"}
            return Response(200, {"id": container})
        if request.path == f"/{ME['id']}/threads_publish":
            container = containers.get(form.get("creation_id", ""))
            if container is None or container.get("is_carousel_item") == "true":
                return _error(400, "The media container to publish was not found.", 24)
            if container["status"] != "FINISHED":
                return _error(400, "The media is not ready for publishing, please wait for a moment", 9007)
            if container.get("published"):
                return _error(400, "The media container was already published.", 24)
            container["published"] = True
            media = str(next(ids))
            kinds = {"TEXT": "TEXT_POST", "IMAGE": "IMAGE", "CAROUSEL": "CAROUSEL_ALBUM"}
            server.posted[("threads", "threads")].append({
                "id": media, "media_type": kinds[container["media_type"]], "text": container.get("text", ""),
                "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000"),
                "permalink": f"https://www.threads.net/@{ME['username']}/post/C{media[-6:]}",
                "shortcode": f"C{media[-6:]}", "container": container})
            return Response(200, {"id": media})
        return _error(404, f"Unknown path components: {request.path}", 2500)

    def token(request: Request) -> Response:
        form = request.form()
        if not form.get("client_id") or not form.get("client_secret"):
            return _error(400, "Missing client_id or client_secret", 101)
        if form.get("code") == "bad":
            return _error(400, "Invalid verification code format.", 100)
        return Response(200, {"access_token": "THQ_short", "user_id": ME["id"]})

    server.route("threads", "GET", "/", get)
    server.route("threads", "POST", "/oauth/access_token", token)
    server.route("threads", "POST", "/", post)
