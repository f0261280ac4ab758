"""Instagram professional accounts through the Instagram API with Facebook Login.

Followed:
- https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/business-discovery
- https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/business_discovery
- https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
- https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments
- https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment/replies
- https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment (hide, delete)
- https://developers.facebook.com/docs/instagram-api/guides/comment-moderation (DELETE /{ig-comment-id})
- https://developers.facebook.com/documentation/instagram-platform/private-replies
  (POST /{ig-user-id}/messages with recipient {"comment_id": ...}: one per comment, within 7 days)

Every read goes through business discovery on the connected account
(``Credentials.extra["ig_user_id"]``), so our own account and peers are
measured the same way. Publishing needs an image or video, so text-only
``publish`` is not offered; an image post follows
https://developers.facebook.com/docs/instagram-platform/content-publishing/
(POST /{ig-user-id}/media with ``image_url``, ``caption`` and ``alt_text``
makes a container, which is not a post; POST /{ig-user-id}/media_publish with
its ``creation_id`` publishes it). Instagram fetches the image itself from
``image_url``: it must be on a public address (BEDSIDE_PUBLIC_MEDIA_URL).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from . import parsing as p
from .errors import AuthError, NotFound, PayloadError, PermanentError
from .facebook.graph import GraphClient
from .records import MediaFile, Message, MessageKind, Page, Post, PostedReply, Problem, ProfileStats, Sent

_USERNAME = re.compile(r"^(?!.*\.\.)(?!.*\.$)[a-z0-9._]{1,30}$")
_URL = re.compile(r"^(?:https?://)?(?:www\.)?instagram\.com/([^/?#]+)/?(?:[?#].*)?$", re.I)
_PROFILE_FIELDS = "id,username,name,biography,website,profile_picture_url,followers_count,follows_count,media_count"
_MEDIA_FIELDS = "id,caption,media_type,media_product_type,permalink,timestamp,like_count,comments_count"
_MEDIA_TYPES = {"IMAGE": "image", "CAROUSEL_ALBUM": "image", "VIDEO": "video", "REELS": "video"}


class InstagramClient(GraphClient):
    slug: ClassVar[str] = "instagram"
    label: ClassVar[str] = "Instagram"
    reads_back_replies: ClassVar[bool] = True
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"profile", "posts", "messages", "reply", "hide", "delete", "private"}
    )
    image_posting: ClassVar[str] = "url"

    @classmethod
    def normalize_handle(cls, handle: str) -> str:
        raw = (handle or "").strip()
        match = _URL.match(raw)
        name = (match.group(1) if match else raw).removeprefix("@").lower()
        if not _USERNAME.match(name):
            raise ValueError(
                f"Instagram: {handle!r} is not an Instagram username; expected @name or name "
                "(up to 30 letters, digits, periods or underscores)"
            )
        return name

    # -- reads ---------------------------------------------------------------
    def profile(self, handle: str) -> ProfileStats:
        name = self.normalize_handle(handle)
        user = self._discover(name, _PROFILE_FIELDS)
        where = "business_discovery"
        user_id = p.text(self.slug, user, "id", where, required=True)
        salvage = p.Salvage(self.slug, user_id)
        return ProfileStats(
            network=self.slug,
            external_id=user_id,
            handle=p.text(self.slug, user, "username", where) or name,
            taken_at=p.now(),
            name=p.text(self.slug, user, "name", where),
            description=p.text(self.slug, user, "biography", where),
            url=f"https://www.instagram.com/{name}/",
            avatar_url=p.text(self.slug, user, "profile_picture_url", where),
            website=p.text(self.slug, user, "website", where),
            followers=salvage.count(user, "followers_count", where),
            following=salvage.count(user, "follows_count", where),
            posts=salvage.count(user, "media_count", where),
            problems=tuple(salvage.problems),
        )

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        name = self.normalize_handle(handle)
        after = f".after({cursor})" if cursor else ""
        user = self._discover(name, f"media.limit(50){after}{{{_MEDIA_FIELDS}}}")
        media = user.get("media")
        if media is None:
            return Page([])
        media = p.obj(self.slug, media, "business_discovery.media")
        items = p.items(self.slug, media.get("data", []), "business_discovery.media.data")
        return p.page(self.slug, items, lambda raw, where: self._post(name, raw, where),
                      self._next(media, "business_discovery.media.paging"), "business_discovery.media.data[{}]")

    def messages(self, handle: str, cursor: str | None = None) -> Page[Message]:
        """Comments on the connected account's own media (peers' comments are
        not available through the API)."""
        self.normalize_handle(handle)
        params = {
            "fields": "id,permalink,comments.limit(50){id,text,timestamp,username,from{id,username},like_count,parent_id,hidden}",
            "limit": "25",
        }
        if cursor:
            params["after"] = cursor
        # The media read are those of the connected account (ig_user_id), not
        # of the handle: make sure they are the same account first.
        self.check_identity(handle)
        answer = self._get(f"/{self._ig_user_id()}/media", params)
        problems: list[Problem] = []

        def media_comments(raw: Any, where: str) -> list[Message]:
            media = p.obj(self.slug, raw, where)
            media_id = p.text(self.slug, media, "id", where, required=True)
            comments = media.get("comments")
            if comments is None:
                return []
            comments = p.obj(self.slug, comments, f"{where}.comments")
            found, unreadable = p.each(
                self.slug, p.items(self.slug, comments.get("data", []), f"{where}.comments.data"),
                lambda c, cwhere: self._comment(media_id, media, c, cwhere), f"{where}.comments.data[{{}}]",
            )
            problems.extend(unreadable)
            return found

        per_media, unreadable = p.each(self.slug, p.items(self.slug, answer.get("data", []), "data"),
                                       media_comments, "data[{}]")
        return Page([c for comments in per_media for c in comments], self._next(answer), unreadable + problems)

    def whoami(self, handle: str) -> str:
        """The username of the connected professional account (ig_user_id)."""
        me = p.obj(self.slug, self._get(f"/{self._ig_user_id()}", {"fields": "id,username"}), "ig_user")
        return p.text(self.slug, me, "username", "ig_user", required=True)

    # -- writes --------------------------------------------------------------
    def publish_media(self, handle: str, text: str, images: Sequence[MediaFile]) -> Sent:
        """One image: a container with ``image_url``, ``caption`` and
        ``alt_text``. Several (a carousel): a container per image with
        ``is_carousel_item=true``, then a ``CAROUSEL`` container naming them
        in ``children`` with the caption. Containers are not posts: only
        media_publish publishes."""
        self._check_image_count(images)
        if not all(image.public_url for image in images):
            raise PermanentError(self.slug, "Instagram fetches the image from a public web address, and none is set: "
                                            "set BEDSIDE_PUBLIC_MEDIA_URL")
        user = self._ig_user_id()

        def container(fields: dict[str, str], where: str) -> str:
            answer = p.obj(self.slug, self._call("POST", f"/{user}/media", data=fields, idempotent=False), where)
            return p.text(self.slug, answer, "id", where, required=True)

        if len(images) == 1:
            creation_id = container({"image_url": images[0].public_url, "caption": text,
                                     "alt_text": images[0].alt_text}, "container")
        else:
            children = [container({"image_url": image.public_url, "is_carousel_item": "true",
                                   "alt_text": image.alt_text}, f"container[{n}]") for n, image in enumerate(images)]
            creation_id = container({"media_type": "CAROUSEL", "children": ",".join(children), "caption": text},
                                    "carousel")
        answer = p.obj(self.slug, self._call("POST", f"/{user}/media_publish", data={"creation_id": creation_id},
                                             idempotent=False), "media_publish")
        media_id = p.text(self.slug, answer, "id", "media_publish", required=True)
        return Sent(self.slug, media_id)

    def reply(self, handle: str, in_reply_to: str, text: str) -> Sent:
        """``in_reply_to`` is a comment id; Instagram threads replies one level deep."""
        answer = p.obj(self.slug, self._call("POST", f"/{in_reply_to}/replies", data={"message": text}, idempotent=False), "response")
        return Sent(self.slug, p.text(self.slug, answer, "id", "response", required=True))

    def our_replies(self, handle: str, in_reply_to: str) -> list[PostedReply]:
        """Our account's replies under comment ``in_reply_to`` (GET /{ig-comment-id}/replies,
        https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment/replies)."""
        ours = self.normalize_handle(handle)
        answer = self._get(f"/{in_reply_to}/replies", {"fields": "id,text,username,timestamp", "limit": "100"})
        found = []
        for i, raw in enumerate(p.items(self.slug, answer.get("data", []), "data")):
            reply = p.obj(self.slug, raw, f"data[{i}]")
            if p.text(self.slug, reply, "username", f"data[{i}]").lower() != ours:
                continue
            found.append(PostedReply(self.slug, p.text(self.slug, reply, "id", f"data[{i}]", required=True),
                                     p.text(self.slug, reply, "text", f"data[{i}]")))
        return found

    def hide(self, handle: str, external_id: str) -> None:
        answer = p.obj(self.slug, self._call("POST", f"/{external_id}", data={"hide": "true"}), "response")
        if answer.get("success") is not True:
            raise PayloadError(self.slug, "response.success", "Instagram did not confirm the comment is hidden")

    def delete(self, handle: str, external_id: str) -> None:
        """Deletes a comment on the connected account's own media."""
        answer = p.obj(self.slug, self._call("DELETE", f"/{external_id}"), "response")
        if answer.get("success") is not True:
            raise PayloadError(self.slug, "response.success", "Instagram did not confirm the comment is deleted")

    def send_private(self, handle: str, author_handle: str, in_reply_to: str, text: str) -> Sent:
        """A private reply in the commenter's Instagram inbox (or message
        requests): one per comment, within 7 days of it."""
        return self._private_reply(self._ig_user_id(), in_reply_to, text)

    # -- helpers -------------------------------------------------------------
    def _ig_user_id(self) -> str:
        ig_user_id = self.credentials.extra.get("ig_user_id", "")
        if not ig_user_id:
            raise AuthError(
                self.slug,
                "no Instagram professional account connected (ig_user_id); connect the Facebook Page it is linked to",
            )
        return ig_user_id

    def _discover(self, name: str, fields: str) -> Mapping[str, Any]:
        answer = self._get(f"/{self._ig_user_id()}", {"fields": f"business_discovery.username({name}){{{fields}}}"})
        user = answer.get("business_discovery")
        if user is None:
            raise NotFound(self.slug, f"no professional account {name!r} (personal accounts cannot be read)")
        return p.obj(self.slug, user, "business_discovery")

    def _post(self, name: str, raw: Any, where: str) -> Post:
        media = p.obj(self.slug, raw, where)
        kind = p.text(self.slug, media, "media_product_type", where)
        if kind != "REELS":
            kind = p.text(self.slug, media, "media_type", where)
        return Post(
            network=self.slug,
            external_id=p.text(self.slug, media, "id", where, required=True),
            author_handle=name,
            published_at=p.when(self.slug, media.get("timestamp"), f"{where}.timestamp"),
            text=p.text(self.slug, media, "caption", where),
            url=p.text(self.slug, media, "permalink", where),
            media_type=_MEDIA_TYPES.get(kind, "image"),
            # like_count is left out when the owner hides like counts: unknown, not 0.
            likes=p.count(self.slug, media, "like_count", where),
            comments=p.count(self.slug, media, "comments_count", where),
        )

    def _comment(self, media_id: str, media: Mapping[str, Any], raw: Any, where: str) -> Message:
        comment = p.obj(self.slug, raw, where)
        author = comment.get("from")
        author = p.obj(self.slug, author, f"{where}.from") if author is not None else {}
        username = p.text(self.slug, comment, "username", where) or p.text(self.slug, author, "username", f"{where}.from")
        parent = p.text(self.slug, comment, "parent_id", where)
        return Message(
            network=self.slug,
            external_id=p.text(self.slug, comment, "id", where, required=True),
            kind=MessageKind.COMMENT,
            author_handle=username,
            author_name=username,
            published_at=p.when(self.slug, comment.get("timestamp"), f"{where}.timestamp"),
            text=p.text(self.slug, comment, "text", where),
            url=p.text(self.slug, media, "permalink", where.rsplit(".comments", 1)[0]),
            in_reply_to=parent or media_id,
            thread_id=media_id,
            extra={"like_count": p.count(self.slug, comment, "like_count", where), "hidden": comment.get("hidden") is True},
        )
