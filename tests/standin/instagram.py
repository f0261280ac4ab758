"""Graph API stand-in for Instagram professional accounts. Shapes follow the
pages cited in fixtures/instagram/*.json; errors follow
https://developers.facebook.com/docs/graph-api/guides/error-handling."""

from __future__ import annotations

from .server import Request, Response, StandIn, fixture

TOKEN = "test-token"
IG_USER_ID = "17841405309211844"
#: another professional account the same token can manage (whose-comments check)
OTHER_IG_USER_ID = "17841400000000077"
#: a comment more than 7 days old: too late for a private reply
OLD_COMMENT = "17870913679150001"


def register(server: StandIn) -> None:
    def authed(request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {TOKEN}"

    def expired() -> Response:
        return Response(400, {"error": {"message": "Error validating access token: The session has been invalidated because the user changed their password.",
                                        "type": "OAuthException", "code": 190, "error_subcode": 460, "fbtrace_id": "x"}})

    def get(request: Request) -> Response:
        if not authed(request):
            return expired()
        fields = request.query.get("fields", "")
        if request.path.endswith("/replies"):
            # https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment/replies
            parent = request.path.strip("/").split("/")[0]
            someone = {"id": "17870913679150777", "text": "same here", "username": "a_reader",
                       "timestamp": "2025-10-03T00:00:00+0000"}
            return Response(200, {"data": [someone, *server.posted[("instagram", parent)]]})
        if request.path in (f"/{IG_USER_ID}/media", f"/{OTHER_IG_USER_ID}/media"):
            return Response(200, fixture("instagram/own_media_comments.json"))
        if fields == "id,username" and request.path in (f"/{IG_USER_ID}", f"/{OTHER_IG_USER_ID}"):
            # https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user
            if request.path == f"/{OTHER_IG_USER_ID}":
                return Response(200, {"id": OTHER_IG_USER_ID, "username": "riverbend_pediatrics"})
            return Response(200, {"id": IG_USER_ID, "username": "mayoclinic"})
        if request.path != f"/{IG_USER_ID}":
            return Response(400, {"error": {"message": "Unsupported get request. Object with ID 'x' does not exist", "type": "GraphMethodException", "code": 100}})
        if not fields.startswith("business_discovery.username(mayoclinic)"):
            return Response(400, {"error": {"message": "Invalid user id", "type": "OAuthException", "code": 110, "error_subcode": 2207013,
                                            "error_user_title": "Cannot find user", "fbtrace_id": "y"}})
        if "{media" in fields:
            page = "discovery_media_page2" if ".after(QVFIUkFGM1)" in fields else "discovery_media_page1"
            return Response(200, fixture(f"instagram/{page}.json"))
        return Response(200, fixture("instagram/discovery_profile.json"))

    def post(request: Request) -> Response:
        if not authed(request):
            return expired()
        parts = request.path.strip("/").split("/")
        if parts == [IG_USER_ID, "media"]:
            # https://developers.facebook.com/docs/instagram-platform/content-publishing/: a container from a
            # public image_url (Instagram fetches it; the test fetches it the same way), not yet a post
            form = request.form()
            containers = server.posted[("instagram", "containers")]
            if form.get("media_type") == "CAROUSEL":  # children: 2-10 containers made with is_carousel_item
                items = {c["id"] for c in containers if c.get("is_carousel_item") == "true"}
                children = form.get("children", "").split(",")
                if not 2 <= len(children) <= 10 or not set(children) <= items:
                    return Response(400, {"error": {"message": "Invalid parameter", "type": "OAuthException",
                                                    "code": 100, "fbtrace_id": "x"}})
                containers.append({**form, "id": f"1790000{len(containers)}"})
                return Response(200, {"id": containers[-1]["id"]})
            if not form.get("image_url", "").startswith("https://"):
                return Response(400, {"error": {"message": "Only photo or video can be accepted as media type.",
                                                "type": "OAuthException", "code": 9004, "fbtrace_id": "x"}})
            containers.append({**form, "id": f"1790000{len(containers)}"})
            return Response(200, {"id": containers[-1]["id"]})
        if parts == [IG_USER_ID, "media_publish"]:
            known = {c["id"] for c in server.posted[("instagram", "containers")]}
            if request.form().get("creation_id") not in known:
                return Response(400, {"error": {"message": "Invalid parameter", "type": "OAuthException",
                                                "code": 100, "fbtrace_id": "x"}})
            published = server.posted[("instagram", "published")]
            published.append(request.form()["creation_id"])
            return Response(200, {"id": f"1789500{len(published)}"})
        if parts[-1] == "replies":
            posted = server.posted[("instagram", parts[0])]
            reply_id = str(17870913679156999 - len(posted))
            posted.append({"id": reply_id, "text": request.form().get("message", ""), "username": "mayoclinic",
                           "timestamp": "2025-10-04T00:00:00+0000"})
            return Response(200, {"id": reply_id})
        if parts == [IG_USER_ID, "messages"]:
            if request.json()["recipient"].get("comment_id") == OLD_COMMENT:
                return Response(400, fixture("instagram/takedown.json")["outside_window"])
            return Response(200, fixture("instagram/takedown.json")["private_reply_sent"])
        return Response(200, {"success": True})

    def delete(request: Request) -> Response:
        if not authed(request):
            return expired()
        return Response(200, fixture("instagram/takedown.json")["deleted"])

    server.route("instagram", "GET", "/", get)
    server.route("instagram", "POST", "/", post)
    server.route("instagram", "DELETE", "/", delete)
