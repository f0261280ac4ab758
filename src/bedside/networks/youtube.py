"""YouTube through the YouTube Data API v3.

Followed:
- https://developers.google.com/youtube/v3/docs/channels/list (forHandle, statistics)
- https://developers.google.com/youtube/v3/docs/playlistItems/list (the uploads playlist)
- https://developers.google.com/youtube/v3/docs/videos/list (statistics per video)
- https://developers.google.com/youtube/v3/docs/commentThreads/list (allThreadsRelatedToChannelId, videoId)
- https://developers.google.com/youtube/v3/docs/search/list (type=video, order=date: listening)
- https://developers.google.com/youtube/v3/docs/comments/insert and /comments/setModerationStatus
  (heldForReview to hide, rejected to delete; comments.delete is only for the channel's own comments)
- https://developers.google.com/youtube/v3/docs/videos/insert and
  https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol (a video: the session
  is opened with the metadata, then one PUT of the bytes creates the video)
- https://developers.google.com/youtube/v3/determine_quota_cost
- https://developers.google.com/identity/protocols/oauth2/web-server (offline access, refresh)

Reads list the uploads playlist (1 quota unit a page) instead of search.list
(100 units); listening's :meth:`YouTubeClient.search` has to use search.list,
so the client counts the units it spends (``units_spent``) for the caller to
stop before its share of the daily quota is gone. Counts arrive as strings; ``subscriberCount`` is rounded by
YouTube and missing when the channel hides it, which stays ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from . import parsing as p
from .base import NetworkClient
from .errors import AuthError, NotFound, PermanentError, TransientError
from .google_oauth import GoogleOAuth
from .records import MediaFile, Message, MessageKind, Page, Post, PostedReply, Problem, ProfileStats, Sent

_HANDLE = re.compile(r"^@?([A-Za-z0-9._-]{3,30})$")
_CHANNEL_ID = re.compile(r"^UC[A-Za-z0-9_-]{22}$")
_URL = re.compile(r"^(?:https?://)?(?:www\.|m\.)?youtube\.com/(?:(@[^/?#]+)|channel/([^/?#]+))/?(?:[?#].*)?$", re.I)


class YouTubeClient(GoogleOAuth, NetworkClient):
    slug: ClassVar[str] = "youtube"
    label: ClassVar[str] = "YouTube"
    default_base_url: ClassVar[str] = "https://www.googleapis.com/youtube/v3"
    reads_back_replies: ClassVar[bool] = True
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"profile", "posts", "messages", "reply", "hide", "delete", "search"}
    )
    why_no_private: ClassVar[str] = (
        "YouTube has no private messages: send the notice by another channel, or by hand, and close the message"
    )
    oauth_scopes: ClassVar[tuple[str, ...]] = ("https://www.googleapis.com/auth/youtube.force-ssl",)
    video_posting: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._channel_ids: dict[str, str] = {}
        # Quota units this client has spent (determine_quota_cost): every
        # call counts, refused ones too, as Google counts them.
        self.units_spent = 0

    @classmethod
    def normalize_handle(cls, handle: str) -> str:
        """``@handle`` or a ``UC...`` channel id."""
        raw = (handle or "").strip()
        match = _URL.match(raw)
        if match:
            raw = match.group(1) or match.group(2)
        if _CHANNEL_ID.match(raw):
            return raw
        name = _HANDLE.match(raw)
        if name and not name.group(1).startswith((".", "-")):
            return f"@{name.group(1)}"
        raise ValueError(
            f"YouTube: {handle!r} is not a channel; expected @handle (3-30 letters, digits, . _ -) "
            "or a channel id starting with UC"
        )

    # -- reads ---------------------------------------------------------------
    def profile(self, handle: str) -> ProfileStats:
        channel = self._channel(self.normalize_handle(handle), "snippet,statistics")
        snippet = p.obj(self.slug, channel.get("snippet", {}), "items[0].snippet")
        channel_id = p.text(self.slug, channel, "id", "items[0]", required=True)
        salvage = p.Salvage(self.slug, channel_id)
        stats = salvage.part(channel, "statistics", "items[0]") or {}
        hidden = stats.get("hiddenSubscriberCount") is True
        custom = p.text(self.slug, snippet, "customUrl", "items[0].snippet")
        thumbs = snippet.get("thumbnails")
        avatar = ""
        if isinstance(thumbs, Mapping) and isinstance(thumbs.get("default"), Mapping):
            avatar = p.text(self.slug, thumbs["default"], "url", "items[0].snippet.thumbnails.default")
        return ProfileStats(
            network=self.slug,
            external_id=channel_id,
            handle=custom or channel_id,
            taken_at=p.now(),
            name=p.text(self.slug, snippet, "title", "items[0].snippet"),
            description=p.text(self.slug, snippet, "description", "items[0].snippet"),
            url=f"https://www.youtube.com/{custom}" if custom else f"https://www.youtube.com/channel/{channel_id}",
            avatar_url=avatar,
            followers=None if hidden else salvage.count(stats, "subscriberCount", "items[0].statistics"),
            posts=salvage.count(stats, "videoCount", "items[0].statistics"),
            extra={"viewCount": salvage.count(stats, "viewCount", "items[0].statistics")},
            problems=tuple(salvage.problems),
        )

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        channel_id = self._channel_id(self.normalize_handle(handle))
        # Every channel's uploads playlist is its id with UC replaced by UU.
        params = {"part": "contentDetails", "playlistId": "UU" + channel_id[2:], "maxResults": "50"}
        if cursor:
            params["pageToken"] = cursor
        listing = p.obj(self.slug, self._get("/playlistItems", params), "response")
        def video_id(raw: Any, where: str) -> str:
            details = p.obj(self.slug, p.obj(self.slug, raw, where).get("contentDetails"), f"{where}.contentDetails")
            return p.text(self.slug, details, "videoId", f"{where}.contentDetails", required=True)

        ids, problems = p.each(self.slug, p.items(self.slug, listing.get("items", []), "items"), video_id, "items[{}]")
        videos: list[Post] = []
        if ids:
            answer = p.obj(self.slug, self._get("/videos", {"part": "snippet,statistics", "id": ",".join(ids)}), "videos")
            videos, unreadable = p.each(self.slug, p.items(self.slug, answer.get("items", []), "videos.items"),
                                        self._video, "videos.items[{}]")
            problems += unreadable
        return Page(videos, _next(listing), problems)

    def messages(self, handle: str, cursor: str | None = None) -> Page[Message]:
        channel_id = self._channel_id(self.normalize_handle(handle))
        params = {
            "part": "snippet",
            "allThreadsRelatedToChannelId": channel_id,
            "maxResults": "100",
            "textFormat": "plainText",
            "order": "time",
        }
        if cursor:
            params["pageToken"] = cursor
        answer = p.obj(self.slug, self._get("/commentThreads", params), "response")
        threads = p.items(self.slug, answer.get("items", []), "items")
        return p.page(self.slug, threads, self._thread, _next(answer), "items[{}]")

    def search(self, query: str, cursor: str | None = None, *, where: str = "") -> Page[Message]:
        """The newest videos matching ``query`` (search.list, 100 units a
        page) as mentions, each followed by its newest comment threads
        (commentThreads.list by videoId, 1 unit a video). A video whose comments
        are off or gone costs only its comments, reported as a problem.
        ``cursor`` is search.list's pageToken."""
        params = {"part": "snippet", "q": query, "type": "video", "order": "date",
                  "maxResults": str(SEARCH_PAGE_SIZE)}
        if cursor:
            params["pageToken"] = cursor
        answer = p.obj(self.slug, self._get("/search", params), "response")
        videos, problems = p.each(self.slug, p.items(self.slug, answer.get("items", []), "items"),
                                  self._search_result, "items[{}]")
        found: list[Message] = []
        for video in videos:
            found.append(video)
            comments = self._video_comments(video.external_id)
            found += comments.items
            problems += comments.problems
        return Page(found, _next(answer), problems)

    # -- writes --------------------------------------------------------------
    def publish_video(self, handle: str, text: str, video: MediaFile, *, title: str) -> Sent:
        """Upload a video to the connected channel, public, ``text`` as its
        description. Resumable protocol: POST the metadata to open a session
        (no video exists yet, so it may be retried), then PUT the bytes to the
        session's Location: that call creates the video and is never retried
        after a 5xx or a timeout (the caller reads the channel back first)."""
        self.normalize_handle(handle)
        extra_params, headers = self._auth(True)
        metadata = {
            "snippet": {"title": _video_title(title or text), "description": text[:5000]},
            "status": {"privacyStatus": "public", "selfDeclaredMadeForKids": False},
        }
        self.units_spent += quota_cost("POST", "/videos")
        opened = self.http.request(
            "POST", self._upload_url(), params={"uploadType": "resumable", "part": "snippet,status", **extra_params},
            headers={**headers, "X-Upload-Content-Type": video.mime_type,
                     "X-Upload-Content-Length": str(len(video.data))},
            json_body=metadata,
        )
        session = opened.headers.get("location", "")
        if not session.startswith(("https://", "http://")):
            raise PermanentError(self.slug, "the upload session was opened without a Location to send the video to")
        answer = self.http.parse_json(self.http.request(
            "PUT", session, headers={**headers, "Content-Type": video.mime_type}, content=video.data,
            idempotent=False))
        uploaded = p.obj(self.slug, answer, "video")
        video_id = p.text(self.slug, uploaded, "id", "video", required=True)
        return Sent(self.slug, video_id, f"https://www.youtube.com/watch?v={video_id}")

    def _upload_url(self) -> str:
        # Media goes to the upload path (…/upload/youtube/v3/videos), not the API's.
        base = self.base_url
        if base.endswith("/youtube/v3"):
            return base[: -len("/youtube/v3")] + "/upload/youtube/v3/videos"
        return f"{base}/upload/videos"

    def reply(self, handle: str, in_reply_to: str, text: str) -> Sent:
        """``in_reply_to`` is the comment thread id (top-level comment id)."""
        answer = self._call(
            "POST",
            "/comments",
            params={"part": "snippet"},
            json_body={"snippet": {"parentId": in_reply_to, "textOriginal": text}},
            user=True,
            idempotent=False,
        )
        comment = p.obj(self.slug, answer, "comment")
        return Sent(self.slug, p.text(self.slug, comment, "id", "comment", required=True))

    def our_replies(self, handle: str, in_reply_to: str) -> list[PostedReply]:
        """Our channel's replies in comment thread ``in_reply_to`` (comments.list
        with parentId, https://developers.google.com/youtube/v3/docs/comments/list)."""
        ours = self._channel_id(handle)
        answer = p.obj(self.slug, self._call("GET", "/comments", params={
            "part": "snippet", "parentId": in_reply_to, "maxResults": "100", "textFormat": "plainText"},
            user=True), "response")
        found = []
        for i, raw in enumerate(p.items(self.slug, answer.get("items", []), "items")):
            where = f"items[{i}]"
            comment = p.obj(self.slug, raw, where)
            snippet = p.obj(self.slug, comment.get("snippet"), f"{where}.snippet")
            author = snippet.get("authorChannelId")
            if not isinstance(author, Mapping) or author.get("value") != ours:
                continue
            text = p.text(self.slug, snippet, "textOriginal", f"{where}.snippet") or p.text(
                self.slug, snippet, "textDisplay", f"{where}.snippet")
            found.append(PostedReply(self.slug, p.text(self.slug, comment, "id", where, required=True), text))
        return found

    def hide(self, handle: str, external_id: str) -> None:
        # heldForReview takes the comment down but lets a person restore it.
        self._call(
            "POST",
            "/comments/setModerationStatus",
            params={"id": external_id, "moderationStatus": "heldForReview"},
            user=True,
        )

    def delete(self, handle: str, external_id: str) -> None:
        """Takes someone else's comment down for good: YouTube's comments.delete
        removes only the channel's own comments, so a channel owner deletes a
        viewer's comment with comments.setModerationStatus moderationStatus=rejected
        (the author is not banned)."""
        self._call(
            "POST",
            "/comments/setModerationStatus",
            params={"id": external_id, "moderationStatus": "rejected"},
            user=True,
        )

    # -- helpers -------------------------------------------------------------
    def _auth(self, user: bool) -> tuple[dict[str, str], dict[str, str]]:
        token = self.credentials.token
        if not token:
            raise AuthError(self.slug, "no API key or OAuth token configured (BEDSIDE_YOUTUBE_TOKEN)")
        if token.startswith("AIza"):
            # Google API keys start with AIza: public reads only, sent as key=.
            if user:
                raise AuthError(self.slug, "replying and moderating need a connected channel, not an API key")
            return {"key": token}, {}
        return {}, {"Authorization": f"Bearer {token}"}

    def _call(self, method: str, path: str, *, params: Mapping[str, str], user: bool = False, **kwargs: Any) -> Any:
        extra_params, headers = self._auth(user)
        self.units_spent += quota_cost(method, path)
        try:
            response = self.http.request(method, self.url(path), params={**params, **extra_params}, headers=headers, **kwargs)
        except PermanentError as exc:
            # The daily quota answers 403 quotaExceeded; it resets at midnight
            # Pacific time, so it is worth retrying later, not reconnecting.
            if exc.status == 403 and ("quota" in exc.message.lower() or "rate limit" in exc.message.lower()):
                raise TransientError(self.slug, exc.message, status=403) from exc
            raise
        return self.http.parse_json(response)

    def _get(self, path: str, params: Mapping[str, str]) -> Any:
        return self._call("GET", path, params=params)

    def _channel(self, handle: str, parts: str) -> Mapping[str, Any]:
        params = {"part": parts}
        params.update({"id": handle} if handle.startswith("UC") else {"forHandle": handle})
        answer = p.obj(self.slug, self._get("/channels", params), "response")
        found = p.items(self.slug, answer.get("items", []), "items")
        if not found:
            raise NotFound(self.slug, f"no channel {handle!r}")
        channel = p.obj(self.slug, found[0], "items[0]")
        self._channel_ids[handle] = p.text(self.slug, channel, "id", "items[0]", required=True)
        return channel

    def _channel_id(self, handle: str) -> str:
        if handle.startswith("UC"):
            return handle
        if handle not in self._channel_ids:
            self._channel(handle, "id")
        return self._channel_ids[handle]

    def _video(self, raw: Any, where: str) -> Post:
        video = p.obj(self.slug, raw, where)
        video_id = p.text(self.slug, video, "id", where, required=True)
        snippet = p.obj(self.slug, video.get("snippet"), f"{where}.snippet")
        stats = video.get("statistics")
        stats = p.obj(self.slug, stats, f"{where}.statistics") if stats is not None else None
        swhere = f"{where}.statistics"
        title = p.text(self.slug, snippet, "title", f"{where}.snippet")
        description = p.text(self.slug, snippet, "description", f"{where}.snippet")
        return Post(
            network=self.slug,
            external_id=video_id,
            author_handle=p.text(self.slug, snippet, "channelId", f"{where}.snippet"),
            published_at=p.when(self.slug, snippet.get("publishedAt"), f"{where}.snippet.publishedAt"),
            text=f"{title}\n\n{description}".strip(),
            url=f"https://www.youtube.com/watch?v={video_id}",
            media_type="video",
            likes=p.count(self.slug, stats, "likeCount", swhere),
            comments=p.count(self.slug, stats, "commentCount", swhere),
            views=p.count(self.slug, stats, "viewCount", swhere),
            # The spoken language where the uploader set it, else the metadata's.
            language=p.text(self.slug, snippet, "defaultAudioLanguage", f"{where}.snippet")
            or p.text(self.slug, snippet, "defaultLanguage", f"{where}.snippet"),
        )

    def _search_result(self, raw: Any, where: str) -> Message | None:
        result = p.obj(self.slug, raw, where)
        ident = p.obj(self.slug, result.get("id"), f"{where}.id")
        if ident.get("kind") not in (None, "youtube#video"):
            return None  # type=video asks for videos only; a channel or playlist is left out
        video_id = p.text(self.slug, ident, "videoId", f"{where}.id", required=True)
        snippet = p.obj(self.slug, result.get("snippet"), f"{where}.snippet")
        swhere = f"{where}.snippet"
        title = p.text(self.slug, snippet, "title", swhere)
        description = p.text(self.slug, snippet, "description", swhere)
        return Message(
            network=self.slug,
            external_id=video_id,
            kind=MessageKind.MENTION,
            author_handle=p.text(self.slug, snippet, "channelId", swhere),
            author_name=p.text(self.slug, snippet, "channelTitle", swhere),
            published_at=p.when(self.slug, snippet.get("publishedAt"), f"{swhere}.publishedAt"),
            text=f"{title}\n\n{description}".strip(),
            url=f"https://www.youtube.com/watch?v={video_id}",
        )

    def _video_comments(self, video_id: str) -> Page[Message]:
        params = {"part": "snippet", "videoId": video_id, "maxResults": "100", "textFormat": "plainText",
                  "order": "time"}
        try:
            answer = p.obj(self.slug, self._get("/commentThreads", params), "commentThreads")
        except AuthError:
            raise
        except PermanentError as exc:
            # 403 commentsDisabled, 404 videoNotFound: the video stays a
            # mention; only its comments are missing, and the run says why.
            return Page([], None, [Problem(self.slug, video_id, "commentThreads", exc.message[:200])])
        threads = p.items(self.slug, answer.get("items", []), "commentThreads.items")
        return p.page(self.slug, threads, self._thread, None, "commentThreads.items[{}]")

    def _thread(self, raw: Any, where: str) -> Message:
        thread = p.obj(self.slug, raw, where)
        snippet = p.obj(self.slug, thread.get("snippet"), f"{where}.snippet")
        top = p.obj(self.slug, snippet.get("topLevelComment"), f"{where}.snippet.topLevelComment")
        cwhere = f"{where}.snippet.topLevelComment.snippet"
        comment = p.obj(self.slug, top.get("snippet"), cwhere)
        author_channel = comment.get("authorChannelId")
        author_id = ""
        if isinstance(author_channel, Mapping):
            author_id = p.text(self.slug, author_channel, "value", f"{cwhere}.authorChannelId")
        video_id = p.text(self.slug, snippet, "videoId", f"{where}.snippet")
        thread_id = p.text(self.slug, thread, "id", where, required=True)
        return Message(
            network=self.slug,
            external_id=p.text(self.slug, top, "id", f"{where}.snippet.topLevelComment") or thread_id,
            kind=MessageKind.COMMENT,
            author_handle=author_id,
            author_name=p.text(self.slug, comment, "authorDisplayName", cwhere),
            published_at=p.when(self.slug, comment.get("publishedAt"), f"{cwhere}.publishedAt"),
            text=p.text(self.slug, comment, "textOriginal", cwhere) or p.text(self.slug, comment, "textDisplay", cwhere),
            url=f"https://www.youtube.com/watch?v={video_id}&lc={thread_id}" if video_id else "",
            in_reply_to=video_id,
            thread_id=thread_id,
            extra={
                "likeCount": p.count(self.slug, comment, "likeCount", cwhere),
                "totalReplyCount": p.count(self.slug, snippet, "totalReplyCount", f"{where}.snippet"),
            },
        )


# search.list returns at most 50 results a page.
SEARCH_PAGE_SIZE = 50
# https://developers.google.com/youtube/v3/determine_quota_cost
_COSTS = {("GET", "/search"): 100, ("POST", "/comments"): 50, ("POST", "/comments/setModerationStatus"): 50,
          ("POST", "/videos"): 1600}
# videos.insert refuses a title over 100 characters or with angle brackets.
TITLE_MAX = 100


def _video_title(text: str) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "") or "Video"
    line = line.replace("<", "").replace(">", "")
    return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1].rstrip() + "…"
# One search page at worst: search.list, then one commentThreads.list per video.
SEARCH_PAGE_UNITS = 100 + SEARCH_PAGE_SIZE


def quota_cost(method: str, path: str) -> int:
    """Units one call costs against the project's daily quota (10,000 by default)."""
    return _COSTS.get((method, path), 1)


def _next(answer: Mapping[str, Any]) -> str | None:
    token = answer.get("nextPageToken")
    return str(token) if token else None
