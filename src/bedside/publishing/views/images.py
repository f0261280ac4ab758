"""Uploading a post's image or video, and showing it (with the guard's findings drawn
on it for the review). Images can show a patient, so every view is audited."""

from __future__ import annotations

from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from bedside.publishing import media, outbound
from bedside.publishing import video as video_mod
from bedside.publishing.approval import PostError
from bedside.publishing.models import Image, Post, Video
from bedside.workspace import audit
from bedside.workspace.middleware import public
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can


@requires(Can.PUBLISH)
@require_POST
def upload_image(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    upload = request.FILES.get("image")
    try:
        if upload is None:
            raise PostError({"image": ["Choose an image file to upload."]})
        if upload.size and upload.size > media.MAX_BYTES:
            raise PostError({"image": [f"The image is larger than {media.MAX_BYTES // 2**20} MB."]})
        image = media.attach(post, request.user, upload.read(), request.POST.get("alt_text", ""), request=request)
        if image.verdict in ("review", "block"):
            flash.warning(request, f"Image added; the guard says {image.verdict} about the text in it "
                                   "(marked on the image below).")
        else:
            flash.success(request, "Image added; no text in it worries the guard.")
    except PostError as exc:
        flash.error(request, str(exc))
    return redirect("publishing_post", pk)


@requires(Can.PUBLISH, Can.APPROVE)
def image_file(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(Image.objects.select_related("post"), pk=pk)
    show_marks = request.GET.get("marked") == "1"
    audit.record("post_image_read", image.post, request=request, detail={"image": image.pk, "marked": show_marks})
    try:
        if show_marks:
            body, kind = media.marked(image), "image/png"
        else:
            path = media.path_of(image)
            body = path.read_bytes()
            kind = {".jpg": "image/jpeg", ".webp": "image/webp"}.get(path.suffix, "image/png")
    except FileNotFoundError:
        return HttpResponse("The image file is missing from the data directory.", status=404, content_type="text/plain")
    response = HttpResponse(body, content_type=kind)
    response["Cache-Control"] = "private, no-store"
    return response


@public
@require_GET
def public_media(request: HttpRequest, token: str) -> HttpResponse:
    """An approved post's image, for a network that fetches images by URL
    (Instagram): the signed address expires, and each fetch is audited."""
    image = outbound.image_of_token(token)
    if image is None:
        return HttpResponse("No such image, or its address has expired.", status=404, content_type="text/plain")
    try:
        path = media.path_of(image)
        body = path.read_bytes()
    except FileNotFoundError:
        return HttpResponse("The image file is missing from the data directory.", status=404, content_type="text/plain")
    audit.record("post_image_fetched", image.post, actor="network", detail={"image": image.pk})
    return HttpResponse(body, content_type=outbound.MIME.get(path.suffix, "application/octet-stream"))


@requires(Can.PUBLISH)
@require_POST
def upload_video(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    upload = request.FILES.get("video")
    try:
        if upload is None:
            raise PostError({"video": ["Choose a video file to upload."]})
        if upload.size and upload.size > video_mod.MAX_BYTES:
            raise PostError({"video": [f"The video is larger than {video_mod.MAX_BYTES // 2**20} MB."]})
        video = video_mod.attach(post, request.user, upload.read(), request.POST.get("description", ""),
                                 request=request)
        if video.verdict in ("review", "block"):
            flash.warning(request, f"Video added; the guard says {video.verdict} about the text seen in it "
                                   "(the seconds are listed below).")
        else:
            flash.success(request, f"Video added; its metadata was removed and the text in {video.frames_read} "
                                   "frames through it does not worry the guard.")
    except PostError as exc:
        flash.error(request, str(exc))
    return redirect("publishing_post", pk)


@requires(Can.PUBLISH, Can.APPROVE)
def video_file(request: HttpRequest, pk: int) -> HttpResponse:
    video = get_object_or_404(Video.objects.select_related("post"), pk=pk)
    audit.record("post_video_read", video.post, request=request, detail={"video": video.pk})
    try:
        body = video_mod.path_of(video).read_bytes()
    except FileNotFoundError:
        return HttpResponse("The video file is missing from the data directory.", status=404, content_type="text/plain")
    response = HttpResponse(body, content_type=video.mime_type)
    response["Cache-Control"] = "private, no-store"
    return response
