"""LinkedIn versioned REST API stand-in (Community Management API). Shapes
follow the pages cited in fixtures/linkedin/*.json; errors are
{"status", "code", "message"} as LinkedIn's REST API answers them
(https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling)."""

from __future__ import annotations

import itertools
import time
from typing import Any
from urllib.parse import unquote

from .server import Request, Response, StandIn, fixture

TOKEN = "AQX_test-token"
OURS = "urn:li:organization:10428571"
FOLLOWERS = {"urn:li:organization:10428571": 48210, "urn:li:organization:20517733": 1203344}
_ids = itertools.count(7400000000000000001)
_images = itertools.count(1)


def _error(status: int, code: str, message: str) -> Response:
    return Response(status, {"status": status, "code": code, "message": message})


def register(server: StandIn) -> None:
    orgs = fixture("linkedin/organizations.json")
    comments = fixture("linkedin/comments.json")
    stats = fixture("linkedin/share_statistics.json")
    images: dict[str, dict[str, Any]] = {}  # registered with the Images API, by URN

    def checked(request: Request) -> Response | None:
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return _error(401, "INVALID_ACCESS_TOKEN", "Invalid access token")
        if not request.headers.get("linkedin-version", "").isdigit():
            return _error(400, "VERSION_MISSING", "A version must be present. Please specify a version by "
                                                  "adding the LinkedIn-Version header.")
        if request.headers.get("x-restli-protocol-version") != "2.0.0":
            return _error(400, "ILLEGAL_ARGUMENT", "Rest.li protocol version 2.0.0 is required")
        return None

    def posts() -> list[dict[str, Any]]:
        # What we published, newest first, then the fixture's posts.
        return list(reversed(server.posted[("linkedin", "posts")])) + fixture("linkedin/posts.json")["elements"]

    def get(request: Request) -> Response:
        refused = checked(request)
        if refused:
            return refused
        path = unquote(request.path)
        q = request.query
        if path == "/organizations" and q.get("q") == "vanityName":
            org = orgs.get(q.get("vanityName", ""))
            return Response(200, {"elements": [org] if org else []})
        if path.startswith("/networkSizes/"):
            urn = path.removeprefix("/networkSizes/")
            if q.get("edgeType") != "COMPANY_FOLLOWED_BY_MEMBER" or urn not in FOLLOWERS:
                return _error(404, "NOT_FOUND", f"no network size for {urn}")
            return Response(200, {"firstDegreeSize": FOLLOWERS[urn]})
        if path == "/organizationAcls" and q.get("q") == "roleAssignee":
            return Response(200, {"elements": [{"organization": OURS, "role": "ADMINISTRATOR", "state": "APPROVED",
                                                "roleAssignee": "urn:li:person:adm1n"}]})
        if path == "/posts" and q.get("q") == "author":
            if q.get("author") != OURS:
                return _error(403, "ACCESS_DENIED", "Not enough permissions to access: partnerApiPostsExternal")
            start, count = int(q.get("start", "0")), int(q.get("count", "10"))
            found = posts()
            return Response(200, {"elements": found[start:start + count],
                                  "paging": {"start": start, "count": count, "total": len(found)}})
        if path == "/organizationalEntityShareStatistics":
            wanted = q.get("shares", "").removeprefix("List(").removesuffix(")").split(",")
            return Response(200, {"elements": [
                {"organizationalEntity": q.get("organizationalEntity"), "share": urn, "totalShareStatistics": stats[urn]}
                for urn in wanted if urn in stats]})
        if path.startswith("/socialActions/") and path.endswith("/comments"):
            urn = path.removeprefix("/socialActions/").removesuffix("/comments")
            on_post = [c for c in comments.get(urn, [])]
            return Response(200, {"elements": on_post + server.posted[("linkedin", urn)],
                                  "paging": {"start": 0, "count": 100, "total": len(on_post)}})
        return _error(404, "NOT_FOUND", f"stand-in has no resource {path}")

    def post(request: Request) -> Response:
        refused = checked(request)
        if refused:
            return refused
        path = unquote(request.path)
        body = request.json()
        if path == "/posts":
            missing = [k for k in ("author", "commentary", "visibility", "distribution", "lifecycleState")
                       if k not in body]
            if missing:
                return _error(422, "UNPROCESSABLE_ENTITY", f"missing fields: {', '.join(missing)}")
            if body["author"] != OURS:
                return _error(403, "ACCESS_DENIED", "Member is not an administrator of the organization")
            if len(body["commentary"]) > 3000:
                return _error(422, "UNPROCESSABLE_ENTITY", "commentary is longer than 3000 characters")
            refused = _content_problem(body.get("content"))
            if refused:
                return _error(422, "UNPROCESSABLE_ENTITY", refused)
            urn = f"urn:li:share:{next(_ids)}"
            # Stamped now, as LinkedIn does: a read-back looks for posts made
            # since the attempt started.
            stamp = int(time.time() * 1000)
            server.posted[("linkedin", "posts")].append({**body, "id": urn, "createdAt": stamp, "publishedAt": stamp})
            return Response(201, b"", headers={"x-restli-id": urn})
        if path == "/images" and request.query.get("action") == "initializeUpload":
            # Images API: register an image, get where to PUT its bytes.
            owner = (body.get("initializeUploadRequest") or {}).get("owner")
            if owner != OURS:
                return _error(403, "ACCESS_DENIED", "Not enough permissions to upload as this owner")
            number = next(_images)
            urn = f"urn:li:image:D4E10AQ{number:09d}"
            images[urn] = {"owner": owner, "status": "WAITING_UPLOAD", "bytes": b""}
            return Response(200, {"value": {"uploadUrlExpiresAt": 1764403600000, "image": urn,
                                            "uploadUrl": f"{server.base_url('linkedin')}/dms-uploads/{number}"}})
        if path.startswith("/socialActions/") and path.endswith("/comments"):
            parent = path.removeprefix("/socialActions/").removesuffix("/comments")
            text = (body.get("message") or {}).get("text", "")
            if not body.get("actor") or not body.get("object") or not text:
                return _error(422, "UNPROCESSABLE_ENTITY", "actor, object and message.text are required")
            if len(text) > 1250:
                return _error(422, "UNPROCESSABLE_ENTITY", "message text is longer than 1250 characters")
            number = next(_ids)
            activity = body["object"]
            created = {"id": str(number), "commentUrn": f"urn:li:comment:({activity},{number})",
                       "actor": body["actor"], "object": activity, "message": {"text": text},
                       "created": {"time": 1764400000000}}
            if body.get("parentComment"):
                created["parentComment"] = body["parentComment"]
            server.posted[("linkedin", parent)].append(created)
            return Response(201, created)
        return _error(404, "NOT_FOUND", f"stand-in has no resource {path}")

    def upload(request: Request) -> Response:
        # The upload address takes the bytes with the bearer token only (no
        # version headers): 201 Created, no body.
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return _error(401, "INVALID_ACCESS_TOKEN", "Invalid access token")
        number = request.path.removeprefix("/dms-uploads/")
        urn = f"urn:li:image:D4E10AQ{int(number):09d}" if number.isdigit() else ""
        if urn not in images:
            return _error(404, "NOT_FOUND", "no upload registered at this address")
        if not request.body:
            return _error(400, "ILLEGAL_ARGUMENT", "empty upload")
        images[urn].update(status="AVAILABLE", bytes=request.body,
                           content_type=request.headers.get("content-type", ""))
        server.posted[("linkedin", "uploads")].append({"image": urn, "bytes": request.body})
        return Response(201, b"")

    def _content_problem(content: Any) -> str:
        """Why a post's ``content`` names images that are not uploaded (or is
        shaped otherwise than the Posts API documents); "" when it is fine."""
        if content is None:
            return ""
        if "media" in content:
            named = [content["media"]]
        elif "multiImage" in content:
            named = list((content["multiImage"] or {}).get("images") or [])
            if not 2 <= len(named) <= 20:
                return "multiImage takes 2 to 20 images"
        else:
            return ""
        for item in named:
            urn = item.get("id", "")
            if images.get(urn, {}).get("status") != "AVAILABLE":
                return f"media {urn} is not uploaded"
        return ""

    def token(request: Request) -> Response:
        form = request.form()
        if not form.get("client_id") or not form.get("client_secret"):
            return Response(401, {"error": "invalid_client", "error_description": "Client authentication failed"})
        if form.get("code") == "bad" or form.get("refresh_token") == "revoked":
            return Response(400, {"error": "invalid_request",
                                  "error_description": "Unable to retrieve access token: authorization code not found"})
        return Response(200, {"access_token": "AQX_new", "expires_in": 5184000, "refresh_token": "AQR_new",
                               "refresh_token_expires_in": 31536000,
                               "scope": "r_organization_social,w_organization_social,rw_organization_admin"})

    server.route("linkedin", "GET", "/", get)
    server.route("linkedin", "POST", "/", post)
    server.route("linkedin", "POST", "/oauth/v2/accessToken", token)
    server.route("linkedin", "PUT", "/dms-uploads/", upload)
