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
        server.route("mastodon", "GET", "/api/v1/accounts/lookup", self.lookup)
        server.route("mastodon", "GET", f"/api/v1/accounts/{ACCOUNT['id']}/statuses", self.timeline)
        server.route("mastodon", "POST", "/api/v1/statuses", self.create)

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
        # "Idempotency-Key: Prevent duplicate submissions of the same status"
        # (the create docs): the same key answers the status it made.
        key = request.headers.get("idempotency-key", "")
        status = self.by_key.get(key) if key else None
        if status is None:
            status = self.add(body["status"])
            if key:
                self.by_key[key] = status
        if self.drop_answer:
            self.drop_answer -= 1
            return Response(503, {"error": "Service Unavailable"}, headers={"Retry-After": "3600"})
        return Response(200, status)

