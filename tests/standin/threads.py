"""Threads API stand-in. Shapes follow the pages cited in
fixtures/threads/*.json and the docstring of bedside.networks.threads;
errors are Graph-style {"error": {"message", "type", "code"}}."""

from __future__ import annotations

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
            return Response(200, {"data": page["data"][:1],
                                  "paging": {"cursors": {"before": "QVFIUa", "after": "QVFIUb"},
                                             "next": "https://graph.threads.net/v1.0/me/threads?after=QVFIUb"}})
        if request.path.endswith("/insights"):
            media = request.path.strip("/").split("/")[0]
            if media not in INSIGHTS:
                return _error(400, "Unsupported get request.", 100)
            return Response(200, {"data": [{"name": name, "period": "lifetime", "values": [{"value": value}],
                                            "title": name, "id": f"{media}/insights/{name}/lifetime"}
                                           for name, value in INSIGHTS[media].items()
                                           if name in q.get("metric", "").split(",")]})
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
