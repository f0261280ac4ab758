"""X (Twitter) through the X API v2.

Followed:
- https://docs.x.com/x-api/users/lookup/quickstart/user-lookup (GET /2/users/by/username/:username)
- https://docs.x.com/x-api/posts/timelines/introduction (GET /2/users/:id/tweets, /mentions)
- https://docs.x.com/x-api/posts/manage-tweets/introduction (POST /2/tweets)
- https://docs.x.com/x-api/media/upload-media (POST /2/media/upload) and
  https://docs.x.com/x-api/media/metadata-create (POST /2/media/metadata: alt text)
- https://docs.x.com/x-api/posts/hide-replies/introduction (PUT /2/tweets/:id/hidden)
- https://docs.x.com/x-api/direct-messages/lookup/introduction (GET /2/dm_events)
- https://docs.x.com/x-api/direct-messages/manage/introduction (POST /2/dm_conversations/:id/messages,
  POST /2/dm_conversations/with/:participant_id/messages)
- https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code (PKCE)
- https://docs.x.com/x-api/users/lookup/introduction (GET /2/users/me: whose token this is, checked
  before direct messages are read, since /2/dm_events answers for the token holder)
- https://docs.x.com/x-api/fundamentals/expansions (a mention's author is in includes.users)

X bills reads per call, so a user's id is resolved once per client and pages
ask for the documented maximum of 100 posts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from . import parsing as p
from .base import Credentials, NetworkClient
from .errors import AuthError, NotFound, NotSupported, PayloadError, PermanentError
from .oauth import basic_auth, build_authorize_url, code_challenge, refresh_token_of, request_token
from .records import MediaFile, Message, MessageKind, Page, Post, PostedReply, ProfileStats, Sent

_USERNAME = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_URL = re.compile(r"^(?:https?://)?(?:www\.|mobile\.)?(?:x|twitter)\.com/([^/?#]+)/?$", re.I)
_USER_FIELDS = "created_at,description,entities,profile_image_url,public_metrics,url,verified"
_TWEET_FIELDS = "created_at,public_metrics,attachments,conversation_id,referenced_tweets,author_id,lang,possibly_sensitive"

AUTHORIZE_URL = "https://x.com/i/oauth2/authorize"
DEFAULT_SCOPES = (
    "tweet.read", "tweet.write", "users.read", "tweet.moderate.write", "dm.read", "dm.write", "offline.access",
    "media.write",
)
_DM_FIELDS = "id,text,event_type,created_at,sender_id,dm_conversation_id"


class XClient(NetworkClient):
    slug: ClassVar[str] = "x"
    label: ClassVar[str] = "X (Twitter)"
    default_base_url: ClassVar[str] = "https://api.x.com"
    reads_back_replies: ClassVar[bool] = True
    image_posting: ClassVar[str] = "upload"
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"profile", "posts", "messages", "publish", "reply", "hide", "private", "search"}
    )
    why_no_delete: ClassVar[str] = (
        "X lets an account delete only its own posts; hide the reply instead, or report the post to X"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._user_ids: dict[str, str] = {}

    @classmethod
    def normalize_handle(cls, handle: str) -> str:
        raw = (handle or "").strip()
        match = _URL.match(raw)
        name = match.group(1) if match else raw.removeprefix("@")
        if not _USERNAME.match(name):
            raise ValueError(
                f"X: {handle!r} is not an X username; expected @name or name "
                "(1-15 letters, digits or underscores)"
            )
        return name

    # -- reads ---------------------------------------------------------------
    def profile(self, handle: str) -> ProfileStats:
        name = self.normalize_handle(handle)
        answer = self._get(f"/2/users/by/username/{name}", {"user.fields": _USER_FIELDS})
        user = p.obj(self.slug, self._data(answer, name), "data")
        self._user_ids[name.lower()] = p.text(self.slug, user, "id", "data", required=True)
        salvage = p.Salvage(self.slug, self._user_ids[name.lower()])
        metrics = salvage.part(user, "public_metrics", "data")
        where = "data.public_metrics"
        return ProfileStats(
            network=self.slug,
            external_id=p.text(self.slug, user, "id", "data", required=True),
            handle=p.text(self.slug, user, "username", "data") or name,
            taken_at=p.now(),
            name=p.text(self.slug, user, "name", "data"),
            description=p.text(self.slug, user, "description", "data"),
            url=f"https://x.com/{name}",
            avatar_url=p.text(self.slug, user, "profile_image_url", "data"),
            website=_expanded_url(self.slug, user) or p.text(self.slug, user, "url", "data"),
            followers=salvage.count(metrics, "followers_count", where),
            following=salvage.count(metrics, "following_count", where),
            posts=salvage.count(metrics, "tweet_count", where),
            extra={
                "listed_count": salvage.count(metrics, "listed_count", where),
                "like_count": salvage.count(metrics, "like_count", where),
                "media_count": salvage.count(metrics, "media_count", where),
            },
            problems=tuple(salvage.problems),
        )

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        name = self.normalize_handle(handle)
        answer = self._timeline(name, "tweets", cursor)
        return p.page(self.slug, self._list(answer), lambda raw, where: self._post(name, raw, where),
                      self._next(answer), "data[{}]")

    def messages(self, handle: str, cursor: str | None = None) -> Page[Message]:
        """Mentions and replies, then direct messages. The cursor names the
        stream: ``mentions:<token>`` or ``dm:<token>``; a bare one is mentions."""
        name = self.normalize_handle(handle)
        stream, token = "mentions", cursor
        if cursor and cursor.startswith(("mentions:", "dm:")):
            stream, _, token = cursor.partition(":")
        if stream == "dm":
            return self._direct(name, token or None)
        answer = self._timeline(name, "mentions", token or None, expansions="author_id")
        authors = self._included_users(answer)
        found, problems = p.each(self.slug, self._list(answer),
                                 lambda raw, where: self._mention(raw, authors, where), "data[{}]")
        after = self._next(answer)
        return Page(found, f"mentions:{after}" if after else "dm:", problems)

    def search(self, query: str, cursor: str | None = None, *, where: str = "") -> Page[Message]:
        """The last seven days' posts matching ``query`` (recent search; the
        workspace's access level decides whether it is allowed)."""
        # The post's place (geo.place_id expansion, place.fields) and the
        # author's profile location (user.fields=location) come back as
        # extra["place"] and extra["author_location"] for place filters.
        params = {"query": f"{query} -is:retweet", "max_results": "100", "tweet.fields": f"{_TWEET_FIELDS},geo",
                  "expansions": "author_id,geo.place_id", "user.fields": "username,name,location",
                  "place.fields": "full_name,name,country_code,place_type"}
        if cursor:
            params["next_token"] = cursor
        answer = p.obj(self.slug, self._get("/2/tweets/search/recent", params), "response")
        authors = self._included_users(answer)
        places = _included_places(answer)
        found, problems = p.each(self.slug, self._list(answer),
                                 lambda raw, where_: _located(self._mention(raw, authors, where_), raw, authors,
                                                              places), "data[{}]")
        return Page(found, self._next(answer), problems)

    def whoami(self, handle: str) -> str:
        answer = self._get("/2/users/me", {"user.fields": "username"})
        me = p.obj(self.slug, p.obj(self.slug, answer, "response").get("data"), "data")
        return p.text(self.slug, me, "username", "data", required=True)

    # -- writes --------------------------------------------------------------
    def publish(self, handle: str, text: str) -> Sent:
        return self._tweet(handle, {"text": text})

    def publish_media(self, handle: str, text: str, images: Sequence[MediaFile]) -> Sent:
        """Each image to POST /2/media/upload (multipart ``media`` with
        ``media_category=tweet_image``), its alt text to POST
        /2/media/metadata, then one post naming them in ``media.media_ids``."""
        self._check_image_count(images)
        ids = []
        for n, image in enumerate(images):
            answer = p.obj(self.slug, self.http.post_json(
                self.url("/2/media/upload"), headers=self._headers(),
                data={"media_category": "tweet_image", "media_type": image.mime_type},
                files={"media": (image.filename, image.data, image.mime_type)}, idempotent=False), "upload")
            data = p.obj(self.slug, answer.get("data"), f"upload[{n}].data")
            media_id = p.text(self.slug, data, "id", f"upload[{n}].data", required=True)
            self.http.post_json(self.url("/2/media/metadata"), headers=self._headers(), json_body={
                "id": media_id, "metadata": {"alt_text": {"text": image.alt_text}}})
            ids.append(media_id)
        return self._tweet(handle, {"text": text, "media": {"media_ids": ids}})

    def reply(self, handle: str, in_reply_to: str, text: str) -> Sent:
        """A post id answers in public; a direct message id (``dm:<conversation>:<event>``,
        as :meth:`messages` names them) answers in that conversation."""
        if in_reply_to.startswith("dm:"):
            conversation = in_reply_to.split(":")[1]
            answer = self.http.post_json(
                self.url(f"/2/dm_conversations/{conversation}/messages"),
                json_body={"text": text}, headers=self._headers(), idempotent=False,
            )
            data = p.obj(self.slug, p.obj(self.slug, answer, "response").get("data"), "data")
            return Sent(self.slug, f"dm:{conversation}:{p.text(self.slug, data, 'dm_event_id', 'data', required=True)}")
        return self._tweet(handle, {"text": text, "reply": {"in_reply_to_tweet_id": in_reply_to}})

    def our_replies(self, handle: str, in_reply_to: str) -> list[PostedReply]:
        """Our account's newest posts that reply to post ``in_reply_to`` (the user's
        posts timeline, https://docs.x.com/x-api/posts/user-posts-timeline-by-user-id,
        with referenced_tweets). A direct message conversation cannot be read back here."""
        if in_reply_to.startswith("dm:"):
            raise NotSupported(self.slug, "direct messages cannot be read back here")
        name = self.normalize_handle(handle)
        answer = p.obj(self.slug, self._get(f"/2/users/{self._user_id(name)}/tweets", {
            "max_results": "100", "tweet.fields": "referenced_tweets,text", "exclude": "retweets"}), "response")
        found = []
        for i, raw in enumerate(p.items(self.slug, answer.get("data") or [], "data")):
            tweet = p.obj(self.slug, raw, f"data[{i}]")
            refs = tweet.get("referenced_tweets") or []
            if not any(isinstance(r, Mapping) and r.get("type") == "replied_to" and r.get("id") == in_reply_to
                       for r in refs):
                continue
            tweet_id = p.text(self.slug, tweet, "id", f"data[{i}]", required=True)
            found.append(PostedReply(self.slug, tweet_id, p.text(self.slug, tweet, "text", f"data[{i}]"),
                                     f"https://x.com/{name}/status/{tweet_id}"))
        return found

    def hide(self, handle: str, external_id: str) -> None:
        answer = self.http.parse_json(
            self.http.request(
                "PUT",
                self.url(f"/2/tweets/{external_id}/hidden"),
                json_body={"hidden": True},
                headers=self._headers(),
            )
        )
        data = p.obj(self.slug, p.obj(self.slug, answer, "response").get("data"), "data")
        if data.get("hidden") is not True:
            raise PayloadError(self.slug, "data.hidden", "X did not confirm the reply is hidden")

    def send_private(self, handle: str, author_handle: str, in_reply_to: str, text: str) -> Sent:
        """A direct message to the post's author. Messages store the author's
        username, so its user id is looked up first; X delivers it only if the
        person accepts direct messages from this account."""
        self.normalize_handle(handle)
        name = author_handle.strip().removeprefix("@")
        if not _USERNAME.match(name):
            raise NotFound(self.slug, f"the post's author is unknown ({author_handle!r}): send the notice by hand")
        participant = self._user_id(name)
        try:
            answer = self.http.post_json(
                self.url(f"/2/dm_conversations/with/{participant}/messages"),
                json_body={"text": text}, headers=self._headers(), idempotent=False,
            )
        except AuthError:
            raise
        except PermanentError as exc:
            if exc.status != 403:
                raise
            raise PermanentError(
                self.slug, f"@{name} does not accept direct messages from this account (X lets people refuse DMs "
                f"from accounts they do not follow): send the notice by hand ({exc.message})", status=403,
            ) from exc
        data = p.obj(self.slug, p.obj(self.slug, answer, "response").get("data"), "data")
        conversation = p.text(self.slug, data, "dm_conversation_id", "data", required=True)
        return Sent(self.slug, f"dm:{conversation}:{p.text(self.slug, data, 'dm_event_id', 'data', required=True)}")

    # -- OAuth 2.0 with PKCE -------------------------------------------------
    def authorize_url(
        self,
        client_id: str,
        redirect_uri: str,
        state: str,
        scopes: Iterable[str] = DEFAULT_SCOPES,
        *,
        code_verifier: str,
    ) -> str:
        """X requires PKCE: keep ``code_verifier`` (see ``oauth.new_code_verifier``)
        with the state and hand it back to :meth:`exchange_code`."""
        return build_authorize_url(
            AUTHORIZE_URL,
            client_id=client_id,
            redirect_uri=redirect_uri,
            state=state,
            scopes=scopes,
            extra={"code_challenge": code_challenge(code_verifier), "code_challenge_method": "S256"},
        )

    def exchange_code(self, code: str, redirect_uri: str, *, code_verifier: str) -> Credentials:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
            "client_id": self.credentials.client_id,
        }
        return self._token(form, self.credentials)

    def refresh(self, credentials: Credentials) -> Credentials:
        form = {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token_of(self.slug, credentials),
            "client_id": credentials.client_id,
        }
        return self._token(form, credentials)

    # -- helpers -------------------------------------------------------------
    def _token(self, form: Mapping[str, str], base: Credentials) -> Credentials:
        headers = basic_auth(base.client_id, base.client_secret) if base.client_secret else None
        return request_token(self.http, self.url("/2/oauth2/token"), form, base=base, headers=headers)

    def _headers(self) -> dict[str, str]:
        if not self.credentials.token:
            raise AuthError(self.slug, "no bearer token configured (BEDSIDE_X_TOKEN or a connected account)")
        return {"Authorization": f"Bearer {self.credentials.token}"}

    def _get(self, path: str, params: Mapping[str, str]) -> Any:
        return self.http.get_json(self.url(path), params=params, headers=self._headers())

    def _data(self, answer: Any, name: str) -> Any:
        # X answers 200 with only "errors" when a username does not exist.
        body = p.obj(self.slug, answer, "response")
        if body.get("data") is None:
            errors = body.get("errors") or []
            detail = errors[0].get("detail", "") if errors and isinstance(errors[0], dict) else ""
            raise NotFound(self.slug, f"no user {name!r}: {detail}".rstrip(": "))
        return body["data"]

    def _user_id(self, name: str) -> str:
        key = name.lower()
        if key not in self._user_ids:
            answer = self._get(f"/2/users/by/username/{name}", {"user.fields": "id"})
            user = p.obj(self.slug, self._data(answer, name), "data")
            self._user_ids[key] = p.text(self.slug, user, "id", "data", required=True)
        return self._user_ids[key]

    def _timeline(self, name: str, edge: str, cursor: str | None, **more: str) -> Mapping[str, Any]:
        params = {"max_results": "100", "tweet.fields": _TWEET_FIELDS, **more}
        if more.get("expansions") == "author_id":
            params["user.fields"] = "username,name"
        if cursor:
            params["pagination_token"] = cursor
        answer = self._get(f"/2/users/{self._user_id(name)}/{edge}", params)
        return p.obj(self.slug, answer, "response")

    def _list(self, answer: Mapping[str, Any]) -> list[Any]:
        # An account with no posts answers without "data" at all.
        return p.items(self.slug, answer.get("data", []), "data")

    def _next(self, answer: Mapping[str, Any]) -> str | None:
        meta = answer.get("meta")
        if meta is None:
            return None
        token = p.obj(self.slug, meta, "meta").get("next_token")
        return str(token) if token else None

    def _post(self, name: str, raw: Any, where: str) -> Post:
        tweet = p.obj(self.slug, raw, where)
        tweet_id = p.text(self.slug, tweet, "id", where, required=True)
        metrics = tweet.get("public_metrics")
        metrics = p.obj(self.slug, metrics, f"{where}.public_metrics") if metrics is not None else None
        mwhere = f"{where}.public_metrics"
        media = tweet.get("attachments")
        return Post(
            network=self.slug,
            external_id=tweet_id,
            author_handle=name,
            published_at=p.when(self.slug, tweet.get("created_at"), f"{where}.created_at"),
            text=p.text(self.slug, tweet, "text", where),
            url=f"https://x.com/{name}/status/{tweet_id}",
            media_type="image" if isinstance(media, dict) and media.get("media_keys") else "text",
            likes=p.count(self.slug, metrics, "like_count", mwhere),
            comments=p.count(self.slug, metrics, "reply_count", mwhere),
            shares=p.count(self.slug, metrics, "retweet_count", mwhere),
            views=p.count(self.slug, metrics, "impression_count", mwhere),
            extra={
                "quote_count": p.count(self.slug, metrics, "quote_count", mwhere),
                "bookmark_count": p.count(self.slug, metrics, "bookmark_count", mwhere),
            },
            **_flags(self.slug, tweet, where),
        )

    def _included_users(self, answer: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
        includes = answer.get("includes")
        if includes is None:
            return {}
        users = p.items(self.slug, p.obj(self.slug, includes, "includes").get("users", []), "includes.users")
        found = {}
        for i, raw in enumerate(users):
            user = p.obj(self.slug, raw, f"includes.users[{i}]")
            found[p.text(self.slug, user, "id", f"includes.users[{i}]", required=True)] = user
        return found

    def _mention(self, raw: Any, authors: Mapping[str, Mapping[str, Any]], where: str) -> Message:
        tweet = p.obj(self.slug, raw, where)
        tweet_id = p.text(self.slug, tweet, "id", where, required=True)
        author_id = p.text(self.slug, tweet, "author_id", where)
        author = authors.get(author_id)
        if author is None:
            # Without the author_id expansion joined there is nobody to answer
            # or to tell: report it rather than store a mention from no one.
            raise PayloadError(self.slug, f"{where}.author_id", f"author {author_id or '(none)'} is not in "
                               "includes.users (the response lacks the author_id expansion)")
        username = p.text(self.slug, author, "username", f"{where}.author", required=True)
        replied_to = ""
        for j, ref in enumerate(p.items(self.slug, tweet.get("referenced_tweets", []), f"{where}.referenced_tweets")):
            ref = p.obj(self.slug, ref, f"{where}.referenced_tweets[{j}]")
            if ref.get("type") == "replied_to":
                replied_to = p.text(self.slug, ref, "id", f"{where}.referenced_tweets[{j}]")
        return Message(
            network=self.slug,
            external_id=tweet_id,
            kind=MessageKind.COMMENT if replied_to else MessageKind.MENTION,
            author_handle=username,
            author_name=p.text(self.slug, author, "name", f"{where}.author"),
            published_at=p.when(self.slug, tweet.get("created_at"), f"{where}.created_at"),
            text=p.text(self.slug, tweet, "text", where),
            url=f"https://x.com/{username or 'i'}/status/{tweet_id}",
            in_reply_to=replied_to,
            thread_id=p.text(self.slug, tweet, "conversation_id", where),
            **_flags(self.slug, tweet, where),
        )

    def _direct(self, name: str, token: str | None) -> Page[Message]:
        # Direct messages are the token holder's, whoever the channel is.
        self.check_identity(name)
        own_id = self._user_id(name)
        params = {
            "dm_event.fields": _DM_FIELDS, "event_types": "MessageCreate", "expansions": "sender_id",
            "user.fields": "username,name", "max_results": "100",
        }
        if token:
            params["pagination_token"] = token
        answer = p.obj(self.slug, self._get("/2/dm_events", params), "response")
        senders = self._included_users(answer)

        def event(raw: Any, where: str) -> Message | None:
            event = p.obj(self.slug, raw, where)
            sender_id = p.text(self.slug, event, "sender_id", where, required=True)
            if sender_id == own_id:
                return None  # our own answers are not inbox items
            conversation = p.text(self.slug, event, "dm_conversation_id", where, required=True)
            sender = senders.get(sender_id)
            if sender is None:
                raise PayloadError(self.slug, f"{where}.sender_id", f"sender {sender_id} is not in includes.users "
                                   "(the response lacks the sender_id expansion)")
            return Message(
                network=self.slug,
                # The conversation is part of the id: answering needs it and X has no lookup by event.
                external_id=f"dm:{conversation}:{p.text(self.slug, event, 'id', where, required=True)}",
                kind=MessageKind.DIRECT,
                author_handle=p.text(self.slug, sender, "username", f"{where}.sender", required=True),
                author_name=p.text(self.slug, sender, "name", f"{where}.sender"),
                published_at=p.when(self.slug, event.get("created_at"), f"{where}.created_at"),
                text=p.text(self.slug, event, "text", where),
                thread_id=conversation,
                visibility="private",
            )

        found, problems = p.each(self.slug, self._list(answer), event, "data[{}]")
        after = self._next(answer)
        return Page(found, f"dm:{after}" if after else None, problems)

    def _tweet(self, handle: str, body: Mapping[str, Any]) -> Sent:
        name = self.normalize_handle(handle)
        # X has no idempotency key: a retried POST after a 5xx could post twice.
        answer = self.http.post_json(
            self.url("/2/tweets"), json_body=body, headers=self._headers(), idempotent=False
        )
        data = p.obj(self.slug, p.obj(self.slug, answer, "response").get("data"), "data")
        tweet_id = p.text(self.slug, data, "id", "data", required=True)
        return Sent(self.slug, tweet_id, f"https://x.com/{name}/status/{tweet_id}")


def _expanded_url(network: str, user: Mapping[str, Any]) -> str:
    """The profile's website as typed: X sends ``url`` as a t.co short link,
    which would never match the organization's site in the cross-promotion
    audit; ``entities.url.urls[0].expanded_url`` is the real address."""
    entities = user.get("entities")
    url = entities.get("url") if isinstance(entities, Mapping) else None
    urls = url.get("urls") if isinstance(url, Mapping) else None
    if isinstance(urls, list) and urls and isinstance(urls[0], Mapping):
        return p.text(network, urls[0], "expanded_url", "data.entities.url.urls[0]")
    return ""


def _flags(network: str, tweet: Mapping[str, Any], where: str) -> dict[str, Any]:
    """X's ``lang`` (BCP 47, "und" when X could not tell) and
    ``possibly_sensitive``, as the tweet.fields asked for them."""
    lang = p.text(network, tweet, "lang", where)
    return {"language": "" if lang == "und" else lang, "sensitive": tweet.get("possibly_sensitive") is True}


def _included_places(answer: Mapping[str, Any]) -> dict[str, str]:
    """includes.places by id -> full_name ("Boston, MA"). A place is optional:
    one that cannot be read is left out, never the post with it."""
    includes = answer.get("includes")
    raw = includes.get("places") if isinstance(includes, Mapping) else None
    found: dict[str, str] = {}
    for place in raw if isinstance(raw, list) else []:
        if isinstance(place, Mapping) and isinstance(place.get("id"), str):
            name = place.get("full_name") or place.get("name")
            if isinstance(name, str) and name.strip():
                found[place["id"]] = name.strip()
    return found


def _located(message: Message, raw: Any, authors: Mapping[str, Mapping[str, Any]],
             places: Mapping[str, str]) -> Message:
    """The message with the post's place and its author's profile location
    (free text the author typed), where X gave them."""
    geo = raw.get("geo") if isinstance(raw, Mapping) else None
    place_id = geo.get("place_id") if isinstance(geo, Mapping) else None
    place = places.get(place_id, "") if isinstance(place_id, str) else ""
    author = authors.get(str(raw.get("author_id", ""))) if isinstance(raw, Mapping) else None
    location = author.get("location") if isinstance(author, Mapping) else None
    location = location.strip() if isinstance(location, str) else ""
    if not place and not location:
        return message
    return replace(message, extra={**message.extra, "place": place, "author_location": location})
