"""Reddit through its OAuth API (oauth.reddit.com).

Followed:
- https://www.reddit.com/dev/api/ (GET /r/{sr}/about, /user/{name}/about, /r/{sr}/new,
  /user/{name}/submitted, /r/{sr}/comments, /message/inbox; POST /api/submit,
  /api/comment, /api/remove, /api/compose; Listing "after" cursors; GET /search for listening)
- https://www.reddit.com/dev/api/#GET_api_v1_me (whose token this is: /message/inbox names no
  user and answers for the token holder, so it is checked before the inbox is read)
- https://github.com/reddit-archive/reddit/wiki/OAuth2 (authorize, access_token,
  refresh, application-only client_credentials)
- https://support.reddithelp.com/hc/en-us/articles/16160319875092-Reddit-Data-API-Wiki
  (rate limits and X-Ratelimit-* headers)

A handle is ``r/name`` (a subreddit) or ``u/name`` (a user). Without a user
token the client gets an application-only token from the client id and
secret, enough for public reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from . import parsing as p
from .base import Credentials, NetworkClient
from .errors import AuthError, NotFound, PayloadError, PermanentError
from .oauth import basic_auth, build_authorize_url, refresh_token_of, request_token
from .records import Message, MessageKind, Page, Post, PostedReply, ProfileStats, Sent

_SUB = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{1,20}$")
_USER = re.compile(r"^[A-Za-z0-9_-]{3,20}$")
_TYPED = re.compile(r"^(?:(?:https?://)?(?:www\.|old\.|new\.)?reddit\.com)?/?(r|u|user)/([^/?#\s]+)/?$", re.I)
AUTHORIZE_URL = "https://www.reddit.com/api/v1/authorize"
TOKEN_URL = "https://www.reddit.com/api/v1/access_token"
DEFAULT_SCOPES = ("identity", "read", "submit", "privatemessages", "modposts", "history")


class RedditClient(NetworkClient):
    slug: ClassVar[str] = "reddit"
    label: ClassVar[str] = "Reddit"
    default_base_url: ClassVar[str] = "https://oauth.reddit.com"
    reads_back_replies: ClassVar[bool] = True
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"profile", "posts", "messages", "publish", "reply", "hide", "delete", "private", "search"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._app_token = ""

    @classmethod
    def normalize_handle(cls, handle: str) -> str:
        raw = (handle or "").strip()
        match = _TYPED.match(raw)
        if match:
            kind, name = match.group(1).lower(), match.group(2)
        else:
            kind, name = "r", raw
        if kind == "r" and _SUB.match(name):
            return f"r/{name}"
        if kind in ("u", "user") and _USER.match(name):
            return f"u/{name}"
        raise ValueError(
            f"Reddit: {handle!r} is not a subreddit or user; expected r/name, u/name "
            "or a subreddit name (3-21 letters, digits or underscores)"
        )

    @property
    def token_url(self) -> str:
        # Tokens come from www.reddit.com, not the API host; a stand-in serves both.
        return TOKEN_URL if self.base_url == self.default_base_url else self.url("/api/v1/access_token")

    # -- reads ---------------------------------------------------------------
    def profile(self, handle: str) -> ProfileStats:
        kind, name = self.normalize_handle(handle).split("/")
        path = f"/r/{name}/about" if kind == "r" else f"/user/{name}/about"
        thing = p.obj(self.slug, self._get(path, {"raw_json": "1"}), "about")
        data = p.obj(self.slug, thing.get("data"), "about.data")
        salvage = p.Salvage(self.slug, p.guess_id(data))
        if kind == "r":
            return ProfileStats(
                network=self.slug,
                external_id=p.text(self.slug, data, "name", "about.data", required=True),
                handle=f"r/{p.text(self.slug, data, 'display_name', 'about.data') or name}",
                taken_at=p.now(),
                name=p.text(self.slug, data, "title", "about.data"),
                description=p.text(self.slug, data, "public_description", "about.data"),
                url=f"https://www.reddit.com/r/{name}/",
                avatar_url=p.text(self.slug, data, "community_icon", "about.data").split("?")[0]
                or p.text(self.slug, data, "icon_img", "about.data"),
                followers=salvage.count(data, "subscribers", "about.data"),
                extra={"active_user_count": salvage.count(data, "active_user_count", "about.data")},
                problems=tuple(salvage.problems),
            )
        profile_sub = data.get("subreddit")
        profile_sub = p.obj(self.slug, profile_sub, "about.data.subreddit") if profile_sub is not None else None
        return ProfileStats(
            network=self.slug,
            external_id=f"t2_{p.text(self.slug, data, 'id', 'about.data', required=True)}",
            handle=f"u/{p.text(self.slug, data, 'name', 'about.data') or name}",
            taken_at=p.now(),
            name=p.text(self.slug, profile_sub or {}, "title", "about.data.subreddit"),
            description=p.text(self.slug, profile_sub or {}, "public_description", "about.data.subreddit"),
            url=f"https://www.reddit.com/user/{name}/",
            avatar_url=p.text(self.slug, data, "icon_img", "about.data").split("?")[0],
            followers=salvage.count(profile_sub, "subscribers", "about.data.subreddit"),
            extra={
                "total_karma": salvage.count(data, "total_karma", "about.data"),
                "link_karma": salvage.count(data, "link_karma", "about.data"),
                "comment_karma": salvage.count(data, "comment_karma", "about.data"),
            },
            problems=tuple(salvage.problems),
        )

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        kind, name = self.normalize_handle(handle).split("/")
        path = f"/r/{name}/new" if kind == "r" else f"/user/{name}/submitted"
        children, after = self._listing(path, cursor)
        return p.page(self.slug, children, self._post, after, "data.children[{}]")

    def messages(self, handle: str, cursor: str | None = None) -> Page[Message]:
        """For r/ the subreddit's newest comments; for u/ the connected user's
        inbox (comment replies, mentions and private messages)."""
        kind, name = self.normalize_handle(handle).split("/")
        path = f"/r/{name}/comments" if kind == "r" else "/message/inbox"
        if kind == "u":
            if not self.credentials.token:
                raise AuthError(self.slug, "reading an inbox needs the user's own token: connect the account")
            # The inbox is the token holder's, whoever the channel is.
            self.check_identity(handle)
        children, after = self._listing(path, cursor)
        return p.page(self.slug, children, self._message, after, "data.children[{}]")

    def search(self, query: str, cursor: str | None = None, *, where: str = "") -> Page[Message]:
        """Posts anywhere on Reddit matching ``query``, newest first (an
        application-only token is enough)."""
        params = {"q": query, "sort": "new", "type": "link", "limit": "100", "raw_json": "1"}
        if cursor:
            params["after"] = cursor
        listing = p.obj(self.slug, self._get("/search", params), "listing")
        data = p.obj(self.slug, listing.get("data"), "data")
        after = data.get("after")

        def mention(raw: Any, where_: str) -> Message:
            post = self._post(raw, where_)
            return Message(network=self.slug, external_id=post.external_id, kind=MessageKind.MENTION,
                           author_handle=post.author_handle, author_name="", published_at=post.published_at,
                           text=post.text, url=post.url, language=post.language, sensitive=post.sensitive)

        return p.page(self.slug, p.items(self.slug, data.get("children"), "data.children"), mention,
                      str(after) if after else None, "data.children[{}]")

    def whoami(self, handle: str) -> str:
        me = p.obj(self.slug, self._get("/api/v1/me", {"raw_json": "1"}), "me")
        return f"u/{p.text(self.slug, me, 'name', 'me', required=True)}"

    # -- writes --------------------------------------------------------------
    def publish(self, handle: str, text: str) -> Sent:
        """A self post; its first line is the title (Reddit requires one)."""
        kind, name = self.normalize_handle(handle).split("/")
        title, _, body = text.strip().partition("\n")
        if not title.strip():
            raise ValueError("Reddit: a post needs a title; the first line of the text is used")
        data = self._write(
            "/api/submit",
            {
                "sr": name if kind == "r" else f"u_{name}",
                "kind": "self",
                "title": title.strip()[:300],
                "text": body.strip(),
                "api_type": "json",
                "resubmit": "true",
            },
        )
        return Sent(
            self.slug,
            p.text(self.slug, data, "name", "json.data", required=True),
            p.text(self.slug, data, "url", "json.data"),
        )

    def reply(self, handle: str, in_reply_to: str, text: str) -> Sent:
        """``in_reply_to`` is a fullname: t3_ for a post, t1_ for a comment, t4_ for a message."""
        data = self._write("/api/comment", {"thing_id": in_reply_to, "text": text, "api_type": "json"})
        things = p.items(self.slug, data.get("things"), "json.data.things")
        if not things:
            raise PayloadError(self.slug, "json.data.things", "Reddit did not return the new comment")
        thing = p.obj(self.slug, p.obj(self.slug, things[0], "json.data.things[0]").get("data"), "json.data.things[0].data")
        permalink = p.text(self.slug, thing, "permalink", "json.data.things[0].data")
        return Sent(
            self.slug,
            p.text(self.slug, thing, "name", "json.data.things[0].data", required=True),
            f"https://www.reddit.com{permalink}" if permalink else "",
        )

    def our_replies(self, handle: str, in_reply_to: str) -> list[PostedReply]:
        """The token holder's newest comments whose parent is ``in_reply_to``
        (GET /user/{username}/comments, https://www.reddit.com/dev/api/#GET_user_{username}_{where})."""
        name = self.whoami(handle).removeprefix("u/")
        answer = p.obj(self.slug, self._get(f"/user/{name}/comments", {"limit": "100", "sort": "new", "raw_json": "1"}),
                       "listing")
        data = p.obj(self.slug, answer.get("data"), "listing.data")
        found = []
        for i, raw in enumerate(p.items(self.slug, data.get("children", []), "listing.data.children")):
            where = f"listing.data.children[{i}].data"
            thing = p.obj(self.slug, p.obj(self.slug, raw, where[:-5]).get("data"), where)
            if p.text(self.slug, thing, "parent_id", where) != in_reply_to:
                continue
            permalink = p.text(self.slug, thing, "permalink", where)
            found.append(PostedReply(self.slug, p.text(self.slug, thing, "name", where, required=True),
                                     p.text(self.slug, thing, "body", where),
                                     f"https://www.reddit.com{permalink}" if permalink else ""))
        return found

    def hide(self, handle: str, external_id: str) -> None:
        """Removes a post or comment from a subreddit the account moderates."""
        self._remove(handle, external_id)

    def delete(self, handle: str, external_id: str) -> None:
        """The same moderator's removal as :meth:`hide`: only its author can
        delete a comment on Reddit, and a removal is the most a moderator can do
        (another moderator can approve it back)."""
        self._remove(handle, external_id)

    def send_private(self, handle: str, author_handle: str, in_reply_to: str, text: str) -> Sent:
        """A Reddit private message to the comment's author."""
        kind, name = self.normalize_handle(handle).split("/")
        to = author_handle.strip().removeprefix("u/").removeprefix("/u/")
        if not _USER.match(to):
            raise NotFound(self.slug, f"the comment's author is unknown ({author_handle!r}): send the notice by hand")
        where = f" in r/{name}" if kind == "r" else ""
        answer = p.obj(self.slug, self._post_form("/api/compose", {
            "api_type": "json", "to": to, "subject": f"About your comment{where}", "text": text,
        }, idempotent=False), "response")
        errors = p.obj(self.slug, answer.get("json"), "json").get("errors") or []
        if errors:
            # e.g. ["NOT_WHITELISTED_BY_USER_MESSAGE", "Can't send a message to that user.", "to"]
            raise PermanentError(self.slug, "; ".join(" ".join(str(e) for e in error) for error in errors))
        # Reddit answers a sent message with no id of its own.
        return Sent(self.slug, "")

    # -- OAuth ---------------------------------------------------------------
    def authorize_url(
        self, client_id: str, redirect_uri: str, state: str, scopes: Iterable[str] = DEFAULT_SCOPES
    ) -> str:
        # duration=permanent is what makes Reddit issue a refresh token.
        return build_authorize_url(
            AUTHORIZE_URL, client_id=client_id, redirect_uri=redirect_uri, state=state, scopes=scopes,
            extra={"duration": "permanent"},
        )

    def exchange_code(self, code: str, redirect_uri: str) -> Credentials:
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        return self._token(form, self.credentials)

    def refresh(self, credentials: Credentials) -> Credentials:
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token_of(self.slug, credentials)}
        return self._token(form, credentials)

    # -- helpers -------------------------------------------------------------
    def _token(self, form: Mapping[str, str], base: Credentials) -> Credentials:
        headers = basic_auth(base.client_id, base.client_secret)
        return request_token(self.http, self.token_url, form, base=base, headers=headers)

    def _headers(self) -> dict[str, str]:
        token = self.credentials.token or self._app_token
        if not token:
            if not self.credentials.client_id:
                raise AuthError(self.slug, "no token and no client id configured (BEDSIDE_REDDIT_CLIENT_ID)")
            self._app_token = self._token({"grant_type": "client_credentials"}, self.credentials).token
            token = self._app_token
        return {"Authorization": f"Bearer {token}"}

    def _get(self, path: str, params: Mapping[str, str]) -> Any:
        return self.http.get_json(self.url(path), params=params, headers=self._headers())

    def _listing(self, path: str, cursor: str | None) -> tuple[list[Any], str | None]:
        params = {"limit": "100", "raw_json": "1"}
        if cursor:
            params["after"] = cursor
        listing = p.obj(self.slug, self._get(path, params), "listing")
        data = p.obj(self.slug, listing.get("data"), "data")
        after = data.get("after")
        return p.items(self.slug, data.get("children"), "data.children"), str(after) if after else None

    def _post_form(self, path: str, form: Mapping[str, str], *, idempotent: bool = True) -> Any:
        if not self.credentials.token:
            raise AuthError(self.slug, "writing needs the user's own token: connect the account")
        return self.http.post_json(self.url(path), data=form, headers=self._headers(), idempotent=idempotent)

    def _remove(self, handle: str, external_id: str) -> None:
        self.normalize_handle(handle)
        try:
            self._post_form("/api/remove", {"id": external_id, "spam": "false"})
        except AuthError:
            raise
        except PermanentError as exc:
            if exc.status != 403:
                raise
            raise PermanentError(self.slug, "only a moderator of the subreddit can remove a comment: connect a "
                                 f"moderator's account, or report it to the moderators ({exc.message})", status=403) from exc

    def _write(self, path: str, form: Mapping[str, str]) -> Mapping[str, Any]:
        # Submitting and commenting are not idempotent: never retried after a 5xx.
        answer = p.obj(self.slug, self._post_form(path, form, idempotent=False), "response")
        body = p.obj(self.slug, answer.get("json"), "json")
        errors = body.get("errors") or []
        if errors:
            # Reddit answers 200 with [code, message, field] triples.
            raise PermanentError(self.slug, "; ".join(" ".join(str(e) for e in error) for error in errors))
        return p.obj(self.slug, body.get("data"), "json.data")

    def _post(self, raw: Any, where: str) -> Post:
        thing = p.obj(self.slug, raw, where)
        data = p.obj(self.slug, thing.get("data"), f"{where}.data")
        dwhere = f"{where}.data"
        if data.get("is_video"):
            media = "video"
        elif data.get("post_hint") == "image":
            media = "image"
        elif data.get("is_self", True):
            media = "text"
        else:
            media = "link"
        title = p.text(self.slug, data, "title", dwhere)
        body = p.text(self.slug, data, "selftext", dwhere)
        ratio = data.get("upvote_ratio")
        return Post(
            network=self.slug,
            external_id=p.text(self.slug, data, "name", dwhere, required=True),
            author_handle=f"u/{p.text(self.slug, data, 'author', dwhere)}",
            published_at=p.when(self.slug, data.get("created_utc"), f"{dwhere}.created_utc"),
            text=f"{title}\n\n{body}".strip(),
            url=f"https://www.reddit.com{p.text(self.slug, data, 'permalink', dwhere)}",
            media_type=media,
            likes=p.count(self.slug, data, "score", dwhere, signed=True),
            comments=p.count(self.slug, data, "num_comments", dwhere),
            shares=p.count(self.slug, data, "num_crossposts", dwhere),
            extra={"upvote_ratio": float(ratio) if isinstance(ratio, int | float) else None},
            sensitive=data.get("over_18") is True,
            # A link post's own target; a self post's "url" is its permalink.
            link_url=p.text(self.slug, data, "url", dwhere) if media == "link" else "",
        )

    def _message(self, raw: Any, where: str) -> Message:
        thing = p.obj(self.slug, raw, where)
        kind = p.text(self.slug, thing, "kind", where)
        data = p.obj(self.slug, thing.get("data"), f"{where}.data")
        dwhere = f"{where}.data"
        link = p.text(self.slug, data, "permalink", dwhere) or p.text(self.slug, data, "context", dwhere)
        if kind == "t4":
            message_kind = MessageKind.DIRECT
        elif data.get("subject") == "username mention":
            message_kind = MessageKind.MENTION
        else:
            message_kind = MessageKind.COMMENT
        return Message(
            network=self.slug,
            external_id=p.text(self.slug, data, "name", dwhere, required=True),
            kind=message_kind,
            author_handle=f"u/{p.text(self.slug, data, 'author', dwhere)}",
            author_name=p.text(self.slug, data, "author", dwhere),
            published_at=p.when(self.slug, data.get("created_utc"), f"{dwhere}.created_utc"),
            text=p.text(self.slug, data, "body", dwhere),
            url=f"https://www.reddit.com{link}" if link else "",
            in_reply_to=p.text(self.slug, data, "parent_id", dwhere),
            thread_id=p.text(self.slug, data, "link_id", dwhere) or p.text(self.slug, data, "first_message_name", dwhere),
            # A comment carries its post's NSFW mark (over_18) in subreddit listings.
            sensitive=data.get("over_18") is True,
            visibility="private" if kind == "t4" else "public",
        )
