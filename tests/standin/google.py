"""Google Business Profile stand-in: reviews.list (paged), reviews.updateReply, locations.get,
localPosts.create and localPosts.list
(https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from tests.standin.server import Request, Response, StandIn, fixture

TOKEN = "ya29.good-token"
LOCATION = "accounts/1234567890/locations/9876543210"
# _source: https://cloud.google.com/apis/design/errors#http_mapping (the error body Google APIs send)
UNAUTHENTICATED = {
    "error": {
        "code": 401,
        "message": "Request had invalid authentication credentials. Expected OAuth 2 access token, "
        "login cookie or other valid authentication credential.",
        "status": "UNAUTHENTICATED",
    }
}
PERMISSION_DENIED = {"error": {"code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED"}}
NOT_FOUND = {"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}}


def register(server: StandIn) -> None:
    def authorized(request: Request) -> Response | None:
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return Response(401, UNAUTHENTICATED)
        return None

    def reviews(request: Request) -> Response:
        if denied := authorized(request):
            return denied
        path = request.path.removeprefix("/v4/")
        if path.startswith("accounts/555/"):
            return Response(403, PERMISSION_DENIED)  # a project Google has not approved
        if path != f"{LOCATION}/reviews":
            return Response(404, NOT_FOUND)
        if request.query.get("pageSize") == "1":
            page = fixture("google/reviews-page1.json")
            page["reviews"] = page["reviews"][:1]
            return Response(body=page)
        token = request.query.get("pageToken")
        name = "google/reviews-page2.json" if token == "CiAKGjBBT2c" else "google/reviews-page1.json"
        return Response(body=fixture(name))

    def update_reply(request: Request) -> Response:
        if denied := authorized(request):
            return denied
        body = request.json()
        return Response(body={"comment": body["comment"], "updateTime": "2024-03-06T10:00:00Z"})

    def location(request: Request) -> Response:
        if denied := authorized(request):
            return denied
        if request.path != "/v1/locations/9876543210" or "readMask" not in request.query:
            return Response(400 if request.path.endswith("9876543210") else 404, json.dumps(NOT_FOUND))
        return Response(body=fixture("google/location.json"))

    def locations(request: Request) -> Response:
        if denied := authorized(request):
            return denied
        if request.path != "/v1/accounts/1234567890/locations":
            return Response(404, NOT_FOUND)
        page = "google/locations-page2.json" if request.query.get("pageToken") == "loc-page-2" else "google/locations-page1.json"
        return Response(body=fixture(page))

    def token(request: Request) -> Response:
        form = request.form()
        if form.get("code") == "bad" or form.get("refresh_token") == "revoked":
            # _source: https://www.rfc-editor.org/rfc/rfc6749#section-5.2
            return Response(400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."})
        answer = fixture("google/token.json")
        if form.get("grant_type") == "refresh_token":
            del answer["refresh_token"]  # Google does not rotate refresh tokens
        return Response(body=answer)

    def create_local_post(request: Request) -> Response:
        if denied := authorized(request):
            return denied
        body = request.json()
        media = body.get("media") or []
        bad_media = any(m.get("mediaFormat") != "PHOTO" or not str(m.get("sourceUrl", "")).startswith("https://")
                        for m in media)
        if not body.get("summary") or body.get("topicType") != "STANDARD" or bad_media:
            return Response(400, {"error": {"code": 400, "message": "Request contains an invalid argument.",
                                            "status": "INVALID_ARGUMENT"}})
        posted = server.posted[("google", "localPosts")]
        name = f"{LOCATION}/localPosts/{7000 + len(posted)}"
        post = {**body, "name": name, "state": "LIVE", "createTime": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "searchUrl": f"https://local.google.com/place?id=1&use=posts&lpsid={7000 + len(posted)}"}
        posted.insert(0, post)
        return Response(body=post)

    def list_local_posts(request: Request) -> Response:
        if denied := authorized(request):
            return denied
        return Response(body={"localPosts": server.posted[("google", "localPosts")]})

    server.route("google", "POST", f"/v4/{LOCATION}/localPosts", create_local_post)
    server.route("google", "GET", f"/v4/{LOCATION}/localPosts", list_local_posts)
    server.route("google", "GET", "/v4/accounts/", reviews)
    server.route("google", "GET", "/v1/accounts/", locations)
    server.route("google", "POST", "/token", token)
    server.route("google", "PUT", "/v4/accounts/", update_reply)
    server.route("google", "GET", "/v1/locations/", location)
