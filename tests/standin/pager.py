"""A paging system's signed webhook stand-in (no vendor's format: Bedside's
own, documented in bedside.inbox.transports).

It checks what a paging system receiving Bedside's alerts must check: the
``X-Bedside-Signature`` header is ``sha256=`` and the hex HMAC-SHA256, under
the shared secret, of ``X-Bedside-Timestamp``, a dot and the raw body; the
timestamp is within five minutes; a repeated ``X-Bedside-Delivery`` is
acknowledged but paged once. Bad signatures get 401.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from tests.standin.server import Request, Response, StandIn

SECRET = "pager-shared-secret-for-tests-only"
MAX_SKEW = 300


def register(server: StandIn) -> None:
    server.pages = []  # type: ignore[attr-defined]
    seen: set[str] = set()

    def post(request: Request) -> Response:
        timestamp = request.headers.get("x-bedside-timestamp", "")
        given = request.headers.get("x-bedside-signature", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW:
            return Response(401, {"error": "stale or missing timestamp"})
        expected = "sha256=" + hmac.new(SECRET.encode(), timestamp.encode() + b"." + request.body,
                                        hashlib.sha256).hexdigest()
        if not hmac.compare_digest(given, expected):
            return Response(401, {"error": "bad signature"})
        delivery = request.headers.get("x-bedside-delivery", "")
        if delivery not in seen:
            seen.add(delivery)
            server.pages.append(request.json())  # type: ignore[attr-defined]
        return Response(202, {"status": "accepted"})

    server.route("pager", "POST", "/v1/alerts", post)
