"""Bluesky XRPC stand-in (AppView and PDS on one address). Shapes follow the
pages cited in fixtures/bluesky/*.json; errors follow
https://atproto.com/specs/xrpc#error-responses ({"error", "message"})."""

from __future__ import annotations

import copy

from .server import Request, Response, StandIn, fixture

PASSWORD = "app-pass-word"
#: another account whose app password (the same PASSWORD) logs in to its own session
OTHER_HANDLE = "night-nurse.bsky.social"


def _bad_request(message: str) -> Response:
    return Response(400, {"error": "InvalidRequest", "message": message})


def register(server: StandIn) -> None:
    def xrpc(request: Request) -> Response:
        method = request.path.removeprefix("/xrpc/")
        authed = request.headers.get("authorization") == "Bearer access-jwt"
        if method == "app.bsky.actor.getProfile":
            if request.query.get("actor") not in ("mayoclinic.bsky.social", "did:plc:z72i7hdynmk6r22z27h6tvur"):
                return _bad_request("Profile not found")
            return Response(200, fixture("bluesky/profile.json"))
        if method == "app.bsky.feed.getAuthorFeed":
            if request.query.get("actor") == "nightnurse.bsky.social":  # an employee's own account
                return Response(200, fixture("bluesky/staff_feed.json"))
            page = "feed_page2" if request.query.get("cursor") == "2025-10-02T12:00:00.000Z" else "feed_page1"
            return Response(200, fixture(f"bluesky/{page}.json"))
        if method == "app.bsky.feed.searchPosts":
            if not request.query.get("q"):
                return _bad_request("Error: Params must have the property \"q\"")
            page = "search_page2" if request.query.get("cursor") == "page2" else "search_page1"
            return Response(200, fixture(f"bluesky/{page}.json"))
        if method == "app.bsky.feed.getPosts":
            notes = fixture("bluesky/notifications.json")["notifications"]
            post = copy.deepcopy(notes[0])
            return Response(200, {"posts": [{"uri": post["uri"], "cid": post["cid"], "author": post["author"], "record": post["record"]}]})
        if method == "app.bsky.notification.listNotifications":
            if not authed:
                return Response(401, {"error": "ExpiredToken", "message": "Token has expired"})
            return Response(200, fixture("bluesky/notifications.json"))
        if method == "com.atproto.server.createSession":
            if request.json().get("password") != PASSWORD:
                return Response(401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"})
            session = fixture("bluesky/session.json")
            if request.json().get("identifier") == OTHER_HANDLE:
                # Another account's app password: its own session (whose-inbox check).
                session.update(did="did:plc:otheraccount0000000000000", handle=OTHER_HANDLE)
            return Response(200, session)
        if method == "com.atproto.repo.uploadBlob":
            # https://docs.bsky.app/docs/api/com-atproto-repo-upload-blob: the raw bytes, their type in Content-Type
            if not authed:
                return Response(401, {"error": "ExpiredToken", "message": "Token has expired"})
            kind = request.headers.get("content-type", "")
            if not request.body or not kind.startswith("image/"):
                return _bad_request("a blob needs a body and an image Content-Type")
            blobs = server.posted[("bluesky", "blobs")]
            blob = {"$type": "blob", "ref": {"$link": f"bafkreiblob{len(blobs)}"}, "mimeType": kind,
                    "size": len(request.body)}
            blobs.append(blob)
            return Response(200, {"blob": blob})
        if method == "com.atproto.repo.createRecord":
            if not authed:
                return Response(401, {"error": "ExpiredToken", "message": "Token has expired"})
            body = request.json()
            record = body["record"]
            embed = record.get("embed")
            if embed is not None:
                # app.bsky.embed.images: 1-4 {"image": an uploaded blob, "alt": required}
                known = [b["ref"]["$link"] for b in server.posted[("bluesky", "blobs")]]
                images = embed.get("images") or []
                if (embed.get("$type") != "app.bsky.embed.images" or not 1 <= len(images) <= 4
                        or any("alt" not in i or i.get("image", {}).get("ref", {}).get("$link") not in known
                               for i in images)):
                    return _bad_request("Invalid app.bsky.feed.post record: embed")
            parent = (record.get("reply") or {}).get("parent", {}).get("uri", "")
            posted = server.posted[("bluesky", parent)]
            uri = f"at://{body['repo']}/app.bsky.feed.post/3l6pnewpost{22 + len(posted)}"
            if parent:
                posted.append({"uri": uri, "cid": "bafyreinew", "record": record,
                               "author": {"did": body["repo"], "handle": "mayoclinic.bsky.social"}})
            return Response(200, {"uri": uri, "cid": "bafyreinew"})
        if method == "app.bsky.feed.getPostThread":
            # https://docs.bsky.app/docs/api/app-bsky-feed-get-post-thread: someone else's reply among ours
            uri = request.query["uri"]
            other = {"$type": "app.bsky.feed.defs#threadViewPost", "post": {
                "uri": "at://did:plc:someoneelse/app.bsky.feed.post/3l6pother", "cid": "bafyother",
                "author": {"did": "did:plc:someoneelse", "handle": "someone.bsky.social"},
                "record": {"$type": "app.bsky.feed.post", "text": "me too"}}}
            replies = [{"$type": "app.bsky.feed.defs#threadViewPost", "post": p} for p in server.posted[("bluesky", uri)]]
            return Response(200, {"thread": {"$type": "app.bsky.feed.defs#threadViewPost",
                                             "post": {"uri": uri, "cid": "bafyparent"}, "replies": [other, *replies]}})
        return _bad_request(f"unknown method {method}")

    server.route("bluesky", "GET", "/xrpc/", xrpc)
    server.route("bluesky", "POST", "/xrpc/", xrpc)
