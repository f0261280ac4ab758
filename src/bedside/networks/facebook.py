"""Facebook Pages through the Graph API (and the Graph plumbing Instagram shares).

Followed:
- https://developers.facebook.com/docs/graph-api/reference/page/ (fan_count, followers_count,
  talking_about_count, were_here_count, overall_star_rating, rating_count)
- https://developers.facebook.com/docs/graph-api/reference/page/feed/ (GET /{page}/posts, POST /{page}/feed)
- https://developers.facebook.com/docs/graph-api/reference/object/comments/ (POST /{object}/comments)
- https://developers.facebook.com/docs/graph-api/reference/comment/ (is_hidden)
- https://developers.facebook.com/docs/graph-api/reference/page/ratings/ (recommendations)
- https://developers.facebook.com/docs/graph-api/results (cursor paging)
- https://developers.facebook.com/docs/graph-api/guides/error-handling (codes 190, 4, 17, 32, 613)
- https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
- https://developers.facebook.com/documentation/pages-api/platforminsights/page/deprecated-metrics
  (Page Insights metrics such as page_impressions_unique and page_fans were retired in
  2025, so profile statistics come from the Page's own public fields, not Insights)

Peers are read through the Page's public fields; the organization's own Page
with its Page access token (see :meth:`GraphClient.pages`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from . import parsing as p
from .base import Credentials, NetworkClient
from .errors import AuthError, NotFound, PayloadError, PermanentError, TransientError
from .oauth import build_authorize_url, request_token
from .records import Message, MessageKind, Page, Post, ProfileStats, Sent

GRAPH_VERSION = "v25.0"
_RATE_LIMIT_CODES = ("(#4)", "(#17)", "(#32)", "(#613)", "(#80001)", "(#80002)")
_NAME = re.compile(r"^[A-Za-z0-9.\-]{5,50}$")
_ID = re.compile(r"^[0-9]{5,20}$")
_URL = re.compile(
    r"^(?:https?://)?(?:www\.|m\.|web\.)?(?:facebook|fb)\.com/"
    r"(?:profile\.php\?id=([0-9]+)|pages/[^/]+/([0-9]+)|([^/?#]+))/?(?:[?#].*)?$",
    re.I,
)
DEFAULT_SCOPES = (
    "pages_show_list",
    "pages_read_engagement",
    "pages_read_user_content",
    "pages_manage_posts",
    "pages_manage_engagement",
)


class GraphClient(NetworkClient):
    """What Facebook and Instagram share: Graph calls, errors and Facebook Login."""

    default_base_url: ClassVar[str] = f"https://graph.facebook.com/{GRAPH_VERSION}"

    def _call(self, method: str, path: str, params: Mapping[str, str] | None = None, **kwargs: Any) -> Any:
        if not self.credentials.token:
            raise AuthError(self.slug, f"no access token: connect the account (or set BEDSIDE_{self.slug.upper()}_TOKEN)")
        headers = {"Authorization": f"Bearer {self.credentials.token}"}
        try:
            response = self.http.request(method, self.url(path), params=params, headers=headers, **kwargs)
        except PermanentError as exc:
            raise _graph_error(self.slug, exc) from exc
        return self.http.parse_json(response)

    def _get(self, path: str, params: Mapping[str, str]) -> Mapping[str, Any]:
        return p.obj(self.slug, self._call("GET", path, params), "response")

    def _next(self, answer: Mapping[str, Any], where: str = "paging") -> str | None:
        # Graph keeps "cursors" on the last page too; only "next" says there is more.
        paging = answer.get("paging")
        if not isinstance(paging, Mapping) or not paging.get("next"):
            return None
        cursors = p.obj(self.slug, paging.get("cursors"), f"{where}.cursors")
        after = cursors.get("after")
        return str(after) if after else None

    # -- Facebook Login ------------------------------------------------------
    def authorize_url(
        self, client_id: str, redirect_uri: str, state: str, scopes: Iterable[str] = DEFAULT_SCOPES
    ) -> str:
        return build_authorize_url(
            f"https://www.facebook.com/{GRAPH_VERSION}/dialog/oauth",
            client_id=client_id, redirect_uri=redirect_uri, state=state, scopes=scopes, scope_separator=",",
        )

    def exchange_code(self, code: str, redirect_uri: str) -> Credentials:
        form = {
            "client_id": self.credentials.client_id,
            "client_secret": self.credentials.client_secret,
            "redirect_uri": redirect_uri,
            "code": code,
        }
        return request_token(self.http, self.url("/oauth/access_token"), form, base=self.credentials, method="GET")

    def long_lived(self, credentials: Credentials) -> Credentials:
        """Trade a short-lived user token for a 60-day one. Facebook has no
        refresh tokens; Page tokens fetched with a long-lived user token do not expire."""
        form = {
            "grant_type": "fb_exchange_token",
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
            "fb_exchange_token": credentials.token,
        }
        return request_token(self.http, self.url("/oauth/access_token"), form, base=credentials, method="GET")

    def pages(self) -> list[dict[str, str]]:
        """The Pages the connected user manages, each with its own Page access
        token and linked Instagram professional account id (if any)."""
        answer = self._get("/me/accounts", {"fields": "id,name,access_token,instagram_business_account"})
        found = []
        for i, raw in enumerate(p.items(self.slug, answer.get("data", []), "data")):
            page = p.obj(self.slug, raw, f"data[{i}]")
            ig = page.get("instagram_business_account")
            found.append({
                "id": p.text(self.slug, page, "id", f"data[{i}]", required=True),
                "name": p.text(self.slug, page, "name", f"data[{i}]"),
                "access_token": p.text(self.slug, page, "access_token", f"data[{i}]"),
                "instagram_user_id": p.text(self.slug, ig, "id", f"data[{i}].instagram_business_account")
                if isinstance(ig, Mapping) else "",
            })
        return found


def _graph_error(network: str, exc: PermanentError) -> PermanentError | TransientError:
    """Graph answers most failures with HTTP 400 and an error code in the body."""
    text = exc.message
    lowered = text.lower()
    if isinstance(exc, AuthError | NotFound):
        return exc
    if any(code in text for code in _RATE_LIMIT_CODES) or "request limit reached" in lowered:
        return TransientError(network, text, status=exc.status)
    # Code 190 (bad or expired token). Only the first 200 characters of the body
    # reach us, and the token message comes first: "Error validating access token".
    if "access token" in lowered or "session has expired" in lowered or re.search(r'"code":\s*190\b', text):
        return AuthError(network, text, status=exc.status)
    # 2207013: business discovery found no professional account by that name.
    if "does not exist" in lowered or "(#803)" in text or "2207013" in text:
        return NotFound(network, text, status=exc.status)
    return exc


class FacebookClient(GraphClient):
    slug: ClassVar[str] = "facebook"
    label: ClassVar[str] = "Facebook"
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"profile", "posts", "messages", "reviews", "publish", "reply", "hide"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ids: dict[str, str] = {}

    @classmethod
    def normalize_handle(cls, handle: str) -> str:
        raw = (handle or "").strip()
        match = _URL.match(raw)
        if match:
            raw = next(group for group in match.groups() if group)
        raw = raw.removeprefix("@")
        if _ID.match(raw) or (_NAME.match(raw) and not raw.isdigit() and ".." not in raw):
            return raw
        raise ValueError(
            f"Facebook: {handle!r} is not a Page; expected the Page's username as in "
            "facebook.com/<username> (5-50 letters, digits or periods) or its numeric id"
        )

    # -- reads ---------------------------------------------------------------
    def profile(self, handle: str) -> ProfileStats:
        name = self.normalize_handle(handle)
        page = self._get(f"/{name}", {"fields": (
            "id,name,username,about,description,link,website,picture.type(large){url},"
            "fan_count,followers_count,talking_about_count,were_here_count,overall_star_rating,rating_count"
        )})
        page_id = p.text(self.slug, page, "id", "page", required=True)
        self._ids[name] = page_id
        picture = page.get("picture")
        avatar = ""
        if isinstance(picture, Mapping) and isinstance(picture.get("data"), Mapping):
            avatar = p.text(self.slug, picture["data"], "url", "page.picture.data")
        rating = page.get("overall_star_rating")
        return ProfileStats(
            network=self.slug,
            external_id=page_id,
            handle=p.text(self.slug, page, "username", "page") or name,
            taken_at=p.now(),
            name=p.text(self.slug, page, "name", "page"),
            description=p.text(self.slug, page, "about", "page") or p.text(self.slug, page, "description", "page"),
            url=p.text(self.slug, page, "link", "page"),
            avatar_url=avatar,
            website=p.text(self.slug, page, "website", "page"),
            followers=p.count(self.slug, page, "followers_count", "page"),
            extra={
                "fan_count": p.count(self.slug, page, "fan_count", "page"),
                "talking_about_count": p.count(self.slug, page, "talking_about_count", "page"),
                "were_here_count": p.count(self.slug, page, "were_here_count", "page"),
                "rating_count": p.count(self.slug, page, "rating_count", "page"),
                "overall_star_rating": float(rating) if isinstance(rating, int | float) else None,
            },
        )

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        name = self.normalize_handle(handle)
        params = {
            "fields": "id,message,created_time,permalink_url,status_type,full_picture,shares,"
            "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)",
            "limit": "100",
        }
        if cursor:
            params["after"] = cursor
        answer = self._get(f"/{name}/posts", params)
        items = p.items(self.slug, answer.get("data", []), "data")
        return Page([self._post(name, raw, f"data[{i}]") for i, raw in enumerate(items)], self._next(answer))

    def messages(self, handle: str, cursor: str | None = None) -> Page[Message]:
        """Comments on the Page's posts, newest first (up to 50 a post; a page
        of 25 posts a call)."""
        name = self.normalize_handle(handle)
        params = {
            "fields": "id,comments.limit(50).order(reverse_chronological)"
            "{id,message,created_time,from{id,name},permalink_url,parent{id},is_hidden}",
            "limit": "25",
        }
        if cursor:
            params["after"] = cursor
        answer = self._get(f"/{name}/posts", params)
        found = []
        for i, raw in enumerate(p.items(self.slug, answer.get("data", []), "data")):
            post = p.obj(self.slug, raw, f"data[{i}]")
            post_id = p.text(self.slug, post, "id", f"data[{i}]", required=True)
            comments = post.get("comments")
            if comments is None:
                continue
            comments = p.obj(self.slug, comments, f"data[{i}].comments")
            for j, c in enumerate(p.items(self.slug, comments.get("data", []), f"data[{i}].comments.data")):
                found.append(self._comment(post_id, c, f"data[{i}].comments.data[{j}]"))
        return Page(found, self._next(answer))

    def reviews(self, handle: str, cursor: str | None = None) -> Page[Message]:
        """Recommendations (Facebook replaced star ratings with yes/no in 2018;
        older reviews still carry ``rating``)."""
        name = self.normalize_handle(handle)
        params = {
            "fields": "created_time,recommendation_type,review_text,rating,reviewer{id,name},open_graph_story{id}",
            "limit": "100",
        }
        if cursor:
            params["after"] = cursor
        answer = self._get(f"/{name}/ratings", params)
        items = p.items(self.slug, answer.get("data", []), "data")
        return Page([self._review(raw, f"data[{i}]") for i, raw in enumerate(items)], self._next(answer))

    # -- writes --------------------------------------------------------------
    def publish(self, handle: str, text: str) -> Sent:
        page_id = self._page_id(handle)
        answer = p.obj(self.slug, self._call("POST", f"/{page_id}/feed", data={"message": text}, idempotent=False), "response")
        post_id = p.text(self.slug, answer, "id", "response", required=True)
        return Sent(self.slug, post_id, f"https://www.facebook.com/{post_id}")

    def reply(self, handle: str, in_reply_to: str, text: str) -> Sent:
        answer = p.obj(self.slug, self._call("POST", f"/{in_reply_to}/comments", data={"message": text}, idempotent=False), "response")
        return Sent(self.slug, p.text(self.slug, answer, "id", "response", required=True))

    def hide(self, handle: str, external_id: str) -> None:
        answer = p.obj(self.slug, self._call("POST", f"/{external_id}", data={"is_hidden": "true"}), "response")
        if answer.get("success") is not True:
            raise PayloadError(self.slug, "response.success", "Facebook did not confirm the comment is hidden")

    # -- helpers -------------------------------------------------------------
    def _page_id(self, handle: str) -> str:
        name = self.normalize_handle(handle)
        if _ID.match(name):
            return name
        if name not in self._ids:
            page = self._get(f"/{name}", {"fields": "id"})
            self._ids[name] = p.text(self.slug, page, "id", "page", required=True)
        return self._ids[name]

    def _post(self, name: str, raw: Any, where: str) -> Post:
        post = p.obj(self.slug, raw, where)
        post_id = p.text(self.slug, post, "id", where, required=True)
        status = p.text(self.slug, post, "status_type", where)
        if "video" in status:
            media = "video"
        elif "photo" in status or post.get("full_picture"):
            media = "image"
        elif "link" in status:
            media = "link"
        else:
            media = "text"
        return Post(
            network=self.slug,
            external_id=post_id,
            author_handle=name,
            published_at=p.when(self.slug, post.get("created_time"), f"{where}.created_time"),
            text=p.text(self.slug, post, "message", where),
            url=p.text(self.slug, post, "permalink_url", where) or f"https://www.facebook.com/{post_id}",
            media_type=media,
            likes=self._summary(post, "reactions", where),
            comments=self._summary(post, "comments", where),
            shares=p.count(self.slug, post.get("shares") if isinstance(post.get("shares"), Mapping) else None,
                           "count", f"{where}.shares"),
        )

    def _summary(self, post: Mapping[str, Any], edge: str, where: str) -> int | None:
        block = post.get(edge)
        if block is None:
            return None
        summary = p.obj(self.slug, p.obj(self.slug, block, f"{where}.{edge}").get("summary"), f"{where}.{edge}.summary")
        return p.count(self.slug, summary, "total_count", f"{where}.{edge}.summary")

    def _comment(self, post_id: str, raw: Any, where: str) -> Message:
        comment = p.obj(self.slug, raw, where)
        author = comment.get("from")
        author = p.obj(self.slug, author, f"{where}.from") if author is not None else {}
        parent = comment.get("parent")
        parent_id = p.text(self.slug, parent, "id", f"{where}.parent") if isinstance(parent, Mapping) else ""
        return Message(
            network=self.slug,
            external_id=p.text(self.slug, comment, "id", where, required=True),
            kind=MessageKind.COMMENT,
            # "from" is only returned with a Page token of the Page itself.
            author_handle=p.text(self.slug, author, "id", f"{where}.from"),
            author_name=p.text(self.slug, author, "name", f"{where}.from"),
            published_at=p.when(self.slug, comment.get("created_time"), f"{where}.created_time"),
            text=p.text(self.slug, comment, "message", where),
            url=p.text(self.slug, comment, "permalink_url", where),
            in_reply_to=parent_id or post_id,
            thread_id=post_id,
            extra={"is_hidden": comment.get("is_hidden") is True},
        )

    def _review(self, raw: Any, where: str) -> Message:
        review = p.obj(self.slug, raw, where)
        reviewer = review.get("reviewer")
        reviewer = p.obj(self.slug, reviewer, f"{where}.reviewer") if reviewer is not None else {}
        story = review.get("open_graph_story")
        story_id = p.text(self.slug, story, "id", f"{where}.open_graph_story") if isinstance(story, Mapping) else ""
        created = p.when(self.slug, review.get("created_time"), f"{where}.created_time")
        rating = review.get("rating")
        if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int | float)):
            raise PayloadError(self.slug, f"{where}.rating", f"expected a number, got {rating!r}")
        reviewer_id = p.text(self.slug, reviewer, "id", f"{where}.reviewer")
        return Message(
            network=self.slug,
            # Ratings have no id of their own; the story id is stable when present.
            external_id=story_id or f"{reviewer_id or 'anonymous'}:{created.isoformat()}",
            kind=MessageKind.REVIEW,
            author_handle=reviewer_id,
            author_name=p.text(self.slug, reviewer, "name", f"{where}.reviewer"),
            published_at=created,
            text=p.text(self.slug, review, "review_text", where),
            rating=float(rating) if rating is not None else None,
            extra={"recommendation_type": p.text(self.slug, review, "recommendation_type", where)},
        )
