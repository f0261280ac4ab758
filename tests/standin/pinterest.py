"""Pinterest API v5 stand-in. Shapes follow the pages cited in
fixtures/pinterest/*.json; errors are {"code", "message"} as in
https://developers.pinterest.com/docs/reference/error-codes/."""

from __future__ import annotations

from .server import Request, Response, StandIn, fixture

TOKEN = "pina_test-token"


def register(server: StandIn) -> None:
    def authed(request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {TOKEN}"

    def get(request: Request) -> Response:
        if not authed(request):
            return Response(401, {"code": 2, "message": "Authentication failed."})
        if request.path == "/user_account":
            return Response(200, fixture("pinterest/user_account.json"))
        if request.path == "/pins":
            page = "pins_page2" if request.query.get("bookmark") else "pins_page1"
            return Response(200, fixture(f"pinterest/{page}.json"))
        return Response(404, {"code": 3, "message": "Not found."})

    def token(request: Request) -> Response:
        form = request.form()
        if not request.headers.get("authorization", "").startswith("Basic "):
            return Response(401, {"code": 2, "message": "Authentication failed."})
        if form.get("code") == "bad" or form.get("refresh_token") == "revoked":
            return Response(400, {"code": 1, "message": "Invalid authorization code."})
        return Response(200, {"access_token": "pina_new", "refresh_token": "pinr_new", "response_type": "authorization_code",
                              "token_type": "bearer", "expires_in": 2592000, "refresh_token_expires_in": 31536000,
                              "scope": "user_accounts:read,pins:read,boards:read,pins:write"})

    def create_pin(request: Request) -> Response:
        # https://developers.pinterest.com/docs/api/v5/pins-create: board_id and media_source required
        if not authed(request):
            return Response(401, {"code": 2, "message": "Authentication failed."})
        body = request.json()
        source = body.get("media_source") or {}
        if not body.get("board_id") or source.get("source_type") != "image_base64" or not source.get("data"):
            return Response(400, {"code": 1, "message": "Invalid request: board_id and media_source are required"})
        pins = server.posted[("pinterest", "pins")]
        pins.append(body)
        return Response(201, {"id": f"81346162{len(pins):04d}", "board_id": body["board_id"],
                              "description": body.get("description", ""), "alt_text": body.get("alt_text")})

    server.route("pinterest", "GET", "/", get)
    server.route("pinterest", "POST", "/pins", create_pin)
    server.route("pinterest", "POST", "/oauth/token", token)
