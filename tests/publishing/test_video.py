"""A post's video: stored without its metadata, the text in frames through it
read and checked by the guard, and sent to the networks that take videos
through their API (Mastodon's media upload, YouTube's resumable videos.insert)
exactly once; a network that cannot take it says so at submit."""

from __future__ import annotations

import io
import shutil

import av
import pytest
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from bedside.channels.models import Channel
from bedside.publishing import approval, media, sending, video
from bedside.publishing.approval import PostError, VariantInput
from bedside.publishing.models import Attempt, Post, Variant, Video
from bedside.workspace.models import AuditEntry
from tests.publishing.test_media import wristband
from tests.standin.youtube import TOKEN as YOUTUBE_TOKEN

pytestmark = pytest.mark.django_db
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Debian's tesseract-ocr is not installed (scripts/test installs it)")
TEXT = "Meet the team behind our new rehab gym\nA tour with our physical therapists."
ABOUT = "A physical therapist walks through the new rehab gym and shows the equipment"
PLACE = "+44.9778-093.2650/"  # where a phone says it was shot (ISO 6709)


def clip(frames: list[list[str]], *, fmt: str = "mp4", codec: str = "libx264", seconds_each: float = 1.0,
         tagged: bool = True) -> bytes:
    """A short video whose frames show ``frames``' lines (a whiteboard, a
    wristband), tagged as a phone tags it: place, title, the owner in the
    stream's handler name."""
    out = io.BytesIO()
    with av.open(out, mode="w", format=fmt) as container:
        if tagged:
            container.metadata["location"] = PLACE
            container.metadata["title"] = "ward rounds with Nurse Quimbly"
        stream = container.add_stream(codec, rate=4)
        stream.width, stream.height, stream.pix_fmt = 640, 360, "yuv420p"
        if tagged:
            stream.metadata["handler_name"] = "Quimbly family phone"
        font = ImageFont.load_default(size=40)
        for lines in frames:
            picture = PILImage.new("RGB", (640, 360), (250, 250, 250))
            draw = ImageDraw.Draw(picture)
            for i, line in enumerate(lines):
                draw.text((30, 60 + i * 60), line, fill=(0, 0, 0), font=font)
            for _ in range(int(4 * seconds_each)):
                for packet in stream.encode(av.VideoFrame.from_image(picture)):
                    container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


@pytest.fixture
def post(personas, mastodon) -> Post:
    return approval.save(personas["manager"].user, title="Rehab gym", variants=[VariantInput(mastodon, TEXT)])


def test_the_place_title_and_owner_are_gone_before_the_video_is_stored(post, personas, monkeypatch) -> None:
    monkeypatch.setattr(video, "ocr", lambda picture: media.Read("", []))
    data = clip([["Welcome"], ["to the gym"]])
    with av.open(io.BytesIO(data)) as upload:  # the upload carries them (the place as MP4's loci box)
        assert "location" in upload.metadata and b"loci" in data and b"Quimbly" in data
    stored = video.attach(post, personas["manager"].user, data, ABOUT)
    kept = video.path_of(stored).read_bytes()
    assert b"loci" not in kept and b"Quimbly" not in kept and b"ward rounds" not in kept
    with av.open(io.BytesIO(kept)) as again:  # still a video that plays
        assert again.streams.video[0].codec_context.name == "h264" and "location" not in again.metadata
        assert sum(1 for _ in again.decode(video=0)) == 8
    assert (stored.width, stored.height, stored.mime_type) == (640, 360, "video/mp4")
    assert round(stored.seconds) == 2 and stored.verdict == "allow"
    assert AuditEntry.objects.filter(action="post_video_added").count() == 1


@needs_tesseract
def test_a_name_and_mrn_on_a_whiteboard_seconds_in_are_read_and_flagged(post, personas) -> None:
    data = clip([["Welcome to rehab"], ["Welcome to rehab"], ["Bed 4: Harold Quimbly", "MRN 448812"],
                 ["Welcome to rehab"]], tagged=False)
    stored = video.attach(post, personas["manager"].user, data, ABOUT)
    assert stored.verdict == "block"
    labels = {f["label"]: f for f in stored.guard_detail["findings"]}
    assert "ID" in labels and all(2.0 <= s < 3.0 for s in labels["ID"]["seconds"])
    page = personas["manager"].client.get(f"/publishing/posts/{post.pk}/").content.decode()
    assert "seen at 2" in page and "verdict-block" in page


@pytest.mark.parametrize(("data", "said"), [
    (b"not a video at all", "not a video Bedside can read"),
    (wristband(["a photo"]), "files are not taken; use MP4, MOV or WebM"),
])
def test_a_file_that_is_not_a_video_is_refused_saying_why(post, personas, data, said) -> None:
    with pytest.raises(PostError, match=said):
        video.attach(post, personas["manager"].user, data, ABOUT)
    assert not Video.objects.exists()


def test_a_description_is_required(post, personas) -> None:
    with pytest.raises(PostError, match="Describe what the video shows"):
        video.attach(post, personas["manager"].user, clip([["Hi"]]), "  ")


def test_a_post_carries_images_or_one_video_not_both(post, personas, monkeypatch) -> None:
    monkeypatch.setattr(video, "ocr", lambda picture: media.Read("", []))
    monkeypatch.setattr(media, "ocr", lambda picture: media.Read("", []))
    mona = personas["manager"].user
    video.attach(post, mona, clip([["Hi"]]), ABOUT)
    with pytest.raises(PostError, match="has a video"):
        media.attach(post, mona, wristband(["Welcome"]), "A card")
    other = approval.save(mona, title="Other", variants=[VariantInput(post.variants.get().channel, "Hello there")])
    media.attach(other, mona, wristband(["Welcome"]), "A card")
    with pytest.raises(PostError, match="has images"):
        video.attach(other, mona, clip([["Hi"]]), ABOUT)


@pytest.fixture
def youtube(ours, standin, monkeypatch) -> Channel:
    standin.load("youtube")
    monkeypatch.setenv("BEDSIDE_API_BASE_YOUTUBE", standin.base_url("youtube"))
    return Channel.objects.create(organization=ours, network="youtube", handle="UCPzFLpOblZEaIx2lpym1l1A",
                                  credentials={"token": YOUTUBE_TOKEN})


def _approved_with_video(person, channel) -> Post:
    # A service's promotion: approved at once when the guard allows it (a
    # patient story would wait for compliance whatever the guard says).
    post = approval.save(person, title="Rehab gym (team title)", content_type="promotion",
                         variants=[VariantInput(channel, TEXT, timezone.now())])
    video.attach(post, person, clip([["Welcome"], ["to the gym"]]), ABOUT)
    return approval.submit(post, person)


@pytest.fixture
def no_ocr(monkeypatch) -> None:
    monkeypatch.setattr(video, "ocr", lambda picture: media.Read("", []))


def test_a_video_goes_to_youtube_by_the_resumable_upload_titled_from_the_text(
        personas, youtube, standin, no_ocr) -> None:
    post = _approved_with_video(personas["manager"].user, youtube)
    assert post.state == Post.State.APPROVED, (post.verdict, post.content_type, post.waiting_for)
    [variant_id] = sending.publish_due()
    variant = Variant.objects.get(pk=variant_id)
    assert variant.state == Variant.State.PUBLISHED, variant.error
    [uploaded] = standin.posted[("youtube", "uploads")]
    assert uploaded["snippet"]["title"] == "Meet the team behind our new rehab gym"  # never the team's own title
    assert uploaded["snippet"]["description"] == TEXT and uploaded["status"]["privacyStatus"] == "public"
    assert uploaded["bytes"] == Video.objects.get().size
    assert variant.url == f"https://www.youtube.com/watch?v={uploaded['id']}"


def test_a_lost_answer_from_youtube_is_settled_by_reading_the_channel_back_not_uploading_again(
        personas, youtube, standin, no_ocr) -> None:
    post = _approved_with_video(personas["manager"].user, youtube)
    standin.youtube_drop_upload_answer = 1  # stored, then a 503 on the way back
    assert sending.publish_due() == []
    variant = post.variants.get()
    assert variant.state == Variant.State.UNKNOWN and variant.retry_at
    assert sending.publish_due(now=variant.retry_at + timezone.timedelta(seconds=1)) == [variant.pk]
    variant.refresh_from_db()
    assert len(standin.posted[("youtube", "uploads")]) == 1  # read back, not uploaded again
    assert variant.external_id == standin.posted[("youtube", "uploads")][0]["id"]
    assert list(Attempt.objects.filter(variant=variant).values_list("outcome", flat=True).order_by("number")) == [
        Attempt.Outcome.UNKNOWN, Attempt.Outcome.FOUND]
    assert post.pk == variant.post_id


def test_a_video_goes_to_mastodon_as_a_media_attachment_with_its_description(
        personas, mastodon, timeline, no_ocr) -> None:
    timeline.processing = 1  # transcoding: 202, then ready
    _approved_with_video(personas["manager"].user, mastodon)
    [variant_id] = sending.publish_due()
    variant = Variant.objects.get(pk=variant_id)
    assert variant.state == Variant.State.PUBLISHED, variant.error
    [(media_id, uploaded)] = timeline.media.items()
    assert uploaded["type"] == "video" and uploaded["description"] == ABOUT and b"loci" not in uploaded["bytes"]
    assert [m["id"] for m in timeline.statuses[0]["media_attachments"]] == [media_id]


def test_a_network_that_takes_no_video_through_bedside_says_so_at_submit(personas, ours, no_ocr) -> None:
    x = Channel.objects.create(organization=ours, network="x", handle="RiverbendHealth", credentials={"token": "t"})
    mona = personas["manager"].user
    post = approval.save(mona, title="Gym", variants=[VariantInput(x, "A tour of our new rehab gym")])
    video.attach(post, mona, clip([["Hi"]]), ABOUT)
    with pytest.raises(PostError, match=r"X \(Twitter\) cannot take this post.s video"):
        approval.submit(post, mona)
    assert Post.objects.get(pk=post.pk).state == Post.State.DRAFT
