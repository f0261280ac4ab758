"""Bluesky through the AT Protocol XRPC API.

Followed:
- https://docs.bsky.app/docs/api/app-bsky-actor-get-profile
- https://docs.bsky.app/docs/api/app-bsky-feed-get-author-feed
- https://docs.bsky.app/docs/api/app-bsky-notification-list-notifications
- https://docs.bsky.app/docs/api/com-atproto-server-create-session (the session's did and handle
  say whose notifications listNotifications returns: checked against the channel first)
- https://docs.bsky.app/docs/api/com-atproto-repo-create-record
- https://docs.bsky.app/docs/advanced-guides/posts (replies carry root and parent refs)
- https://docs.bsky.app/docs/api/app-bsky-feed-search-posts (listening: q, sort=latest, cursor)

Profiles and posts are public on the AppView and need no login. Notifications
and writes go to the account's PDS with an app password: ``Credentials``
``client_id`` is the handle or DID, ``client_secret`` the app password, and
``extra["pds"]`` the PDS address when it is not bsky.social.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from . import parsing as p
from .base import NetworkClient
from .errors import AuthError, NotFound, PermanentError
from .records import MediaFile, Message, MessageKind, Page, Post, PostedReply, ProfileStats, Sent

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HANDLE = re.compile(rf"^(?:{_LABEL}\.)+[a-z](?:[a-z0-9-]{{0,61}}[a-z0-9])?$")
_DID = re.compile(r"^did:(?:plc|web):[A-Za-z0-9._:%-]{1,2000}$")
_PROFILE_URL = re.compile(r"^(?:https?://)?(?:www\.)?bsky\.app/profile/([^/?#]+)/?$", re.I)
_MEDIA = {
    "app.bsky.embed.images#view": "image",
    "app.bsky.embed.video#view": "video",
    "app.bsky.embed.external#view": "link",
}
_LINK = re.compile(r"https?://[^\s<>\"']+")
_KINDS = {"mention": MessageKind.MENTION, "reply": MessageKind.COMMENT, "quote": MessageKind.MENTION}
DEFAULT_PDS = "https://bsky.social"


#: app.bsky.embed.images#image: "image": blob, maxSize 1000000
BLOB_LIMIT = 1_000_000


class BlueskyClient(NetworkClient):
    slug: ClassVar[str] = "bluesky"
    label: ClassVar[str] = "Bluesky"
    default_base_url: ClassVar[str] = "https://public.api.bsky.app"
    capabilities: ClassVar[frozenset[str]] = frozenset({"profile", "posts", "messages", "publish", "reply", "search"})
    reads_back_replies: ClassVar[bool] = True
    public_reads: ClassVar[bool] = True
    image_posting: ClassVar[str] = "upload"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._session: dict[str, str] | None = None

    @classmethod
    def normalize_handle(cls, handle: str) -> str:
        raw = (handle or "").strip()
        match = _PROFILE_URL.match(raw)
        name = (match.group(1) if match else raw).removeprefix("@")
        if _DID.match(name):
            return name
        name = name.lower()
        if name and "." not in name:
            # People type the short name; every such account lives on bsky.social.
            name += ".bsky.social"
        if len(name) > 253 or not _HANDLE.match(name):
            raise ValueError(
                f"Bluesky: {handle!r} is not a Bluesky handle; expected a domain such as "
                "name.bsky.social or hospital.org (or a did:plc: identifier)"
            )
        return name

    # -- reads ---------------------------------------------------------------
    def profile(self, handle: str) -> ProfileStats:
        actor = self.normalize_handle(handle)
        try:
            answer = self._get("app.bsky.actor.getProfile", {"actor": actor})
        except PermanentError as exc:
            # XRPC answers an unknown actor with 400 InvalidRequest, not 404.
            if exc.status == 400 and "not found" in exc.message.lower():
                raise NotFound(self.slug, f"no profile {actor!r}", status=400) from exc
            raise
        data = p.obj(self.slug, answer, "profile")
        name = p.text(self.slug, data, "handle", "profile", required=True)
        did = p.text(self.slug, data, "did", "profile", required=True)
        salvage = p.Salvage(self.slug, did)
        return ProfileStats(
            network=self.slug,
            external_id=did,
            handle=name,
            taken_at=p.now(),
            name=p.text(self.slug, data, "displayName", "profile"),
            description=p.text(self.slug, data, "description", "profile"),
            url=f"https://bsky.app/profile/{name}",
            avatar_url=p.text(self.slug, data, "avatar", "profile"),
            followers=salvage.count(data, "followersCount", "profile"),
            following=salvage.count(data, "followsCount", "profile"),
            posts=salvage.count(data, "postsCount", "profile"),
            # Bluesky profiles have no website field: people put it in the bio.
            links=_bio_links(p.text(self.slug, data, "description", "profile")),
            problems=tuple(salvage.problems),
        )

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        actor = self.normalize_handle(handle)
        params = {"actor": actor, "limit": "100", "filter": "posts_and_author_threads"}
        if cursor:
            params["cursor"] = cursor
        answer = p.obj(self.slug, self._get("app.bsky.feed.getAuthorFeed", params), "response")

        def own_post(raw: Any, where: str) -> Post | None:
            item = p.obj(self.slug, raw, where)
            if item.get("reason") is not None:
                return None  # a repost of someone else's post, not this account's own
            return self._post(item.get("post"), f"{where}.post")

        return p.page(self.slug, p.items(self.slug, answer.get("feed"), "feed"), own_post, self._cursor(answer), "feed[{}]")

    def messages(self, handle: str, cursor: str | None = None) -> Page[Message]:
        self.normalize_handle(handle)
        params = {"limit": "100", "reasons": "mention,reply,quote"}
        if cursor:
            params["cursor"] = cursor
        # Notifications are the session's account's, whoever the channel is.
        self.check_identity(handle)
        answer = self._pds_call("GET", "app.bsky.notification.listNotifications", params=params)
        answer = p.obj(self.slug, answer, "response")

        def notification(raw: Any, where: str) -> Message | None:
            note = p.obj(self.slug, raw, where)
            kind = _KINDS.get(str(note.get("reason")))
            return self._message(note, kind, where) if kind is not None else None

        return p.page(self.slug, p.items(self.slug, answer.get("notifications"), "notifications"), notification,
                      self._cursor(answer), "notifications[{}]")

    def search(self, query: str, cursor: str | None = None, *, where: str = "") -> Page[Message]:
        params = {"q": query, "sort": "latest", "limit": "100"}
        if cursor:
            params["cursor"] = cursor
        answer = p.obj(self.slug, self._get("app.bsky.feed.searchPosts", params), "response")

        def mention(raw: Any, where_: str) -> Message:
            post = p.obj(self.slug, raw, where_)
            # A post view carries what a notification does, less the reason.
            return self._message(post, MessageKind.MENTION, where_)

        return p.page(self.slug, p.items(self.slug, answer.get("posts"), "posts"), mention, self._cursor(answer),
                      "posts[{}]")

    def whoami(self, handle: str) -> str:
        """The session's account: its DID when the channel is named by DID, else its handle."""
        session = self._login()
        return session["did"] if self.normalize_handle(handle).startswith("did:") else session["handle"]

    # -- writes --------------------------------------------------------------
    def publish(self, handle: str, text: str) -> Sent:
        return self._create_post(handle, {"text": text})

    def publish_media(self, handle: str, text: str, images: Sequence[MediaFile]) -> Sent:
        """Each image's bytes go to com.atproto.repo.uploadBlob
        (https://docs.bsky.app/docs/api/com-atproto-repo-upload-blob), then one
        post embeds the blobs as app.bsky.embed.images with their alt text
        (https://docs.bsky.app/docs/advanced-guides/posts#images-embeds)."""
        self._check_image_count(images)
        embedded = []
        for n, image in enumerate(images, 1):
            if len(image.data) > BLOB_LIMIT:
                raise PermanentError(self.slug, f"image {n} is {len(image.data):,} bytes; Bluesky takes at most "
                                                f"{BLOB_LIMIT:,} bytes per image")
            answer = self._pds_call("POST", "com.atproto.repo.uploadBlob", content=image.data,
                                    extra_headers={"Content-Type": image.mime_type})
            blob = p.obj(self.slug, p.obj(self.slug, answer, "uploadBlob").get("blob"), "uploadBlob.blob")
            entry: dict[str, Any] = {"alt": image.alt_text, "image": dict(blob)}
            if image.width and image.height:
                entry["aspectRatio"] = {"width": image.width, "height": image.height}
            embedded.append(entry)
        return self._create_post(handle, {"text": text,
                                          "embed": {"$type": "app.bsky.embed.images", "images": embedded}})

    def reply(self, handle: str, in_reply_to: str, text: str) -> Sent:
        """``in_reply_to`` is the at:// URI of the post answered."""
        answer = self._get("app.bsky.feed.getPosts", {"uris": in_reply_to})
        posts = p.items(self.slug, p.obj(self.slug, answer, "response").get("posts"), "posts")
        if not posts:
            raise NotFound(self.slug, f"no post {in_reply_to!r} to reply to")
        parent = p.obj(self.slug, posts[0], "posts[0]")
        parent_ref = {
            "uri": p.text(self.slug, parent, "uri", "posts[0]", required=True),
            "cid": p.text(self.slug, parent, "cid", "posts[0]", required=True),
        }
        record = p.obj(self.slug, parent.get("record", {}), "posts[0].record")
        root_ref = parent_ref
        if isinstance(record.get("reply"), Mapping):
            root = p.obj(self.slug, record["reply"].get("root"), "posts[0].record.reply.root")
            root_ref = {
                "uri": p.text(self.slug, root, "uri", "posts[0].record.reply.root", required=True),
                "cid": p.text(self.slug, root, "cid", "posts[0].record.reply.root", required=True),
            }
        return self._create_post(handle, {"text": text, "reply": {"root": root_ref, "parent": parent_ref}})

    def our_replies(self, handle: str, in_reply_to: str) -> list[PostedReply]:
        """Our account's direct replies to post ``in_reply_to`` (app.bsky.feed.getPostThread,
        https://docs.bsky.app/docs/api/app-bsky-feed-get-post-thread)."""
        ours = self._login()["did"]
        answer = p.obj(self.slug, self._get("app.bsky.feed.getPostThread", {"uri": in_reply_to, "depth": "1",
                                                                              "parentHeight": "0"}), "response")
        thread = p.obj(self.slug, answer.get("thread"), "thread")
        found = []
        for i, raw in enumerate(p.items(self.slug, thread.get("replies", []), "thread.replies")):
            where = f"thread.replies[{i}].post"
            post = raw.get("post") if isinstance(raw, Mapping) else None
            if post is None:
                continue  # a blocked or deleted reply carries no post
            post = p.obj(self.slug, post, where)
            author = p.obj(self.slug, post.get("author"), f"{where}.author")
            if p.text(self.slug, author, "did", f"{where}.author") != ours:
                continue
            uri = p.text(self.slug, post, "uri", where, required=True)
            record = p.obj(self.slug, post.get("record"), f"{where}.record")
            found.append(PostedReply(self.slug, uri, p.text(self.slug, record, "text", f"{where}.record"),
                                     _web_url(ours, uri)))
        return found

    # -- helpers -------------------------------------------------------------
    def _get(self, method: str, params: Mapping[str, str]) -> Any:
        return self.http.get_json(self.url(f"/xrpc/{method}"), params=params)

    def _pds(self) -> str:
        if "pds" in self.credentials.extra:
            return self.credentials.extra["pds"].rstrip("/")
        # A stand-in (or a self-hosted AppView) set through the base URL serves both.
        return DEFAULT_PDS if self.base_url == self.default_base_url else self.base_url

    def _login(self) -> dict[str, str]:
        if self._session is None:
            if not (self.credentials.client_id and self.credentials.client_secret):
                raise AuthError(self.slug, "no handle and app password configured for this account")
            answer = self.http.post_json(
                f"{self._pds()}/xrpc/com.atproto.server.createSession",
                json_body={
                    "identifier": self.credentials.client_id,
                    "password": self.credentials.client_secret,
                },
            )
            data = p.obj(self.slug, answer, "session")
            self._session = {
                "did": p.text(self.slug, data, "did", "session", required=True),
                "handle": p.text(self.slug, data, "handle", "session", required=True),
                "jwt": p.text(self.slug, data, "accessJwt", "session", required=True),
            }
        return self._session

    def _pds_call(self, method: str, name: str, *, extra_headers: Mapping[str, str] | None = None,
                  **kwargs: Any) -> Any:
        session = self._login()
        headers = {"Authorization": f"Bearer {session['jwt']}", **(extra_headers or {})}
        response = self.http.request(method, f"{self._pds()}/xrpc/{name}", headers=headers, **kwargs)
        return self.http.parse_json(response)

    def _create_post(self, handle: str, fields: Mapping[str, Any]) -> Sent:
        self.normalize_handle(handle)
        session = self._login()
        record = {"$type": "app.bsky.feed.post", **fields, "createdAt": p.now().isoformat().replace("+00:00", "Z")}
        answer = self._pds_call(
            "POST",
            "com.atproto.repo.createRecord",
            json_body={"repo": session["did"], "collection": "app.bsky.feed.post", "record": record},
            idempotent=False,
        )
        uri = p.text(self.slug, p.obj(self.slug, answer, "response"), "uri", "response", required=True)
        return Sent(self.slug, uri, _web_url(session["did"], uri))

    def _cursor(self, answer: Mapping[str, Any]) -> str | None:
        cursor = answer.get("cursor")
        return str(cursor) if cursor else None

    def _post(self, raw: Any, where: str) -> Post:
        post = p.obj(self.slug, raw, where)
        uri = p.text(self.slug, post, "uri", where, required=True)
        author = p.obj(self.slug, post.get("author"), f"{where}.author")
        name = p.text(self.slug, author, "handle", f"{where}.author", required=True)
        record = p.obj(self.slug, post.get("record"), f"{where}.record")
        embed = post.get("embed")
        media = _MEDIA.get(str(embed.get("$type"))) if isinstance(embed, Mapping) else None
        return Post(
            network=self.slug,
            external_id=uri,
            author_handle=name,
            published_at=p.when(self.slug, record.get("createdAt"), f"{where}.record.createdAt"),
            text=p.text(self.slug, record, "text", f"{where}.record"),
            url=_web_url(name, uri),
            media_type=media or "text",
            likes=p.count(self.slug, post, "likeCount", where),
            comments=p.count(self.slug, post, "replyCount", where),
            shares=p.count(self.slug, post, "repostCount", where),
            extra={"quoteCount": p.count(self.slug, post, "quoteCount", where)},
            **_flags(self.slug, post, record, where),
        )

    def _message(self, note: Mapping[str, Any], kind: MessageKind, where: str) -> Message:
        uri = p.text(self.slug, note, "uri", where, required=True)
        author = p.obj(self.slug, note.get("author"), f"{where}.author")
        name = p.text(self.slug, author, "handle", f"{where}.author", required=True)
        record = p.obj(self.slug, note.get("record"), f"{where}.record")
        reply = record.get("reply")
        parent = ""
        if isinstance(reply, Mapping) and isinstance(reply.get("parent"), Mapping):
            parent = p.text(self.slug, reply["parent"], "uri", f"{where}.record.reply.parent")
        root = ""
        if isinstance(reply, Mapping) and isinstance(reply.get("root"), Mapping):
            root = p.text(self.slug, reply["root"], "uri", f"{where}.record.reply.root")
        return Message(
            network=self.slug,
            external_id=uri,
            kind=kind,
            author_handle=name,
            author_name=p.text(self.slug, author, "displayName", f"{where}.author"),
            published_at=p.when(self.slug, record.get("createdAt"), f"{where}.record.createdAt"),
            text=p.text(self.slug, record, "text", f"{where}.record"),
            url=_web_url(name, uri),
            in_reply_to=parent,
            thread_id=root or uri,
            **_flags(self.slug, note, record, where),
        )


#: self-labels and moderation labels that mark content not for everyone
#: (https://docs.bsky.app/docs/advanced-guides/moderation#global-label-values)
_SENSITIVE_LABELS = frozenset({"porn", "sexual", "nudity", "graphic-media", "gore"})


def _flags(network: str, view: Mapping[str, Any], record: Mapping[str, Any], where: str) -> dict[str, Any]:
    """A post record's declared languages (``langs``, the first kept) and
    whether a label marks it sensitive."""
    langs = record.get("langs")
    language = str(langs[0]) if isinstance(langs, list) and langs and isinstance(langs[0], str) else ""
    labels = view.get("labels")
    values = {str(label.get("val")) for label in labels if isinstance(label, Mapping)} if isinstance(labels, list) else set()
    return {"language": language, "sensitive": bool(values & _SENSITIVE_LABELS)}


def _bio_links(bio: str) -> tuple[str, ...]:
    """The web addresses in a bio, in order, once each, without the sentence's
    closing punctuation."""
    return tuple(dict.fromkeys(u.rstrip(".,;:!?)") for u in _LINK.findall(bio)))


def _web_url(author: str, uri: str) -> str:
    """at://did/app.bsky.feed.post/rkey -> https://bsky.app/profile/author/post/rkey."""
    return f"https://bsky.app/profile/{author}/post/{uri.rsplit('/', 1)[-1]}"
