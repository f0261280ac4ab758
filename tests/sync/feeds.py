"""A YouTube Data API stand-in that makes its pages up on the fly, for syncs
of any size: N channels, each with M comment threads and V videos, 100 a page.

Shapes are those of tests/standin/fixtures/youtube (channels.list,
playlistItems.list, videos.list, commentThreads.list). ``bump`` changes every
count, to show that a second sync updates records in place; ``delay`` slows
the comment pages down so that a test can kill a sync between two of them;
``break_page`` answers one comment page with a malformed item (which costs
only that item), ``break_envelope`` one whose envelope is broken (which fails
the stream).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from tests.standin.server import Request, Response, StandIn

API_KEY = "AIzaSyGeneratedKey"


def channel_id(index: int) -> str:
    return "UC" + f"{index:022d}"


def handle(index: int) -> str:
    return f"gen{index:04d}"


def answer_at_once(server: StandIn) -> None:
    """Send each answer without Nagle's delay. The stand-in writes headers
    and body separately, and a small body then waits ~40 ms for the client's
    delayed ACK: a stall no real network has, which made the stand-in, not
    Bedside, the slowest part of a sync."""
    handler = getattr(server._server, "RequestHandlerClass", None)
    if handler is not None:
        handler.disable_nagle_algorithm = True


@dataclass
class GeneratedYouTube:
    comments: int = 250  # comment threads per channel
    videos: int = 0  # uploads per channel
    channels: int = 1
    per_page: int = 100
    delay: float = 0.0
    bump: int = 0
    break_page: dict[int, int] = field(default_factory=dict)  # channel index -> comment page number (0-based)
    break_envelope: dict[int, int] = field(default_factory=dict)  # the same, for a page whose "items" is no list
    rendered: dict[tuple[int, int], bytes] = field(default_factory=dict)  # (channel, start) -> page body

    def prerender(self) -> GeneratedYouTube:
        """Encode every comment page now, so that a benchmark times Bedside
        reading pages rather than the stand-in writing them (~4 ms a page)."""
        for index in range(self.channels):
            for start in range(0, self.comments, self.per_page):
                self.rendered[(index, start)] = json.dumps(self._thread_page(index, start)).encode()
        return self

    def register(self, server: StandIn, slug: str = "youtube") -> GeneratedYouTube:
        server.route(slug, "GET", "/", self._answer)
        answer_at_once(server)
        return self

    # -- routes ----------------------------------------------------------------
    def _answer(self, request: Request) -> Response:
        if request.query.get("key") != API_KEY and request.headers.get("authorization") != f"Bearer {API_KEY}":
            return Response(401, {"error": {"code": 401, "message": "Request had invalid authentication credentials.",
                                            "status": "UNAUTHENTICATED"}})
        if request.path == "/channels":
            return self._channels(request)
        if request.path == "/commentThreads":
            return self._threads(request)
        if request.path == "/playlistItems":
            return self._playlist(request)
        if request.path == "/videos":
            return self._videos(request)
        return Response(404, {"error": {"code": 404, "message": "Not Found"}})

    def _index(self, value: str) -> int | None:
        if value.startswith("@gen") and value[4:].isdigit():
            index = int(value[4:])
        elif value.startswith("UC") and value[2:].isdigit():
            index = int(value[2:])
        else:
            return None
        return index if 0 <= index < self.channels else None

    def _channels(self, request: Request) -> Response:
        index = self._index(request.query.get("forHandle") or request.query.get("id", ""))
        if index is None:
            return Response(200, {"kind": "youtube#channelListResponse", "etag": "e", "items": []})
        return Response(200, {
            "kind": "youtube#channelListResponse", "etag": "e",
            "items": [{
                "kind": "youtube#channel", "etag": "c", "id": channel_id(index),
                "snippet": {"title": f"Generated {index}", "description": "", "customUrl": f"@{handle(index)}",
                            "publishedAt": "2010-01-01T00:00:00Z"},
                "statistics": {"viewCount": str(100_000 + self.bump), "subscriberCount": str(5_000 + self.bump),
                               "hiddenSubscriberCount": False, "videoCount": str(self.videos)},
            }],
        })

    def _page(self, request: Request, total: int) -> tuple[int, int, str | None]:
        token = request.query.get("pageToken", "")
        start = int(token[1:]) if token.startswith("p") and token[1:].isdigit() else 0
        end = min(start + self.per_page, total)
        return start, end, (f"p{end}" if end < total else None)

    def _threads(self, request: Request) -> Response:
        if self.delay:
            time.sleep(self.delay)
        index = self._index(request.query.get("allThreadsRelatedToChannelId", ""))
        if index is None:
            return Response(404, {"error": {"code": 404, "message": "channelNotFound"}})
        start, _, _ = self._page(request, self.comments)
        if (index, start) in self.rendered:
            return Response(200, self.rendered[(index, start)])
        return Response(200, self._thread_page(index, start))

    def _thread_page(self, index: int, start: int) -> dict:
        end = min(start + self.per_page, self.comments)
        cid = channel_id(index)
        items = [self._thread(index, cid, n) for n in range(start, end)]
        if self.break_page.get(index) == start // self.per_page and items:
            items[len(items) // 2]["snippet"]["topLevelComment"]["snippet"]["publishedAt"] = "last Tuesday"
        answer = {"kind": "youtube#commentThreadListResponse", "etag": "t",
                  "pageInfo": {"totalResults": self.comments, "resultsPerPage": self.per_page}, "items": items}
        if self.break_envelope.get(index) == start // self.per_page:
            answer["items"] = {"unexpected": "an object where the list of threads belongs"}
        if end < self.comments:
            answer["nextPageToken"] = f"p{end}"
        return answer

    def _thread(self, index: int, cid: str, n: int) -> dict:
        comment_id = f"Ug{index:04d}c{n:07d}"
        video = f"v{index:04d}x{n % 50:05d}"
        return {
            "kind": "youtube#commentThread", "etag": "t", "id": comment_id,
            "snippet": {
                "channelId": cid, "videoId": video, "canReply": True, "totalReplyCount": 0, "isPublic": True,
                "topLevelComment": {
                    "kind": "youtube#comment", "etag": "c", "id": comment_id,
                    "snippet": {
                        "channelId": cid, "videoId": video,
                        "textDisplay": f"Comment {n} on video {video}: thank you for the clear explanation.",
                        "textOriginal": f"Comment {n} on video {video}: thank you for the clear explanation.",
                        "authorDisplayName": f"@viewer{n % 997}",
                        "authorChannelId": {"value": f"UCviewer{n % 997:014d}"},
                        "likeCount": n % 7 + self.bump,
                        "publishedAt": f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}T12:{n % 60:02d}:00Z",
                        "updatedAt": "2025-12-01T00:00:00Z",
                    },
                },
            },
        }

    def _playlist(self, request: Request) -> Response:
        playlist = request.query.get("playlistId", "")
        index = self._index("UC" + playlist[2:]) if playlist.startswith("UU") else None
        if index is None:
            return Response(404, {"error": {"code": 404, "message": "playlistNotFound"}})
        start, end, following = self._page(request, self.videos)
        answer = {"kind": "youtube#playlistItemListResponse", "etag": "p", "items": [
            {"kind": "youtube#playlistItem", "id": f"pi{n}", "contentDetails": {"videoId": f"v{index:04d}x{n:05d}"}}
            for n in range(start, end)
        ]}
        if following:
            answer["nextPageToken"] = following
        return Response(200, answer)

    def _videos(self, request: Request) -> Response:
        items = []
        for video in request.query.get("id", "").split(","):
            if not video:
                continue
            index, n = int(video[1:5]), int(video[6:])
            items.append({
                "kind": "youtube#video", "id": video,
                "snippet": {"publishedAt": f"2025-01-{n % 28 + 1:02d}T10:00:00Z", "channelId": channel_id(index),
                            "title": f"Video {n}", "description": "Health tips."},
                "statistics": {"viewCount": str(1000 + n + self.bump), "likeCount": str(10 + n + self.bump),
                               "commentCount": str(n % 5)},
            })
        return Response(200, {"kind": "youtube#videoListResponse", "items": items})
