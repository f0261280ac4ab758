"""TikTok Display API v2 stand-in. Shapes follow the pages named in the
docstring of bedside.networks.tiktok: every answer is {"data", "error":
{"code", "message", "log_id"}} with code "ok" on success."""

from __future__ import annotations

from typing import Any

from .server import Request, Response, StandIn

TOKEN = "act.test-token"
USER = {"open_id": "-000Ab3fQ9xRiverbend", "union_id": "c9b0-union", "avatar_url": "https://cdn.example/rb.jpeg",
        "display_name": "Riverbend Health", "bio_description": "A made-up health system.",
        "profile_deep_link": "https://vm.tiktok.com/ZMrbHealth/", "is_verified": False, "username": "riverbendhealth",
        "follower_count": 23900, "following_count": 41, "likes_count": 412000, "video_count": 3}
VIDEOS = [
    {"id": "7440000000000000003", "create_time": 1764300000, "title": "Night shift, explained",
     "video_description": "What our night-shift nurses want you to know #nursing", "duration": 41,
     "share_url": "https://www.tiktok.com/@riverbendhealth/video/7440000000000000003",
     "like_count": 5100, "comment_count": 88, "share_count": 240, "view_count": 61000},
    {"id": "7440000000000000002", "create_time": 1764200000, "title": "Flu shot myths", "video_description": "",
     "duration": 30, "share_url": "https://www.tiktok.com/@riverbendhealth/video/7440000000000000002",
     "like_count": 900, "comment_count": 12, "share_count": 31, "view_count": 15000},
    {"id": "7440000000000000001", "create_time": 1764100000, "title": "Tour of the ER", "video_description": "ER tour",
     "duration": 58, "share_url": "https://www.tiktok.com/@riverbendhealth/video/7440000000000000001",
     "like_count": 300, "comment_count": 4, "share_count": 7, "view_count": 4000},
]


def _answer(status: int, data: Any, code: str = "ok", message: str = "") -> Response:
    return Response(status, {"data": data, "error": {"code": code, "message": message, "log_id": "20261203-test"}})


def register(server: StandIn) -> None:
    def authed(request: Request) -> Response | None:
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return _answer(401, {}, "access_token_invalid", "The access token is invalid or not found in the request.")
        return None

    def user_info(request: Request) -> Response:
        refused = authed(request)
        if refused:
            return refused
        fields = request.query.get("fields", "").split(",")
        return _answer(200, {"user": {k: v for k, v in USER.items() if k in fields}})

    def video_list(request: Request) -> Response:
        refused = authed(request)
        if refused:
            return refused
        body = request.json() or {}
        if not 1 <= int(body.get("max_count", 20)) <= 20:
            return _answer(400, {}, "invalid_params", "max_count must be between 1 and 20")
        older = [v for v in VIDEOS if not body.get("cursor") or v["create_time"] * 1000 < body["cursor"]]
        page = older[:2]
        more = len(older) > 2
        return _answer(200, {"videos": page, "cursor": page[-1]["create_time"] * 1000 if page else 0, "has_more": more})

    def token(request: Request) -> Response:
        form = request.form()
        if not form.get("client_key") or not form.get("client_secret"):
            return Response(401, {"error": "invalid_client", "error_description": "Client key or secret is incorrect."})
        if form.get("code") == "bad" or form.get("refresh_token") == "revoked":
            return Response(400, {"error": "invalid_grant", "error_description": "Authorization code is expired."})
        return Response(200, {"access_token": "act.new", "expires_in": 86400, "open_id": USER["open_id"],
                               "refresh_expires_in": 31536000, "refresh_token": "rft.new",
                               "scope": "user.info.basic,user.info.profile,user.info.stats,video.list",
                               "token_type": "Bearer"})

    server.route("tiktok", "GET", "/user/info/", user_info)
    server.route("tiktok", "POST", "/video/list/", video_list)
    server.route("tiktok", "POST", "/oauth/token/", token)
