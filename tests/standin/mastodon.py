"""Mastodon REST stand-in. Shapes follow the pages cited in
fixtures/mastodon/*.json (whose "body" is what is served); errors follow
https://docs.joinmastodon.org/entities/Error/ ({"error": ...})."""

from __future__ import annotations

from .server import Request, Response, StandIn, fixture

TOKEN = "test-token"
#: a valid token of another account on the same instance (whose-inbox check)
OTHER_TOKEN = "other-token"


def _unauthorized() -> Response:
    return Response(401, {"error": "The access token is invalid"})


def register(server: StandIn) -> None:
    keys: dict[str, dict] = {}  # Idempotency-Key -> the status it made
    def authed(request: Request) -> bool:
        return request.headers.get("authorization") in (f"Bearer {TOKEN}", f"Bearer {OTHER_TOKEN}")

    def verify_credentials(request: Request) -> Response:
        # https://docs.joinmastodon.org/methods/accounts/#verify_credentials: the
        # token holder's CredentialAccount (the lookup's Account plus "source").
        if not authed(request):
            return _unauthorized()
        account = dict(fixture("mastodon/account.json"))
        if request.headers.get("authorization") == f"Bearer {OTHER_TOKEN}":
            account.update(id="109999", username="nurse_jo", acct="nurse_jo", display_name="Jo",
                           url="https://mastodon.social/@nurse_jo")
        account["source"] = {"privacy": "public", "sensitive": False, "language": "en", "note": "", "fields": []}
        return Response(200, account)

    def lookup(request: Request) -> Response:
        if request.query.get("acct") != "mayoclinic":
            return Response(404, {"error": "Record not found"})
        return Response(200, fixture("mastodon/account.json"))

    def statuses(request: Request) -> Response:
        base = server.base_url("mastodon")
        if request.query.get("max_id") == "113250000000000002":
            return Response(200, fixture("mastodon/statuses_page2.json")["body"],
                            headers={"Link": f'<{base}/api/v1/accounts/109302/statuses?min_id=113250000000000001>; rel="prev"'})
        return Response(200, fixture("mastodon/statuses_page1.json")["body"], headers={
            "Link": f'<{base}/api/v1/accounts/109302/statuses?limit=40&max_id=113250000000000002>; rel="next", '
                    f'<{base}/api/v1/accounts/109302/statuses?min_id=113250000000000003>; rel="prev"'})

    def notifications(request: Request) -> Response:
        if not authed(request):
            return _unauthorized()
        return Response(200, fixture("mastodon/notifications.json")["body"])

    def status(request: Request) -> Response:
        if not authed(request):
            return _unauthorized()
        if request.path.endswith("/context"):
            # https://docs.joinmastodon.org/methods/statuses/#context
            parent = request.path.split("/")[-2]
            return Response(200, {"ancestors": [], "descendants": server.posted[("mastodon", parent)]})
        for note in fixture("mastodon/notifications.json")["body"]:
            if request.path.endswith("/" + note["status"]["id"]):
                return Response(200, note["status"])
        return Response(404, {"error": "Record not found"})

    def create(request: Request) -> Response:
        if not authed(request):
            return _unauthorized()
        body = request.json()
        if len(body["status"]) > 500:  # mastodon.social's limit
            return Response(422, fixture("mastodon/direct_status.json")["too_long"])
        # "Idempotency-Key: ... to prevent duplicate submissions of the same
        # status" (https://docs.joinmastodon.org/methods/statuses/#create):
        # the same key answers the status already made.
        key = request.headers.get("idempotency-key", "")
        if key and key in keys:
            return Response(200, keys[key])
        parent = body.get("in_reply_to_id") or ""
        number = 999 - len(keys)
        status = {"id": f"113250000000000{number}", "url": f"https://mastodon.social/@mayoclinic/113250000000000{number}",
                  "content": f"<p>{body['status']}</p>", "visibility": body.get("visibility", "public"),
                  "in_reply_to_id": parent or None, "account": {"acct": "mayoclinic"},
                  "created_at": "2025-10-04T00:00:00.000Z"}
        keys[key or f"nokey{number}"] = status
        if parent:
            server.posted[("mastodon", parent)].append(status)
        return Response(200, status)

    def apps(request: Request) -> Response:
        return Response(200, {"id": "563419", "name": request.json()["client_name"], "website": None,
                              "redirect_uri": request.json()["redirect_uris"],
                              "client_id": "TWhM-tNSuncnqN7DBJmoyeLnk6K3iJJ71KKXxgL1hPM",
                              "client_secret": "ZEaFUFmF0umgBX1qKJDjaU99Q31lDkOU8NutzTOoliw"})

    def token(request: Request) -> Response:
        if request.form().get("code") != "good-code":
            return Response(400, {"error": "invalid_grant", "error_description": "The provided authorization grant is invalid"})
        return Response(200, {"access_token": "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0", "token_type": "Bearer",
                              "scope": "read write", "created_at": 1573979017})

    def tag_timeline(request: Request) -> Response:
        # https://docs.joinmastodon.org/methods/timelines/#tag: public, an array of Status.
        if request.path.rstrip("/").rsplit("/", 1)[-1].lower() != "riverbendcares" or request.query.get("max_id"):
            return Response(200, [])
        return Response(200, fixture("mastodon/tag_timeline.json")["statuses"])

    def public_timeline(request: Request) -> Response:
        # https://docs.joinmastodon.org/methods/timelines/#public: local=true is
        # the instance's own posts; an array of Status, newest first.
        if request.query.get("local") != "true" or request.query.get("max_id"):
            return Response(200, [])
        return Response(200, fixture("mastodon/public_timeline.json")["statuses"])

    server.route("mastodon", "GET", "/api/v1/timelines/tag/", tag_timeline)
    server.route("mastodon", "GET", "/api/v1/timelines/public", public_timeline)
    server.route("mastodon", "GET", "/api/v1/accounts/lookup", lookup)
    server.route("mastodon", "GET", "/api/v1/accounts/verify_credentials", verify_credentials)
    server.route("mastodon", "GET", "/api/v1/accounts/", statuses)
    server.route("mastodon", "GET", "/api/v1/notifications", notifications)
    server.route("mastodon", "GET", "/api/v1/statuses/", status)
    server.route("mastodon", "POST", "/api/v1/statuses", create)
    server.route("mastodon", "POST", "/api/v1/apps", apps)
    server.route("mastodon", "POST", "/oauth/token", token)
