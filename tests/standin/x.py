"""X API v2 stand-in. Responses follow the pages cited in fixtures/x/*.json;
errors follow https://docs.x.com/x-api/fundamentals/response-codes-and-errors."""

from __future__ import annotations

import copy

from .server import Request, Response, StandIn, fixture

TOKEN = "test-token"
#: a valid token of another account (for the whose-inbox check)
OTHER_TOKEN = "other-token"
USER_ID = "14992591"


def _unauthorized() -> Response:
    return Response(401, {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"})


def _authorized(request: Request) -> bool:
    return request.headers.get("authorization") in (f"Bearer {TOKEN}", f"Bearer {OTHER_TOKEN}")


def register(server: StandIn) -> None:
    def user(request: Request) -> Response:
        if not _authorized(request):
            return _unauthorized()
        name = request.path.rsplit("/", 1)[-1].lower()
        if name in ("reader", "grateful_pt"):  # authors of the mentions fixture
            return Response(200, fixture("x/dm_with.json")["reader" if name == "reader" else "closed_dms"])
        if name != "mayoclinic":
            return Response(200, fixture("x/user_not_found.json"))
        return Response(200, fixture("x/user_by_username.json"))

    def me(request: Request) -> Response:
        # https://docs.x.com/x-api/users/lookup/introduction (GET /2/users/me)
        if not _authorized(request):
            return _unauthorized()
        if request.headers.get("authorization") == f"Bearer {OTHER_TOKEN}":
            return Response(200, {"data": {"id": "2244994945", "name": "Someone Else", "username": "someone_else"}})
        return Response(200, {"data": {"id": USER_ID, "name": "Mayo Clinic", "username": "MayoClinic"}})

    def timeline(request: Request) -> Response:
        if not _authorized(request):
            return _unauthorized()
        if not request.path.startswith(f"/2/users/{USER_ID}/"):
            return Response(404, {"title": "Not Found Error", "detail": "no such user id"})
        if request.path.endswith("/mentions"):
            return Response(200, fixture("x/mentions.json"))
        if request.query.get("pagination_token") == "7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i":
            return Response(200, fixture("x/tweets_page2.json"))
        page = fixture("x/tweets_page1.json")
        page["data"] = [*reversed(server.posted[("x", USER_ID)]), *page.get("data", [])]  # newest first
        return Response(200, page)

    def upload(request: Request) -> Response:
        # https://docs.x.com/x-api/media/upload-media: multipart "media", "media_category"
        if not _authorized(request):
            return _unauthorized()
        parts = request.multipart()
        if not parts.get("media", ("", b""))[1] or parts.get("media_category", ("", b""))[1] != b"tweet_image":
            return Response(400, {"title": "Invalid Request", "detail": "media and media_category are required"})
        media = server.posted[("x", "media")]
        media_id = str(1880028106020515840 + len(media))
        media.append({"id": media_id, "alt_text": None})
        return Response(200, {"data": {"id": media_id, "media_key": f"3_{media_id}", "size": len(parts["media"][1]),
                                       "expires_after_secs": 86400, "processing_info": {"state": "succeeded"}}})

    def metadata(request: Request) -> Response:
        # https://docs.x.com/x-api/media/metadata-create: {"id", "metadata": {"alt_text": {"text"}}}
        if not _authorized(request):
            return _unauthorized()
        body = request.json()
        media = {m["id"]: m for m in server.posted[("x", "media")]}
        if body.get("id") not in media:
            return Response(400, {"title": "Invalid Request", "detail": "unknown media id"})
        media[body["id"]]["alt_text"] = body["metadata"]["alt_text"]["text"]
        return Response(200, {"data": {"associated_metadata": True, "id": body["id"]}})

    def create(request: Request) -> Response:
        if not _authorized(request):
            return _unauthorized()
        body = request.json()
        if "media" in body:
            known = {m["id"] for m in server.posted[("x", "media")]}
            ids = body["media"].get("media_ids") or []
            if not 1 <= len(ids) <= 4 or not set(ids) <= known:
                return Response(400, {"title": "Invalid Request", "detail": "media.media_ids: 1 to 4 uploaded ids"})
        posted = server.posted[("x", USER_ID)]
        tweet_id = str(1790000000000000999 - len(posted))
        tweet = {"id": tweet_id, "text": body["text"], "edit_history_tweet_ids": [tweet_id]}
        if "reply" in body:
            tweet["referenced_tweets"] = [{"type": "replied_to", "id": body["reply"]["in_reply_to_tweet_id"]}]
        posted.append(tweet)
        return Response(201, {"data": {k: v for k, v in tweet.items() if k != "referenced_tweets"}})

    def hidden(request: Request) -> Response:
        if not _authorized(request):
            return _unauthorized()
        return Response(200, {"data": {"hidden": bool(request.json().get("hidden"))}})

    def dm_events(request: Request) -> Response:
        if not _authorized(request):
            return _unauthorized()
        return Response(200, fixture("x/dm_events.json"))

    def dm_send(request: Request) -> Response:
        if not _authorized(request):
            return _unauthorized()
        if request.path.startswith("/2/dm_conversations/with/"):
            participant = request.path.split("/")[4]
            if participant == fixture("x/dm_with.json")["closed_dms"]["data"]["id"]:
                return Response(403, fixture("x/dm_with.json")["forbidden"], content_type="application/problem+json")
            return Response(201, fixture("x/dm_with.json")["sent"])
        conversation = request.path.split("/")[3]
        return Response(201, {"data": {"dm_conversation_id": conversation, "dm_event_id": "1790000000000000299"}})

    def token(request: Request) -> Response:
        form = request.form()
        if form.get("code") == "bad" or form.get("refresh_token") == "revoked":
            return Response(400, {"error": "invalid_request", "error_description": "Value passed for the token was invalid."})
        return Response(200, fixture("x/token.json"))

    def search_recent(request: Request) -> Response:
        # https://docs.x.com/x-api/posts/recent-search: an app's bearer token is enough.
        if not _authorized(request):
            return _unauthorized()
        if not request.query.get("query"):
            return Response(400, {"title": "Invalid Request", "detail": "The `query` query parameter can not be empty"})
        # As X does, the post's place and the author's location come back
        # only when asked for (expansions=geo.place_id, user.fields=location).
        answer = copy.deepcopy(fixture("x/search_recent.json"))
        if "geo.place_id" not in request.query.get("expansions", "").split(","):
            answer["includes"].pop("places", None)
            for tweet in answer["data"]:
                tweet.pop("geo", None)
        if "location" not in request.query.get("user.fields", "").split(","):
            for user in answer["includes"]["users"]:
                user.pop("location", None)
        return Response(200, answer)

    server.route("x", "GET", "/2/tweets/search/recent", search_recent)
    server.route("x", "GET", "/2/users/by/username/", user)
    server.route("x", "GET", "/2/users/me", me)
    server.route("x", "GET", "/2/users/", timeline)
    server.route("x", "POST", "/2/tweets", create)
    server.route("x", "POST", "/2/media/upload", upload)
    server.route("x", "POST", "/2/media/metadata", metadata)
    server.route("x", "PUT", "/2/tweets/", hidden)
    server.route("x", "POST", "/2/oauth2/token", token)
    server.route("x", "GET", "/2/dm_events", dm_events)
    server.route("x", "POST", "/2/dm_conversations/", dm_send)
