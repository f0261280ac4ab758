"""Google Business Profile stand-in: reviews.list (paged), reviews.updateReply, locations.get,
localPosts.create and localPosts.list
(https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts),
and the Places API (New) Text Search and Place Details, which find listings no account manages."""

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
PLACES_KEY = "AIza-good-places-key"
# _source: https://developers.google.com/maps/documentation/places/web-service/choose-fields (the field mask is required)
NO_FIELD_MASK = {"error": {"code": 400, "status": "INVALID_ARGUMENT",
                           "message": "FieldMask is a required parameter. See how to construct a field mask at "
                                      "https://developers.google.com/maps/documentation/places/web-service/choose-fields."}}
# _source: https://cloud.google.com/apis/design/errors#http_mapping
BAD_KEY = {"error": {"code": 400, "status": "INVALID_ARGUMENT",
                     "message": "API key not valid. Please pass a valid API key."}}


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

    def places_refusal(request: Request) -> Response | None:
        if request.headers.get("x-goog-api-key") != PLACES_KEY:
            return Response(400, BAD_KEY)
        if not request.headers.get("x-goog-fieldmask"):
            return Response(400, NO_FIELD_MASK)
        return None

    def masked(place: dict, mask: str) -> dict:
        # Only the fields the mask names come back, as the API does.
        wanted = {f.removeprefix("places.") for f in mask.split(",")}
        return {k: v for k, v in place.items() if k in wanted}

    def search_text(request: Request) -> Response:
        if refused := places_refusal(request):
            return refused
        body = request.json() or {}
        query = str(body.get("textQuery") or "").strip()
        if not query:
            return Response(400, {"error": {"code": 400, "status": "INVALID_ARGUMENT",
                                            "message": "Empty text_query."}})
        found = fixture("google/places-search.json")["places"]
        # A name on none of the places finds nothing: the provider is not on Google.
        words = [w.casefold() for w in query.replace(",", " ").split()]
        found = [p for p in found if any(w in p["displayName"]["text"].casefold().split() for w in words[:2])]
        mask = request.headers["x-goog-fieldmask"]
        return Response(body={"places": [masked(p, mask) for p in found[: int(body.get("pageSize") or 20)]]}
                        if found else {})

    def place_details(request: Request) -> Response:
        if refused := places_refusal(request):
            return refused
        wanted = "places/" + request.path.removeprefix("/v1/places/")
        for place in fixture("google/places-search.json")["places"]:
            if place["name"] == wanted:
                mask = request.headers["x-goog-fieldmask"]
                return Response(body={k: v for k, v in place.items() if k in mask.split(",")})
        return Response(404, NOT_FOUND)

    server.route("google", "POST", "/v1/places:searchText", search_text)
    server.route("google", "GET", "/v1/places/", place_details)
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
