"""Facebook Pages through the Graph API.

Followed:
- https://developers.facebook.com/docs/graph-api/reference/page/ (fan_count, followers_count,
  talking_about_count, were_here_count, overall_star_rating, rating_count)
- https://developers.facebook.com/docs/graph-api/reference/page/feed/ (GET /{page}/posts, POST /{page}/feed)
- https://developers.facebook.com/docs/graph-api/reference/page/photos/ (POST /{page}/photos: a photo post,
  or with published=false a photo for a multi-photo /feed post's attached_media)
- https://developers.facebook.com/docs/graph-api/reference/object/comments/ (POST /{object}/comments)
- https://developers.facebook.com/docs/graph-api/reference/comment/ (is_hidden)
- https://developers.facebook.com/docs/graph-api/reference/page/ratings/ (recommendations)
- https://developers.facebook.com/docs/graph-api/reference/page/conversations/ (Messenger inbox)
- https://developers.facebook.com/docs/messenger-platform/reference/send-api/ (messaging_type RESPONSE)
- https://developers.facebook.com/docs/graph-api/reference/comment/ (DELETE /{comment-id})
- https://developers.facebook.com/documentation/business-messaging/messenger-platform/discovery/private-replies
  (POST /{page-id}/messages with recipient {"comment_id": ...}: one per comment, within 7 days)
- https://developers.facebook.com/documentation/pages-api/platforminsights/page/deprecated-metrics
  (Page Insights metrics such as page_impressions_unique and page_fans were retired in
  2025, so profile statistics come from the Page's own public fields, not Insights)

Peers are read through the Page's public fields; the organization's own Page
with its Page access token (see :meth:`GraphClient.pages`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from .. import parsing as p
from ..errors import NotSupported, PayloadError
from ..records import MediaFile, Message, MessageKind, Page, Post, PostedReply, Problem, ProfileStats, Sent
from .graph import GraphClient

_NAME = re.compile(r"^[A-Za-z0-9.\-]{5,50}$")
_ID = re.compile(r"^[0-9]{5,20}$")
_URL = re.compile(
    r"^(?:https?://)?(?:www\.|m\.|web\.)?(?:facebook|fb)\.com/"
    r"(?:profile\.php\?id=([0-9]+)|pages/[^/]+/([0-9]+)|([^/?#]+))/?(?:[?#].*)?$",
    re.I,
)


class FacebookClient(GraphClient):
    slug: ClassVar[str] = "facebook"
    label: ClassVar[str] = "Facebook"
    reads_back_replies: ClassVar[bool] = True
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"profile", "posts", "messages", "reviews", "publish", "reply", "hide", "delete", "private"}
    )

    image_posting: ClassVar[str] = "upload"

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
        salvage = p.Salvage(self.slug, page_id)
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
            followers=salvage.count(page, "followers_count", "page"),
            extra={
                "fan_count": salvage.count(page, "fan_count", "page"),
                "talking_about_count": salvage.count(page, "talking_about_count", "page"),
                "were_here_count": salvage.count(page, "were_here_count", "page"),
                "rating_count": salvage.count(page, "rating_count", "page"),
                "overall_star_rating": float(rating) if isinstance(rating, int | float) else None,
            },
            problems=tuple(salvage.problems),
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
        return p.page(self.slug, items, lambda raw, where: self._post(name, raw, where), self._next(answer), "data[{}]")

    def messages(self, handle: str, cursor: str | None = None) -> Page[Message]:
        """Comments on the Page's posts (up to 50 a post, 25 posts a call), then
        its Messenger conversations. The cursor names the stream and the place
        in it: ``comments:<after>`` or ``inbox:<after>``; a bare cursor is a
        comments cursor."""
        stream, after = "comments", cursor
        if cursor and cursor.startswith(("comments:", "inbox:")):
            stream, _, after = cursor.partition(":")
        if stream == "inbox":
            return self._inbox(handle, after or None)
        found = self._comments(handle, after or None)
        return Page(found.items, f"comments:{found.next_cursor}" if found.next_cursor else "inbox:", found.problems)

    def _comments(self, handle: str, cursor: str | None) -> Page[Message]:
        name = self.normalize_handle(handle)
        params = {
            "fields": "id,comments.limit(50).order(reverse_chronological)"
            "{id,message,created_time,from{id,name},permalink_url,parent{id},is_hidden}",
            "limit": "25",
        }
        if cursor:
            params["after"] = cursor
        answer = self._get(f"/{name}/posts", params)
        problems: list[Problem] = []

        def post_comments(raw: Any, where: str) -> list[Message]:
            post = p.obj(self.slug, raw, where)
            post_id = p.text(self.slug, post, "id", where, required=True)
            comments = post.get("comments")
            if comments is None:
                return []
            comments = p.obj(self.slug, comments, f"{where}.comments")
            found, unreadable = p.each(
                self.slug, p.items(self.slug, comments.get("data", []), f"{where}.comments.data"),
                lambda c, cwhere: self._comment(post_id, c, cwhere), f"{where}.comments.data[{{}}]",
            )
            problems.extend(unreadable)
            return found

        per_post, unreadable = p.each(self.slug, p.items(self.slug, answer.get("data", []), "data"), post_comments, "data[{}]")
        return Page([c for comments in per_post for c in comments], self._next(answer), unreadable + problems)

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
        return p.page(self.slug, items, self._review, self._next(answer), "data[{}]")

    # -- writes --------------------------------------------------------------
    def publish(self, handle: str, text: str) -> Sent:
        page_id = self._page_id(handle)
        answer = p.obj(self.slug, self._call("POST", f"/{page_id}/feed", data={"message": text}, idempotent=False), "response")
        post_id = p.text(self.slug, answer, "id", "response", required=True)
        return Sent(self.slug, post_id, f"https://www.facebook.com/{post_id}")

    def publish_media(self, handle: str, text: str, images: Sequence[MediaFile]) -> Sent:
        """One image: POST /{page}/photos with the file as ``source``, the text
        as ``message`` and the alt text as ``alt_text_custom``; that call is
        the post. Several: each uploaded unpublished (``published=false``, not
        a post), then one POST /{page}/feed with them as ``attached_media``."""
        self._check_image_count(images)
        page_id = self._page_id(handle)

        def photo(image: MediaFile, published: bool, where: str) -> Mapping[str, Any]:
            fields = {"alt_text_custom": image.alt_text, "published": "true" if published else "false"}
            if published:
                fields["message"] = text
            return p.obj(self.slug, self._call("POST", f"/{page_id}/photos", data=fields, idempotent=False,
                                               files={"source": (image.filename, image.data, image.mime_type)}),
                         where)

        if len(images) == 1:
            answer = photo(images[0], True, "photo")
            post_id = p.text(self.slug, answer, "post_id", "photo") or p.text(self.slug, answer, "id", "photo",
                                                                                 required=True)
            return Sent(self.slug, post_id, f"https://www.facebook.com/{post_id}")
        ids = [p.text(self.slug, photo(image, False, f"photo[{n}]"), "id", f"photo[{n}]", required=True)
               for n, image in enumerate(images)]
        attached = json.dumps([{"media_fbid": media_id} for media_id in ids])
        answer = p.obj(self.slug, self._call("POST", f"/{page_id}/feed", data={"message": text,
                                                                               "attached_media": attached},
                                             idempotent=False), "response")
        post_id = p.text(self.slug, answer, "id", "response", required=True)
        return Sent(self.slug, post_id, f"https://www.facebook.com/{post_id}")

    def reply(self, handle: str, in_reply_to: str, text: str) -> Sent:
        """A comment answers a post or comment; an answer to a Messenger
        message (id ``m_...``) goes back through the Send API."""
        if in_reply_to.startswith("m_"):
            return self._send(handle, in_reply_to, text)
        answer = p.obj(self.slug, self._call("POST", f"/{in_reply_to}/comments", data={"message": text}, idempotent=False), "response")
        return Sent(self.slug, p.text(self.slug, answer, "id", "response", required=True))

    def our_replies(self, handle: str, in_reply_to: str) -> list[PostedReply]:
        """The Page's own comments under ``in_reply_to`` (GET /{object-id}/comments,
        https://developers.facebook.com/docs/graph-api/reference/object/comments/),
        newest first: a reply posted a moment ago is on the first page."""
        if in_reply_to.startswith("m_"):
            raise NotSupported(self.slug, "Messenger answers cannot be read back here")
        page_id = self._page_id(handle)
        answer = self._get(f"/{in_reply_to}/comments",
                           {"fields": "id,message,from,permalink_url", "order": "reverse_chronological", "limit": "100"})
        found = []
        for i, raw in enumerate(p.items(self.slug, answer.get("data", []), "data")):
            where = f"data[{i}]"
            comment = p.obj(self.slug, raw, where)
            author = comment.get("from")
            if not isinstance(author, Mapping) or str(author.get("id", "")) != page_id:
                continue
            found.append(PostedReply(self.slug, p.text(self.slug, comment, "id", where, required=True),
                                     p.text(self.slug, comment, "message", where),
                                     p.text(self.slug, comment, "permalink_url", where)))
        return found

    def hide(self, handle: str, external_id: str) -> None:
        if external_id.startswith("m_"):
            raise NotSupported(self.slug, "a Messenger message cannot be hidden, only a comment")
        answer = p.obj(self.slug, self._call("POST", f"/{external_id}", data={"is_hidden": "true"}), "response")
        if answer.get("success") is not True:
            raise PayloadError(self.slug, "response.success", "Facebook did not confirm the comment is hidden")

    def delete(self, handle: str, external_id: str) -> None:
        """Deletes a comment on the Page's posts for good (a hidden one can be shown again)."""
        if external_id.startswith("m_"):
            raise NotSupported(self.slug, "a Messenger message cannot be deleted, only a comment")
        answer = p.obj(self.slug, self._call("DELETE", f"/{external_id}"), "response")
        if answer.get("success") is not True:
            raise PayloadError(self.slug, "response.success", "Facebook did not confirm the comment is deleted")

    def send_private(self, handle: str, author_handle: str, in_reply_to: str, text: str) -> Sent:
        """A Messenger private reply to the author of comment ``in_reply_to``:
        Facebook allows one per comment, within 7 days of it."""
        if in_reply_to.startswith("m_"):
            raise NotSupported(self.slug, "a Messenger message is already private: answer it with a reply")
        return self._private_reply(self._page_id(handle), in_reply_to, text)

    # -- Messenger -----------------------------------------------------------
    def _inbox(self, handle: str, cursor: str | None) -> Page[Message]:
        page_id = self._page_id(handle)
        # The conversations are those of the Page the token is for: make sure
        # that is this channel's Page before reading anyone's messages.
        self.check_identity(handle)
        params = {
            "platform": "messenger",
            "fields": "id,link,updated_time,messages.limit(25){id,message,from,created_time}",
            "limit": "25",
        }
        if cursor:
            params["after"] = cursor
        answer = self._get(f"/{page_id}/conversations", params)
        problems: list[Problem] = []

        def conversation(raw: Any, where: str) -> list[Message]:
            thread = p.obj(self.slug, raw, where)
            thread_id = p.text(self.slug, thread, "id", where, required=True)
            link = p.text(self.slug, thread, "link", where)
            block = p.obj(self.slug, thread.get("messages", {}), f"{where}.messages")

            def one(m: Any, mwhere: str) -> Message | None:
                message = p.obj(self.slug, m, mwhere)
                sender = p.obj(self.slug, message.get("from"), f"{mwhere}.from")
                sender_id = p.text(self.slug, sender, "id", f"{mwhere}.from", required=True)
                if sender_id == page_id:
                    return None  # the Page's own answers are not inbox items
                return Message(
                    network=self.slug,
                    external_id=p.text(self.slug, message, "id", mwhere, required=True),
                    kind=MessageKind.DIRECT,
                    author_handle=sender_id,
                    author_name=p.text(self.slug, sender, "name", f"{mwhere}.from"),
                    published_at=p.when(self.slug, message.get("created_time"), f"{mwhere}.created_time"),
                    text=p.text(self.slug, message, "message", mwhere),
                    url=f"https://www.facebook.com{link}" if link.startswith("/") else link,
                    thread_id=thread_id,
                    visibility="private",
                )

            found, unreadable = p.each(self.slug, p.items(self.slug, block.get("data", []), f"{where}.messages.data"),
                                       one, f"{where}.messages.data[{{}}]")
            problems.extend(unreadable)
            return found

        per_thread, unreadable = p.each(self.slug, p.items(self.slug, answer.get("data", []), "data"),
                                        conversation, "data[{}]")
        after = self._next(answer)
        return Page([m for thread in per_thread for m in thread], f"inbox:{after}" if after else None,
                    unreadable + problems)

    def whoami(self, handle: str) -> str:
        """A Page access token's /me is the Page itself (its id)."""
        me = p.obj(self.slug, self._get("/me", {"fields": "id,name"}), "me")
        return p.text(self.slug, me, "id", "me", required=True)

    def own_identity(self, handle: str) -> str:
        return self._page_id(handle)

    def _send(self, handle: str, message_id: str, text: str) -> Sent:
        page_id = self._page_id(handle)
        original = self._get(f"/{message_id}", {"fields": "from"})
        sender = p.obj(self.slug, original.get("from"), "message.from")
        body = {
            "recipient": {"id": p.text(self.slug, sender, "id", "message.from", required=True)},
            # RESPONSE: an answer inside the 24-hour window the person opened.
            "messaging_type": "RESPONSE",
            "message": {"text": text},
        }
        answer = p.obj(self.slug, self._call("POST", f"/{page_id}/messages", json_body=body, idempotent=False), "response")
        return Sent(self.slug, p.text(self.slug, answer, "message_id", "response", required=True))

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
