"""Reddit OAuth API stand-in (API host and token endpoint on one address).
Shapes follow the pages cited in fixtures/reddit/*.json; a bad token is a 401
with {"message": "Unauthorized", "error": 401} as Reddit answers."""

from __future__ import annotations

from .server import Request, Response, StandIn, fixture

TOKENS = {"Bearer test-token", "Bearer app-only-token", "Bearer user-access-token", "Bearer other-user-token"}
#: whose each user token is (GET /api/v1/me); an app-only token is nobody's
#: (Reddit answers it 403 on /api/v1/me)
OWNERS = {"Bearer test-token": "MayoClinicOfficial", "Bearer user-access-token": "MayoClinicOfficial",
          "Bearer other-user-token": "someone_else_entirely"}


def register(server: StandIn) -> None:
    def guarded(handler):
        def wrapped(request: Request) -> Response:
            if request.headers.get("authorization") not in TOKENS:
                return Response(401, {"message": "Unauthorized", "error": 401})
            return handler(request)
        return wrapped

    @guarded
    def get(request: Request) -> Response:
        path = request.path
        if path == "/api/v1/me":
            # https://www.reddit.com/dev/api/#GET_api_v1_me: the identity scope's
            # account object (trimmed to what Bedside reads, plus a few neighbours).
            owner = OWNERS.get(request.headers.get("authorization", ""))
            if owner is None:
                return Response(403, {"message": "Forbidden", "error": 403})
            return Response(200, {"name": owner, "id": "abc12", "is_employee": False, "has_mail": False,
                                  "created_utc": 1325376000.0, "link_karma": 10, "comment_karma": 4})
        if path == "/r/mayoclinic/about":
            return Response(200, fixture("reddit/subreddit_about.json"))
        if path == "/user/MayoClinicOfficial/about":
            return Response(200, fixture("reddit/user_about.json"))
        if path in ("/r/mayoclinic/new", "/user/MayoClinicOfficial/submitted"):
            page = "new_page2" if request.query.get("after") == "t3_1fv0002" else "new_page1"
            return Response(200, fixture(f"reddit/{page}.json"))
        if path == "/search":
            # https://www.reddit.com/dev/api/#GET_search: a Listing of links (t3).
            if not request.query.get("q") or request.query.get("sort") != "new":
                return Response(400, {"message": "Bad Request", "error": 400})
            return Response(200, fixture("reddit/search.json"))
        if path == "/user/MayoClinicOfficial/comments":
            # https://www.reddit.com/dev/api/#GET_user_{username}_{where}: newest first, with a comment
            # of ours elsewhere that answers something else.
            elsewhere = {"kind": "t1", "data": {"id": "lq0500", "name": "t1_lq0500", "body": "Thanks!",
                                                "parent_id": "t3_1fv0001", "permalink": ""}}
            mine = [{"kind": "t1", "data": c} for c in reversed(server.posted[("reddit", "MayoClinicOfficial")])]
            return Response(200, {"kind": "Listing", "data": {"after": None, "children": [*mine, elsewhere]}})
        if path in ("/message/inbox", "/r/mayoclinic/comments"):
            return Response(200, fixture("reddit/inbox.json"))
        return Response(404, {"message": "Not Found", "error": 404})

    @guarded
    def submit(request: Request) -> Response:
        form = request.form()
        if not form.get("title"):
            return Response(200, {"json": {"errors": [["NO_TEXT", "we need something here", "title"]]}})
        return Response(200, {"json": {"errors": [], "data": {"url": "https://www.reddit.com/r/mayoclinic/comments/1fv0999/x/", "drafts_count": 0, "id": "1fv0999", "name": "t3_1fv0999"}}})

    @guarded
    def comment(request: Request) -> Response:
        posted = server.posted[("reddit", "MayoClinicOfficial")]
        short = f"lq0{999 - len(posted)}"
        data = {"id": short, "name": f"t1_{short}", "body": request.form()["text"],
                "parent_id": request.form()["thing_id"],
                "permalink": f"/r/mayoclinic/comments/1fv0003/flu_shot_clinic_hours/{short}/"}
        posted.append(data)
        return Response(200, {"json": {"errors": [], "data": {"things": [{"kind": "t1", "data": data}]}}})

    @guarded
    def remove(request: Request) -> Response:
        # The account moderates r/mayoclinic; t1_lq0002 (inbox.json) is on r/health, which it does not.
        if request.form().get("id") == "t1_lq0002":
            return Response(403, fixture("reddit/compose.json")["not_moderator"])
        return Response(200, {})

    @guarded
    def compose(request: Request) -> Response:
        if request.form().get("to") == "worried_parent":  # accepts messages from people they allow only
            return Response(200, fixture("reddit/compose.json")["refused"])
        return Response(200, fixture("reddit/compose.json")["sent"])

    def token(request: Request) -> Response:
        form = request.form()
        if not request.headers.get("authorization", "").startswith("Basic "):
            return Response(401, {"message": "Unauthorized", "error": 401})
        if form.get("grant_type") == "client_credentials":
            return Response(200, {"access_token": "app-only-token", "token_type": "bearer", "expires_in": 86400, "scope": "*"})
        if form.get("code") == "bad" or form.get("refresh_token") == "revoked":
            # Reddit answers some token errors with 200 and an "error" field.
            return Response(200, {"error": "invalid_grant"})
        return Response(200, fixture("reddit/token.json"))

    server.route("reddit", "GET", "/", get)
    server.route("reddit", "POST", "/api/submit", submit)
    server.route("reddit", "POST", "/api/comment", comment)
    server.route("reddit", "POST", "/api/remove", remove)
    server.route("reddit", "POST", "/api/compose", compose)
    server.route("reddit", "POST", "/api/v1/access_token", token)
