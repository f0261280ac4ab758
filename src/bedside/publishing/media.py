"""Images on posts: kept on the hospital's machine, stripped of metadata,
read for text, and checked by the guard like the post's words.

A photo of a ward can carry a wristband, a whiteboard or a screen with a
patient's name on it, and its EXIF can carry GPS and the phone's owner. So an
upload is decoded and its pixels alone are written again (no EXIF, XMP, ICC,
comments or text chunks survive), the text in it is read with Debian's
tesseract (pytesseract, with each word's box), the guard scans that text, and
the boxes of what it flags are drawn on the image for the reviewer.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw, ImageOps, UnidentifiedImageError

from bedside.publishing.approval import PostError, check
from bedside.publishing.models import Image, Post
from bedside.workspace import audit

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000  # bigger than any network takes; refuses decompression bombs
MAX_ALT = 1500  # characters (X's limit for alt text; the strictest of the networks)
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".png"}
OCR_TIMEOUT = 60  # seconds; a runaway OCR must not hold a request forever
OCR_UNAVAILABLE = ("The text in this image could not be read (tesseract is not installed on this server): "
                   "a reviewer must look at the picture itself.")


def media_root() -> Path:
    return Path(settings.DATA_DIR) / "media" / "posts"


def clean(data: bytes) -> tuple[PILImage.Image, str]:
    """The image's pixels alone, turned upright, and the format to save in.
    Raises PostError naming what is wrong with the file."""
    if len(data) > MAX_BYTES:
        raise PostError({"image": [f"The image is {len(data) / 1e6:.1f} MB; at most {MAX_BYTES // 2**20} MB."]})
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            kind = probe.format or ""
            if probe.width * probe.height > MAX_PIXELS:
                raise PostError({"image": [f"The image is {probe.width}x{probe.height} pixels; too big to check."]})
            probe.load()
            upright = ImageOps.exif_transpose(probe)
    except (UnidentifiedImageError, OSError, PILImage.DecompressionBombError, SyntaxError, ValueError):
        raise PostError({"image": ["The file is not an image Bedside can read (JPEG, PNG, WebP or GIF)."]}) from None
    if kind not in FORMATS:
        raise PostError({"image": [f"{kind or 'This'} images are not taken; use JPEG, PNG or WebP."]})
    mode = "RGBA" if upright.mode in ("RGBA", "LA", "P") and kind != "JPEG" else "RGB"
    pixels = upright.convert(mode)
    # A new image from the raw pixels carries no info dict: nothing of the
    # original's metadata can be written back by any encoder.
    return PILImage.frombytes(mode, pixels.size, pixels.tobytes()), "PNG" if kind == "GIF" else kind


@dataclass
class Read:
    text: str
    boxes: list[tuple[int, int, int, int, int, int]]  # (start, end, left, top, width, height) per word


def ocr(image: PILImage.Image) -> Read | None:
    """The text tesseract reads, with each word's place in it and on the
    image; None where tesseract is not installed."""
    import pytesseract

    try:
        # Grey, not colour: on a colourful photo tesseract's own binarisation
        # read nothing of a plain white label in two images out of four
        # (bench/publishing_ocr.py); in grey it read all four.
        data: dict[str, list[Any]] = pytesseract.image_to_data(image.convert("L"), output_type=pytesseract.Output.DICT,
                                                               timeout=OCR_TIMEOUT)
    except pytesseract.TesseractNotFoundError:
        return None
    parts: list[str] = []
    boxes = []
    position = 0
    line = None
    for i, word in enumerate(data["text"]):
        word = str(word).strip()
        if not word:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if parts:
            sep = " " if key == line else "\n"
            parts.append(sep)
            position += 1
        line = key
        boxes.append((position, position + len(word), int(data["left"][i]), int(data["top"][i]),
                      int(data["width"][i]), int(data["height"][i])))
        parts.append(word)
        position += len(word)
    return Read("".join(parts), boxes)


def attach(post: Post, actor: Any, data: bytes, alt_text: str, *, request: Any = None) -> Image:
    """Store an image on the post (its author only, while it can be edited),
    check its text, and send an approved post back for approval."""
    from bedside.publishing.approval import _may_edit

    alt_text = alt_text.strip()
    if not alt_text:
        raise PostError({"alt_text": ["Describe the image (alt text) for people who cannot see it."]})
    if len(alt_text) > MAX_ALT:
        raise PostError({"alt_text": [f"Alt text can be at most {MAX_ALT:,} characters."]})
    picture, kind = clean(data)
    read = ocr(picture)
    detail: dict[str, Any]
    if read is None:
        verdict, detail, text = "review", {"findings": [], "reasons": [OCR_UNAVAILABLE]}, ""
    else:
        text = read.text
        result = check(text) if text.strip() else None
        verdict = result.verdict if result else "allow"
        findings = []
        for f in result.findings if result else []:
            found = f.to_dict()
            found["boxes"] = [list(b[2:]) for b in read.boxes if b[0] < f.end and b[1] > f.start]
            findings.append(found)
        detail = {"findings": findings, "reasons": result.reasons if result else []}
    root = media_root()
    root.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}{FORMATS[kind]}"
    buffer = io.BytesIO()
    picture.save(buffer, format=kind, **({"quality": 90} if kind in ("JPEG", "WEBP") else {}))
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        _may_edit(post, actor)
        if hasattr(post, "video"):
            raise PostError({"image": ["This post has a video; a post carries images or one video, not both."]})
        (root / name).write_bytes(buffer.getvalue())
        image = Image.objects.create(post=post, path=name, alt_text=alt_text, width=picture.width,
                                     height=picture.height, ocr_text=text, guard_detail=detail, verdict=verdict,
                                     uploaded_by=actor if getattr(actor, "pk", None) else None)
        content_changed(post)
        audit.record("post_image_added", post, request=request, actor=actor,
                     detail={"image": image.pk, "verdict": verdict, "labels": sorted(
                         {f["label"] for f in detail["findings"]})})
    return image


def content_changed(post: Post) -> None:
    """A picture or video was added to ``post`` (inside its transaction): an
    approved post goes back to draft, and a series' content withdraws what
    was made from the old content and is still to come."""
    if post.state != Post.State.DRAFT:
        Post.objects.filter(pk=post.pk).update(state=Post.State.DRAFT, verdict="", reviewer=None,
                                               reviewed_at=None, approvals=[], waiting_for="")
    if post.is_template:
        from bedside.publishing import recurring

        recurring.template_edited(post)


def stored_path(name: str) -> Path:
    """Where a stored upload is, refusing a name that leads out of the media folder."""
    path = (media_root() / name).resolve()
    if media_root().resolve() not in path.parents:
        raise FileNotFoundError(name)
    return path


def path_of(image: Image) -> Path:
    return stored_path(image.path)


def marked(image: Image) -> bytes:
    """The stored image as PNG with a box around each flagged word and its label."""
    with PILImage.open(path_of(image)) as stored:
        picture = stored.convert("RGB")
    draw = ImageDraw.Draw(picture)
    width = max(3, picture.width // 250)
    detail: dict[str, Any] = image.guard_detail or {}
    for finding in detail.get("findings", []):
        for left, top, w, h in finding.get("boxes", []):
            pad = width * 2
            draw.rectangle((left - pad, top - pad, left + w + pad, top + h + pad), outline=(200, 0, 0), width=width)
            draw.text((left, max(0, top - pad - 14)), finding["label"], fill=(200, 0, 0))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()
