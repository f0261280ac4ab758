"""Graph API stand-in for Facebook Pages. Shapes follow the pages cited in
fixtures/facebook/*.json; Graph answers errors with HTTP 400 and an "error"
object (https://developers.facebook.com/docs/graph-api/guides/error-handling)."""

from __future__ import annotations

import json

from .server import Request, Response, StandIn, fixture

TOKEN = "test-token"
#: a valid Page token of another Page (for the whose-inbox check)
OTHER_TOKEN = "other-page-token"
PAGE_ID = "80553251208"
#: a comment more than 7 days old: too late for a private reply
OLD_COMMENT = "1111_8001"


def comment(server: StandIn, parent: str, text: str) -> Response:
    """Accept a comment under ``parent`` as the Page; it is listed by GET
    /{parent}/comments from then on (the read-back that settles a reply
    whose sender died)."""
    posted = server.posted[("facebook", parent)]
    # The first reply keeps the id the older tests know; later ones are numbered.
    comment_id = f"{parent}_reply" + (str(len(posted) + 1) if posted else "")
    posted.append({"id": comment_id, "message": text, "from": {"id": PAGE_ID, "name": "Mayo Clinic"},
                   "permalink_url": f"https://www.facebook.com/{comment_id}",
                   "created_time": "2025-10-04T00:00:00+0000"})
    return Response(200, {"id": comment_id})


def register(server: StandIn) -> None:
    answered: set[str] = set()  # comments that already have their one private reply

    def authed(request: Request) -> bool:
        return request.headers.get("authorization") in (f"Bearer {TOKEN}", f"Bearer {OTHER_TOKEN}")

    def get(request: Request) -> Response:
        if request.path == "/oauth/access_token":
            return token(request)
        if not authed(request):
            return Response(400, fixture("facebook/errors.json")["expired"])
        parts = request.path.strip("/").split("/")
        if parts == ["me"]:
            # https://developers.facebook.com/docs/graph-api/overview#me: with a
            # Page access token, /me is the Page.
            if request.headers.get("authorization") == f"Bearer {OTHER_TOKEN}":
                return Response(200, {"id": "104000000000001", "name": "Another Page"})
            return Response(200, {"id": PAGE_ID, "name": "Mayo Clinic"})
        if parts == ["me", "accounts"]:
            return Response(200, {"data": [{"id": PAGE_ID, "name": "Mayo Clinic", "access_token": "page-token",
                                            "category": "Hospital", "instagram_business_account": {"id": "17841400008460056"}}],
                                  "paging": {"cursors": {"before": "a", "after": "a"}}})
        if parts[0].startswith("m_") and len(parts) == 1:
            for message in fixture("facebook/conversations.json")["data"][0]["messages"]["data"]:
                if message["id"] == parts[0]:
                    return Response(200, {"from": message["from"], "id": message["id"]})
            return Response(400, fixture("facebook/errors.json")["missing"])
        if len(parts) == 2 and parts[1] == "comments":
            # https://developers.facebook.com/docs/graph-api/reference/object/comments/ (newest first when
            # order=reverse_chronological); someone else's comment sits among ours.
            others = [{"id": f"{parts[0]}_other", "message": "Same here!", "from": {"id": "555", "name": "A Reader"},
                       "permalink_url": "", "created_time": "2025-10-03T00:00:00+0000"}]
            return Response(200, {"data": [*reversed(server.posted[("facebook", parts[0])]), *others],
                                  "paging": {"cursors": {"before": "b", "after": "a"}}})
        if parts[0] not in ("MayoClinic", PAGE_ID):
            return Response(400, fixture("facebook/errors.json")["missing"])
        if len(parts) == 1:
            return Response(200, fixture("facebook/page.json"))
        if parts[1] == "posts":
            if "comments.limit" in request.query.get("fields", ""):
                return Response(200, fixture("facebook/comments.json"))
            page = "posts_page2" if request.query.get("after") == "QVFIUnBhZA2" else "posts_page1"
            return Response(200, fixture(f"facebook/{page}.json"))
        if parts[1] == "conversations" and request.query.get("platform") == "messenger":
            return Response(200, fixture("facebook/conversations.json"))
        if parts[1] == "ratings":
            return Response(200, fixture("facebook/ratings.json"))
        return Response(400, fixture("facebook/errors.json")["missing"])

    def post(request: Request) -> Response:
        if not authed(request):
            return Response(400, fixture("facebook/errors.json")["expired"])
        parts = request.path.strip("/").split("/")
        if parts[-1] == "photos":
            # https://developers.facebook.com/docs/graph-api/reference/page/photos/#Creating: "source" file,
            # "message", "published"; published=false uploads a photo for attached_media (not a post)
            upload = request.multipart()
            if not upload.get("source", ("", b""))[1]:
                return Response(400, fixture("facebook/errors.json")["missing"])
            fields = {k: v[1].decode() for k, v in upload.items() if k != "source"}
            photos = server.posted[("facebook", "photos")]
            photo_id = f"9{len(photos):05d}"
            photos.append({"id": photo_id, **fields})
            if fields.get("published") == "false":
                return Response(200, {"id": photo_id})
            return Response(200, {"id": photo_id, "post_id": f"{parts[0]}_{photo_id}"})
        if parts[-1] == "feed":
            attached = request.form().get("attached_media")
            if attached is not None:
                known = {p["id"] for p in server.posted[("facebook", "photos")] if p.get("published") == "false"}
                if not {m["media_fbid"] for m in json.loads(attached)} <= known:
                    return Response(400, fixture("facebook/errors.json")["missing"])
            return Response(200, {"id": f"{parts[0]}_4444"})
        if parts[-1] == "messages":
            recipient = request.json()["recipient"]
            if "comment_id" in recipient:
                return private_reply(recipient["comment_id"])
            return Response(200, {"recipient_id": recipient["id"], "message_id": "m_sent-answer"})
        if parts[-1] == "comments":
            return comment(server, parts[0], request.form().get("message", ""))
        return Response(200, {"success": True})

    def private_reply(comment_id: str) -> Response:
        if comment_id == OLD_COMMENT:
            return Response(400, fixture("facebook/takedown.json")["outside_window"])
        if comment_id in answered:
            return Response(400, fixture("facebook/takedown.json")["already_replied"])
        answered.add(comment_id)
        return Response(200, fixture("facebook/takedown.json")["private_reply_sent"])

    def delete(request: Request) -> Response:
        if not authed(request):
            return Response(400, fixture("facebook/errors.json")["expired"])
        if not request.path.startswith("/1111_"):  # the comments on the fixtures' post 1111
            return Response(400, fixture("facebook/errors.json")["missing"])
        return Response(200, fixture("facebook/takedown.json")["deleted"])

    def token(request: Request) -> Response:
        if request.query.get("code") == "bad" or request.query.get("fb_exchange_token") == "revoked":
            return Response(400, {"error": {"message": "Invalid verification code format.", "type": "OAuthException", "code": 100, "fbtrace_id": "x"}})
        return Response(200, {"access_token": "user-token", "token_type": "bearer", "expires_in": 5183944})

    server.route("facebook", "GET", "/", get)
    server.route("facebook", "POST", "/", post)
    server.route("facebook", "DELETE", "/", delete)
