"""A Mastodon account whose timeline holds what was posted to it: the
stand-in the exactly-once tests need, where a post created by one worker is
there to be read back by the next.

Shapes from the Mastodon docs: POST /api/v1/statuses answers a Status
(https://docs.joinmastodon.org/methods/statuses/#create), GET
/api/v1/accounts/lookup an Account
(https://docs.joinmastodon.org/methods/accounts/#lookup) and GET
/api/v1/accounts/:id/statuses an array of Status, newest first
(https://docs.joinmastodon.org/methods/accounts/#statuses); a refusal is
{"error": ...} (https://docs.joinmastodon.org/entities/Error/).
Images and videos: POST /api/v2/media takes multipart ``file`` and ``description`` and
answers a MediaAttachment, 202 with ``url`` null while it is processed; GET
/api/v1/media/:id answers 206 until it is ready, then 200
(https://docs.joinmastodon.org/methods/media/); a status names them in
``media_ids`` (at most 4, each attached to one status only).
"""

from __future__ import annotations

import html
import itertools
from datetime import UTC, datetime
from typing import Any

from tests.standin.server import Request, Response, StandIn

TOKEN = "test-token"
ACCOUNT = {"id": "110001", "username": "riverbend", "acct": "riverbend", "display_name": "Riverbend Health",
           "url": "https://mastodon.social/@riverbend", "followers_count": 1200, "following_count": 10,
           "statuses_count": 0, "note": "", "fields": []}


class Timeline:
    def __init__(self, server: StandIn) -> None:
        self.statuses: list[dict[str, Any]] = []
        self.ids = itertools.count(113300000000000001)
        # Answer this many creates with a 503 after storing them (an answer
        # lost on the way back); Retry-After longer than a client waits.
        self.drop_answer = 0
        self.by_key: dict[str, dict[str, Any]] = {}
        self.media: dict[str, dict[str, Any]] = {}
        self.media_ids = itertools.count(109900000000000001)
        #: answer this many uploads 202 (still processing; ready at the first look)
        self.processing = 0
        #: answer this many uploads 503 before storing anything
        self.refuse_upload = 0
        server.route("mastodon", "GET", "/api/v1/accounts/lookup", self.lookup)
        server.route("mastodon", "GET", f"/api/v1/accounts/{ACCOUNT['id']}/statuses", self.timeline)
        server.route("mastodon", "POST", "/api/v1/statuses", self.create)
        server.route("mastodon", "POST", "/api/v2/media", self.upload)
        server.route("mastodon", "GET", "/api/v1/media/", self.media_status)

    def add(self, text: str, when: datetime | None = None) -> dict[str, Any]:
        sid = str(next(self.ids))
        status = {"id": sid, "created_at": (when or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                  "in_reply_to_id": None, "visibility": "public", "sensitive": False, "spoiler_text": "",
                  "language": "en", "url": f"https://mastodon.social/@riverbend/{sid}", "replies_count": 2,
                  "reblogs_count": 3, "favourites_count": 17, "media_attachments": [], "card": None,
                  "content": "<p>" + "<br />".join(html.escape(line) for line in text.split("\n")) + "</p>",
                  "account": ACCOUNT}
        self.statuses.insert(0, status)
        return status

    def lookup(self, request: Request) -> Response:
        if request.query.get("acct") != ACCOUNT["acct"]:
            return Response(404, {"error": "Record not found"})
        return Response(200, ACCOUNT)

    def timeline(self, request: Request) -> Response:
        return Response(200, self.statuses[:40])

    def create(self, request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return Response(401, {"error": "The access token is invalid"})
        body = request.json()
        if len(body["status"]) > 500:
            return Response(422, {"error": "Validation failed: Text character limit of 500 exceeded"})
        ids = body.get("media_ids", [])
        if len(ids) > 4 or any(i not in self.media or self.media[i].get("status_id") or not self.media[i]["url"]
                               for i in ids):
            return Response(422, {"error": "Validation failed: media_ids are unknown, processing or used"})
        # "Idempotency-Key: Prevent duplicate submissions of the same status"
        # (the create docs): the same key answers the status it made.
        key = request.headers.get("idempotency-key", "")
        status = self.by_key.get(key) if key else None
        if status is None:
            status = self.add(body["status"])
            status["media_attachments"] = [{k: self.media[i][k] for k in ("id", "type", "url", "description")}
                                           for i in ids]
            for i in ids:
                self.media[i]["status_id"] = status["id"]
            if key:
                self.by_key[key] = status
        if self.drop_answer:
            self.drop_answer -= 1
            return Response(503, {"error": "Service Unavailable"}, headers={"Retry-After": "3600"})
        return Response(200, status)


    def upload(self, request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return Response(401, {"error": "The access token is invalid"})
        if self.refuse_upload:
            self.refuse_upload -= 1
            return Response(503, {"error": "Service Unavailable"})
        parts = request.multipart()
        name, data, kind = parts.get("file", ("", b"", ""))
        if not data or not kind.startswith(("image/", "video/mp4", "video/webm", "video/quicktime")):
            return Response(422, {"error": "Validation failed: File content type is invalid"})
        media_id = str(next(self.media_ids))
        processing = self.processing > 0
        self.processing -= processing
        url = f"https://files.mastodon.social/media_attachments/{media_id}/original/{name}"
        self.media[media_id] = {"id": media_id, "type": kind.split("/")[0], "url": None if processing else url,
                                "preview_url": url, "description": parts.get("description", ("", b"", ""))[1].decode(),
                                "bytes": data, "ready_url": url}
        shown = {k: v for k, v in self.media[media_id].items() if k not in ("bytes", "ready_url")}
        return Response(202 if processing else 200, shown)

    def media_status(self, request: Request) -> Response:
        media = self.media.get(request.path.rsplit("/", 1)[-1])
        if media is None:
            return Response(404, {"error": "Record not found"})
        was_ready = media["url"] is not None
        media["url"] = media["ready_url"]  # processed by the time anyone looks
        shown = {k: v for k, v in media.items() if k not in ("bytes", "ready_url", "status_id")}
        return Response(200 if was_ready else 206, {**shown, "url": None} if not was_ready else shown)
