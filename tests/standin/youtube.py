"""YouTube Data API v3 stand-in (and Google's token endpoint at /token).
Shapes follow the pages cited in fixtures/youtube/*.json.

Video uploads follow videos.insert with the resumable protocol
(https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol):
POST /upload/videos?uploadType=resumable&part=snippet,status with the Video
resource as JSON and X-Upload-Content-Length / -Type opens a session (200,
Location); PUT of the bytes to that Location answers the new Video. Uploaded
videos then lead the channel's uploads playlist, as on YouTube, so a client
can read them back. ``server.youtube_drop_upload_answer`` makes the next PUT
store the video and answer 503 (an answer lost on the way back).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from .server import Request, Response, StandIn, fixture

API_KEY = "AIzaSyTestKey"
TOKEN = "ya29.test-token"
ISSUED = "ya29.new-access-token"  # what /token hands out (fixtures/youtube/token.json)


def register(server: StandIn) -> None:
    sessions: dict[str, dict] = {}
    numbers = itertools.count(1)
    uploaded: list[dict] = server.posted[("youtube", "uploads")]
    server.youtube_drop_upload_answer = 0  # type: ignore[attr-defined]

    def authed(request: Request, user: bool = False) -> bool:
        # Like Google, it takes the tokens it issued; a stale one gets 401.
        if request.headers.get("authorization") in (f"Bearer {TOKEN}", f"Bearer {ISSUED}"):
            return True
        return not user and request.query.get("key") == API_KEY

    def get(request: Request) -> Response:
        if not authed(request):
            return Response(401, fixture("youtube/errors.json")["unauthorized"])
        if request.path == "/channels":
            if request.query.get("forHandle", "").lower() == "@mayoclinic" or request.query.get("id") == "UCPzFLpOblZEaIx2lpym1l1A":
                return Response(200, fixture("youtube/channels.json"))
            return Response(200, {"kind": "youtube#channelListResponse", "etag": "e", "pageInfo": {"totalResults": 0, "resultsPerPage": 5}})
        if request.path == "/playlistItems":
            page = "playlist_page2" if request.query.get("pageToken") == "EAAaBlBUOkNESQ" else "playlist_page1"
            answer = fixture(f"youtube/{page}.json")
            if page == "playlist_page1":  # newest first: what was uploaded here leads
                answer["items"] = [{"kind": "youtube#playlistItem", "id": f"PL{v['id']}",
                                    "contentDetails": {"videoId": v["id"]}} for v in reversed(uploaded)] + answer["items"]
            return Response(200, answer)
        if request.path == "/videos":
            wanted = request.query["id"].split(",")
            answer = fixture("youtube/videos.json")
            answer["items"] = [v for v in [*uploaded, *answer["items"]] if v["id"] in wanted]
            return Response(200, answer)
        if request.path == "/search":
            # search.list needs a part; q is what listening sends (type=video).
            if request.query.get("part") != "snippet" or not request.query.get("q"):
                return Response(400, {"error": {"code": 400, "message": "Required parameter: part"}})
            page = "search_page2" if request.query.get("pageToken") == "CDIQAA" else "search_page1"
            return Response(200, fixture(f"youtube/{page}.json"))
        if request.path == "/commentThreads" and "videoId" in request.query:
            threads = fixture("youtube/search_comments.json")
            if request.query["videoId"] in threads["by_video"]:
                return Response(200, threads["by_video"][request.query["videoId"]])
            return Response(403, threads["disabled"])  # any other video: comments turned off
        if request.path == "/commentThreads":
            return Response(200, fixture("youtube/comment_threads.json"))
        if request.path == "/comments" and "parentId" in request.query:
            # https://developers.google.com/youtube/v3/docs/comments/list: the replies in a thread,
            # a viewer's among ours.
            viewer = {"kind": "youtube#comment", "id": request.query["parentId"] + ".viewer",
                      "snippet": {"authorChannelId": {"value": "UCviewer"}, "textOriginal": "me too",
                                  "parentId": request.query["parentId"]}}
            return Response(200, {"kind": "youtube#commentListResponse",
                                  "items": [viewer, *server.posted[("youtube", request.query["parentId"])]]})
        return Response(404, {"error": {"code": 404, "message": "Not Found"}})

    def insert(request: Request) -> Response:
        if not authed(request, user=True):
            return Response(401, fixture("youtube/errors.json")["unauthorized"])
        snippet = request.json()["snippet"]
        posted = server.posted[("youtube", snippet["parentId"])]
        comment = {"kind": "youtube#comment", "etag": "new", "id": f"{snippet['parentId']}.reply{len(posted) + 1}",
                   "snippet": {**snippet, "textDisplay": snippet["textOriginal"],
                               "authorChannelId": {"value": "UCPzFLpOblZEaIx2lpym1l1A"}}}  # the token's channel
        posted.append(comment)
        return Response(200, comment)

    def moderate(request: Request) -> Response:
        if not authed(request, user=True):
            return Response(401, fixture("youtube/errors.json")["unauthorized"])
        comment = request.query.get("id", "")
        if comment.startswith("UgzOtherChannel"):  # a comment on someone else's video
            return Response(403, fixture("youtube/moderation.json")["forbidden"])
        if not comment.startswith("Ugz"):
            return Response(404, fixture("youtube/moderation.json")["not_found"])
        return Response(204, b"")

    def open_upload(request: Request) -> Response:
        if not authed(request, user=True):
            return Response(401, fixture("youtube/errors.json")["unauthorized"])
        if request.query.get("uploadType") != "resumable" or set(request.query.get("part", "").split(",")) != {
                "snippet", "status"}:
            return Response(400, {"error": {"code": 400, "message": "uploadType=resumable and part are required"}})
        video = request.json() or {}
        title = str(video.get("snippet", {}).get("title", ""))
        if not title or len(title) > 100 or "<" in title or ">" in title:
            return Response(400, {"error": {"code": 400, "message": "invalidTitle",
                                            "errors": [{"reason": "invalidTitle"}]}})
        session = f"s{next(numbers)}"
        sessions[session] = {"video": video, "length": request.headers.get("x-upload-content-length", ""),
                             "type": request.headers.get("x-upload-content-type", "")}
        return Response(200, b"", headers={"Location": f"{server.base_url('youtube')}/upload/session/{session}"},
                        content_type="text/plain")

    def put_video(request: Request) -> Response:
        if not authed(request, user=True):
            return Response(401, fixture("youtube/errors.json")["unauthorized"])
        opened = sessions.pop(request.path.rsplit("/", 1)[-1], None)
        if opened is None:
            return Response(404, {"error": {"code": 404, "message": "upload session not found"}})
        kind = request.headers.get("content-type", "")
        if not kind.startswith("video/") or str(len(request.body)) != opened["length"] or kind != opened["type"]:
            return Response(400, {"error": {"code": 400, "message": "the bytes do not match the session"}})
        number = len(uploaded) + 1
        video = {"kind": "youtube#video", "id": f"upl0aded{number:03d}",
                 "snippet": {**opened["video"]["snippet"], "channelId": "UCPzFLpOblZEaIx2lpym1l1A",
                             "publishedAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")},
                 "status": {**opened["video"]["status"], "uploadStatus": "uploaded"},
                 "statistics": {"viewCount": "0", "likeCount": "0", "commentCount": "0"},
                 "bytes": len(request.body)}
        uploaded.append(video)
        if server.youtube_drop_upload_answer:  # type: ignore[attr-defined]
            server.youtube_drop_upload_answer -= 1  # type: ignore[attr-defined]
            return Response(503, {"error": {"code": 503, "message": "Backend Error"}})
        return Response(200, {k: v for k, v in video.items() if k != "bytes"})

    def token(request: Request) -> Response:
        form = request.form()
        if form.get("code") == "bad" or form.get("refresh_token") == "revoked":
            return Response(400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."})
        answer = fixture("youtube/token.json")
        if form.get("grant_type") == "refresh_token":
            del answer["refresh_token"]  # Google does not rotate refresh tokens
        return Response(200, answer)

    server.route("youtube", "GET", "/", get)
    server.route("youtube", "POST", "/comments/setModerationStatus", moderate)
    server.route("youtube", "POST", "/comments", insert)
    server.route("youtube", "POST", "/token", token)
    server.route("youtube", "POST", "/upload/videos", open_upload)
    server.route("youtube", "PUT", "/upload/session/", put_video)
