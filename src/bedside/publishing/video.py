"""A post's video: kept on the hospital's machine without its metadata, and
the text in it read and checked by the guard like an image's.

A phone's video carries more than its pictures: the place it was shot (GPS
in the container's tags, or a whole GPS track in a data stream on action
cameras), the device and its owner, a title. So an upload is opened with
PyAV (FFmpeg's libraries, in a wheel: nothing to install on the server),
its video and audio streams alone are copied packet by packet into a new
container with no tags, chapters, subtitles or data streams, and frames
sampled through it are read with tesseract (``media.ocr``) and checked by
the guard: a whiteboard or a wristband crosses the screen for a second.
"""

from __future__ import annotations

import io
import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
from django.db import transaction
from PIL import Image as PILImage

from bedside.publishing.approval import PostError, check
from bedside.publishing.media import MAX_ALT, OCR_UNAVAILABLE, content_changed, media_root, ocr, stored_path
from bedside.publishing.models import Post, Video
from bedside.workspace import audit

MAX_BYTES = 200 * 1024 * 1024
MAX_SECONDS = 15 * 60
#: frames read for text, spread evenly through the video (the first included)
FRAMES = 10
# Container families taken, and what each is written back as.
CONTAINERS = {"mov,mp4,m4a,3gp,3g2,mj2": ("mp4", ".mp4", "video/mp4"),
              "matroska,webm": ("webm", ".webm", "video/webm")}
VIDEO_CODECS = {"mp4": {"h264", "hevc", "mpeg4", "av1"}, "webm": {"vp8", "vp9", "av1"}}
AUDIO_CODECS = {"mp4": {"aac", "mp3", "opus", "alac"}, "webm": {"opus", "vorbis"}}
MIME = {".mp4": "video/mp4", ".webm": "video/webm"}


def _refused(message: str) -> PostError:
    return PostError({"video": [message]})


@dataclass
class Cleaned:
    data: bytes
    suffix: str
    mime_type: str
    seconds: float
    width: int
    height: int


def clean(data: bytes) -> Cleaned:
    """The video and audio streams alone in a new container with no tags.
    Raises PostError naming what is wrong with the file."""
    if len(data) > MAX_BYTES:
        raise _refused(f"The video is {len(data) / 1e6:.0f} MB; at most {MAX_BYTES // 2**20} MB.")
    try:
        source = av.open(io.BytesIO(data), mode="r")
    except (av.error.FFmpegError, ValueError, OSError):
        raise _refused("The file is not a video Bedside can read (MP4, MOV or WebM).") from None
    with source:
        family = CONTAINERS.get(source.format.name)
        if family is None:
            raise _refused(f"{source.format.long_name or source.format.name} files are not taken; use MP4, MOV "
                           "or WebM.")
        fmt, suffix, mime = family
        videos = list(source.streams.video)
        if not videos:
            raise _refused("The file has no video in it.")
        seconds = float(source.duration or 0) / av.time_base
        if seconds > MAX_SECONDS:
            raise _refused(f"The video is {seconds / 60:.0f} minutes long; at most {MAX_SECONDS // 60}.")
        kept = [videos[0], *list(source.streams.audio)[:1]]
        for stream in kept:
            allowed = VIDEO_CODECS[fmt] if stream.type == "video" else AUDIO_CODECS[fmt]
            if stream.codec_context.name not in allowed:
                raise _refused(f"Its {stream.type} is {stream.codec_context.name}, which networks do not take in "
                               f"{suffix[1:].upper()}: export it as H.264 video with AAC sound.")
        width, height = videos[0].codec_context.width, videos[0].codec_context.height
        fd, name = tempfile.mkstemp(suffix=suffix)
        os.close(fd)
        try:
            # To a file, not memory: "faststart" moves the index to the front
            # (networks and browsers start playing before the end arrives),
            # which needs a second pass over the output.
            options = {"movflags": "faststart"} if fmt == "mp4" else {}
            with av.open(name, mode="w", format=fmt, options=options) as target:
                copies = {}
                for stream in kept:
                    copy = target.add_stream_from_template(stream)
                    for key in list(copy.metadata):  # handler names carry the device's or owner's name
                        del copy.metadata[key]
                    copies[stream.index] = copy
                for packet in source.demux(*kept):
                    if packet.dts is None:  # the demuxer's end-of-stream marker
                        continue
                    packet.stream = copies[packet.stream.index]
                    target.mux(packet)
            cleaned = Path(name).read_bytes()
        except (av.error.FFmpegError, ValueError) as exc:
            raise _refused(f"The video could not be copied without its metadata ({exc}); export it again.") from None
        finally:
            Path(name).unlink(missing_ok=True)
    return Cleaned(cleaned, suffix, mime, seconds, width, height)


def frames(data: bytes, count: int = FRAMES) -> list[tuple[float, PILImage.Image]]:
    """About ``count`` frames spread through the video, with the second each
    shows: seek to the keyframe before each point and decode up to it."""
    out: list[tuple[float, PILImage.Image]] = []
    with av.open(io.BytesIO(data), mode="r") as container:
        stream = container.streams.video[0]
        seconds = float(container.duration or 0) / av.time_base
        points = [seconds * i / count for i in range(count)] if seconds > 0 else [0.0]
        base = float(stream.time_base or 0) or 1 / 90000
        for point in points:
            container.seek(int(point / base), stream=stream, backward=True, any_frame=False)
            for frame in container.decode(stream):
                at = float(frame.time or 0)
                if at + 1e-6 >= point or at >= seconds:
                    out.append((at, frame.to_image()))
                    break
    return out


def read_frames(pictures: list[tuple[float, PILImage.Image]]) -> tuple[str, list[dict[str, Any]], list[str], str]:
    """The frames' text, the guard's findings (each with its second), its
    reasons and verdict; a frame with no text adds nothing."""
    parts: list[str] = []
    spans: list[tuple[int, int, float]] = []  # (start, end, second) of each frame's text in the whole
    position = 0
    for second, picture in pictures:
        read = ocr(picture)
        if read is None:
            return "", [], [OCR_UNAVAILABLE.replace("image", "video")], "review"
        text = read.text.strip()
        if not text:
            continue
        if parts:
            parts.append("\n\n")
            position += 2
        spans.append((position, position + len(text), second))
        parts.append(text)
        position += len(text)
    whole = "".join(parts)
    if not whole.strip():
        return "", [], [], "allow"
    result = check(whole)
    findings = []
    for f in result.findings:
        found = f.to_dict()
        found["seconds"] = sorted({round(s, 1) for a, b, s in spans if a < f.end and b > f.start})
        findings.append(found)
    return whole, findings, list(result.reasons), result.verdict


def attach(post: Post, actor: Any, data: bytes, description: str, *, request: Any = None) -> Video:
    """Store the post's video (its author only, while it can be edited; a
    new one replaces the old), check the text in it, and send an approved
    post back for approval."""
    from bedside.publishing.approval import _may_edit

    description = description.strip()
    if not description:
        raise PostError({"description": ["Describe what the video shows and says, for people who cannot see or "
                                         "hear it."]})
    if len(description) > MAX_ALT:
        raise PostError({"description": [f"The description can be at most {MAX_ALT:,} characters."]})
    cleaned = clean(data)
    text, findings, reasons, verdict = read_frames(frames(cleaned.data))
    sampled = FRAMES
    root = media_root()
    root.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}{cleaned.suffix}"
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        _may_edit(post, actor)
        if post.images.exists():
            raise _refused("This post has images; a post carries images or one video, not both.")
        old = Video.objects.filter(post=post).first()
        (root / name).write_bytes(cleaned.data)
        if old is not None:
            old.delete()
            # A series' occurrences share the file of the content they were made from.
            if not Video.objects.filter(path=old.path).exists():
                transaction.on_commit(lambda: (root / old.path).unlink(missing_ok=True))
        video = Video.objects.create(
            post=post, path=name, description=description, mime_type=cleaned.mime_type, size=len(cleaned.data),
            seconds=cleaned.seconds, width=cleaned.width, height=cleaned.height, frames_read=sampled,
            ocr_text=text, guard_detail={"findings": findings, "reasons": reasons}, verdict=verdict,
            uploaded_by=actor if getattr(actor, "pk", None) else None)
        content_changed(post)
        audit.record("post_video_added", post, request=request, actor=actor,
                     detail={"video": video.pk, "verdict": verdict, "seconds": round(cleaned.seconds, 1),
                             "labels": sorted({f["label"] for f in findings})})
    return video


def path_of(video: Video) -> Path:
    return stored_path(video.path)
