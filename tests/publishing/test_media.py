"""Images on posts: metadata stripped, the text in them read by tesseract and
checked by the guard, findings drawn on the image for the reviewer."""

from __future__ import annotations

import io
import shutil

import pytest
from django.conf import settings
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from bedside.publishing import approval, media, sending
from bedside.publishing.approval import PostError, VariantInput
from bedside.publishing.models import Image, Post, Variant
from bedside.workspace.models import AuditEntry

pytestmark = pytest.mark.django_db

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Debian's tesseract-ocr is not installed (scripts/test installs it)")


def wristband(lines: list[str], *, gps: bool = True, busy: bool = False) -> bytes:
    """A photo-like JPEG of a wristband or whiteboard, with EXIF that names a
    place and a phone, as a phone camera writes it; ``busy`` puts it on a
    colourful cluttered scene, as a ward photo is."""
    picture = PILImage.new("RGB", (1080, 540), (184, 236, 156) if busy else (236, 240, 244))
    draw = ImageDraw.Draw(picture)
    if busy:
        for n, (x, y) in enumerate([(20, 10), (300, 30), (700, 5), (900, 60), (80, 440), (500, 450), (860, 430)]):
            draw.ellipse((x, y, x + 150, y + 100), fill=[(200, 60, 40), (40, 60, 160), (120, 40, 120)][n % 3])
    draw.rounded_rectangle((60, 120, 1020, 420), radius=30, fill=(255, 255, 255), outline=(90, 90, 90), width=4)
    font = ImageFont.load_default(size=56)
    for i, line in enumerate(lines):
        draw.text((110, 160 + i * 80), line, fill=(0, 0, 0), font=font)
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model 12"  # Model
    exif[0x013B] = "Nurse Camera Owner"  # Artist
    if gps:
        exif[0x8825] = {1: "N", 2: (44.0, 58.0, 30.0), 3: "W", 4: (93.0, 15.0, 10.0)}  # GPSInfo
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif.tobytes(), comment=b"taken on 4 West")
    return out.getvalue()


@pytest.fixture
def post(personas, mastodon) -> Post:
    return approval.save(personas["manager"].user, title="Nurses week",
                         variants=[VariantInput(mastodon, "Thank you to our night shift nurses!")])


def test_metadata_is_stripped_before_the_image_is_stored(post, personas) -> None:
    data = wristband(["Thank you nurses"])
    assert PILImage.open(io.BytesIO(data)).getexif()  # the upload carries EXIF (and GPS)
    image = media.attach(post, personas["manager"].user, data, "A thank-you card on a ward desk")
    stored = media.path_of(image).read_bytes()
    with PILImage.open(io.BytesIO(stored)) as again:
        assert not again.getexif() and "exif" not in again.info and "comment" not in again.info
        assert again.size == (1080, 540)
    assert b"PhoneMaker" not in stored and b"Nurse Camera Owner" not in stored and b"4 West" not in stored
    assert str(media.path_of(image)).startswith(str(settings.DATA_DIR))  # on the hospital's machine


@pytest.mark.parametrize("alt", ["", "   "])
def test_alt_text_is_required(post, personas, alt) -> None:
    with pytest.raises(PostError, match="alt text"):
        media.attach(post, personas["manager"].user, wristband(["Hello"]), alt)
    assert not Image.objects.exists()


@pytest.mark.parametrize("data", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40])
def test_a_file_that_is_not_an_image_is_refused_with_a_reason(post, personas, data) -> None:
    with pytest.raises(PostError, match="not an image"):
        media.attach(post, personas["manager"].user, data, "alt")


@needs_tesseract
@pytest.mark.parametrize("busy", [False, True], ids=["plain-card", "colourful-scene"])
def test_a_name_and_mrn_on_a_wristband_are_read_flagged_and_boxed(post, personas, mastodon, busy) -> None:
    mona, rita = personas["manager"].user, personas["reviewer"]
    image = media.attach(post, mona, wristband(["PATIENT: JANE FAKENAME", "MRN 48213377"], busy=busy),
                         "A patient's wristband on a bed rail")
    assert "48213377" in image.ocr_text and "FAKENAME" in image.ocr_text.upper()
    assert image.verdict in ("review", "block")
    labels = {f["label"] for f in image.guard_detail["findings"]}
    assert "ID" in labels and labels & {"PERSON", "PATIENT_RELATIONSHIP"}
    boxed = [f for f in image.guard_detail["findings"] if f["label"] == "ID"][0]["boxes"]
    assert boxed and all(0 <= left < 1080 and 0 <= top < 540 for left, top, _, _ in boxed)
    # The post's words are fine, the picture is not: the post waits for a reviewer.
    submitted = approval.submit(post, mona)
    assert submitted.state == Post.State.AWAITING_APPROVAL and submitted.verdict == image.verdict
    # The reviewer sees the findings drawn on the image: red where the MRN was read.
    page = rita.client.get(f"/publishing/posts/{post.pk}/").content.decode()
    assert f"/publishing/images/{image.pk}/?marked=1" in page and "boxed in red" in page
    answer = rita.client.get(f"/publishing/images/{image.pk}/?marked=1")
    marked = PILImage.open(io.BytesIO(answer.content)).convert("RGB")
    left, top, width, height = boxed[0]
    pad = max(3, 1080 // 250) * 2
    assert marked.getpixel((left - pad, top + height // 2)) == (200, 0, 0)
    assert AuditEntry.objects.filter(action="post_image_read", actor_name="rita").exists()


@needs_tesseract
def test_an_image_without_sensitive_text_passes(post, personas) -> None:
    image = media.attach(post, personas["manager"].user, wristband(["Happy Nurses Week"], gps=False),
                         "A banner that says Happy Nurses Week")
    assert "Nurses" in image.ocr_text and image.verdict == "allow"


def test_a_missing_tesseract_sends_the_image_to_a_reviewer(post, personas, monkeypatch) -> None:
    monkeypatch.setattr(media, "ocr", lambda picture: None)
    image = media.attach(post, personas["manager"].user, wristband(["x"]), "A card")
    assert image.verdict == "review" and "could not be read" in image.guard_detail["reasons"][0]


def test_adding_an_image_to_an_approved_post_sends_it_back_for_approval(personas, mastodon, timeline,
                                                                        monkeypatch) -> None:
    mona = personas["manager"].user
    post = approval.submit(approval.save(mona, title="Banner", variants=[VariantInput(mastodon, "Happy Nurses Week!")]),
                           mona)
    assert post.state == Post.State.APPROVED
    monkeypatch.setattr(media, "ocr", lambda picture: media.Read("Happy Nurses Week", []))
    media.attach(post, mona, wristband(["Happy Nurses Week"]), "A banner")
    assert Post.objects.get(pk=post.pk).state == Post.State.DRAFT
    with pytest.raises(sending.PublishError, match="not approved"):
        sending.publish_now(Variant.objects.get(post=post), mona)
    assert not [r for r in timeline.server.requests_to("mastodon") if r.method == "POST"]
