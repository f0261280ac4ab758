"""A post's image goes to each network by that network's own upload flow,
with its alt text and without its metadata, exactly once; a network that
takes no images says so when the post is submitted, not at send time."""

from __future__ import annotations

import base64
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image as PILImage

from bedside.channels.models import Channel
from bedside.publishing import approval, media, sending
from bedside.publishing.approval import PostError, VariantInput
from bedside.publishing.models import Attempt, Post, Variant
from tests.publishing.test_media import wristband
from tests.standin.server import Response

pytestmark = pytest.mark.django_db

TEXT = "Our new family waiting room opens Monday on the second floor."
ALT = "A bright waiting room with blue chairs and a children's play corner"


@pytest.fixture(autouse=True)
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    # The guard on images is tested in test_media; here the picture's text is plain.
    monkeypatch.setattr(media, "ocr", lambda picture: media.Read("", []))


def _approved_with_image(person, channel, *, alt: str = ALT, text: str = TEXT) -> Post:
    post = approval.save(person, title="Waiting room", variants=[VariantInput(channel, text, timezone.now())])
    media.attach(post, person, wristband(["Welcome"]), alt)
    return approval.submit(post, person)


def _no_metadata(data: bytes) -> bool:
    with PILImage.open(io.BytesIO(data)) as picture:
        return not picture.getexif() and "comment" not in picture.info and "exif" not in picture.info


def test_an_image_goes_to_mastodon_uploaded_with_its_alt_text_then_named_in_the_status(
        personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    timeline.processing = 1  # the server is still processing it: 202, then 206, then 200
    post = _approved_with_image(mona, mastodon)
    assert post.state == Post.State.APPROVED
    [variant_id] = sending.publish_due()
    variant = Variant.objects.get(pk=variant_id)
    assert variant.state == Variant.State.PUBLISHED, variant.error
    [(media_id, uploaded)] = timeline.media.items()
    assert uploaded["description"] == ALT and _no_metadata(uploaded["bytes"])
    [status] = timeline.statuses
    assert [m["id"] for m in status["media_attachments"]] == [media_id]
    assert variant.external_id == status["id"]


def test_an_image_post_whose_answer_was_lost_is_found_on_the_retry_not_uploaded_or_posted_again(
        personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    _approved_with_image(mona, mastodon)
    timeline.drop_answer = 1  # the status is created but the answer never arrives
    assert sending.publish_due() == []
    variant = Variant.objects.get()
    assert variant.state == Variant.State.UNKNOWN and len(timeline.statuses) == 1
    assert sending.publish_due(now=variant.retry_at + timedelta(seconds=1)) == [variant.pk]
    assert len(timeline.statuses) == 1 and len(timeline.media) == 1
    assert list(variant.tries.values_list("outcome", flat=True)) == [Attempt.Outcome.UNKNOWN, Attempt.Outcome.FOUND]


def test_a_failed_upload_posts_nothing_and_the_retry_posts_once(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    _approved_with_image(mona, mastodon)
    timeline.refuse_upload = 1
    assert sending.publish_due() == []
    variant = Variant.objects.get()
    assert variant.state == Variant.State.UNKNOWN and timeline.statuses == []
    assert sending.publish_due(now=variant.retry_at + timedelta(seconds=1)) == [variant.pk]
    assert len(timeline.statuses) == 1 and len(timeline.media) == 1


def _channel(ours, standin, monkeypatch, network: str, handle: str, **extra: str) -> Channel:
    standin.load(network)
    monkeypatch.setenv(f"BEDSIDE_API_BASE_{network.upper()}", standin.base_url(network))
    credentials: dict = {"token": "test-token"}
    if network == "bluesky":  # a handle and an app password (networks/bluesky.py)
        credentials.update(client_id=handle, client_secret="app-pass-word")
    if network == "pinterest":
        credentials["token"] = "pina_test-token"
    if network == "linkedin":
        credentials["token"] = "AQX_test-token"
    if network == "threads":
        credentials["token"] = "THQ_test-token"
    if extra:
        credentials["extra"] = extra
    return Channel.objects.create(organization=ours, network=network, handle=handle, credentials=credentials)


def _sent(standin, network: str) -> list:
    return [r for r in standin.requests_to(network) if r.method == "POST" and "Session" not in r.path]


def test_bluesky_gets_the_blob_then_a_post_embedding_it_with_alt_text(personas, ours, standin, monkeypatch) -> None:
    channel = _channel(ours, standin, monkeypatch, "bluesky", "riverbend.bsky.social")
    _approved_with_image(personas["manager"].user, channel)
    [variant_id] = sending.publish_due()
    assert Variant.objects.get(pk=variant_id).state == Variant.State.PUBLISHED
    upload, create = _sent(standin, "bluesky")
    assert upload.path.endswith("uploadBlob") and upload.headers["content-type"] == "image/jpeg"
    assert _no_metadata(upload.body)
    embed = create.json()["record"]["embed"]
    assert embed["$type"] == "app.bsky.embed.images"
    [image] = embed["images"]
    assert image["alt"] == ALT and image["image"]["ref"]["$link"] == "bafkreiblob0"
    assert image["aspectRatio"] == {"width": 1080, "height": 540}


def test_x_gets_the_upload_its_alt_text_then_a_post_naming_the_media(personas, ours, standin, monkeypatch) -> None:
    channel = _channel(ours, standin, monkeypatch, "x", "RiverbendHealth")
    _approved_with_image(personas["manager"].user, channel)
    [variant_id] = sending.publish_due()
    assert Variant.objects.get(pk=variant_id).state == Variant.State.PUBLISHED
    upload, alt, tweet = _sent(standin, "x")
    assert upload.path == "/2/media/upload" and _no_metadata(upload.multipart()["media"][1])
    [media_entry] = standin.posted[("x", "media")]
    assert alt.json() == {"id": media_entry["id"], "metadata": {"alt_text": {"text": ALT}}}
    assert tweet.json()["media"] == {"media_ids": [media_entry["id"]]}


def test_a_facebook_page_gets_one_photo_post_with_the_message_and_alt_text(personas, ours, standin,
                                                                            monkeypatch) -> None:
    channel = _channel(ours, standin, monkeypatch, "facebook", "80553251208")
    _approved_with_image(personas["manager"].user, channel)
    [variant_id] = sending.publish_due()
    variant = Variant.objects.get(pk=variant_id)
    assert variant.state == Variant.State.PUBLISHED and variant.external_id == "80553251208_900000"
    [photo] = _sent(standin, "facebook")
    fields = photo.multipart()
    assert photo.path == "/80553251208/photos" and _no_metadata(fields["source"][1])
    assert fields["message"][1].decode().startswith(TEXT) and fields["alt_text_custom"][1].decode() == ALT
    assert fields["published"][1] == b"true"


def test_a_linkedin_page_gets_the_image_registered_uploaded_then_one_post_naming_it(personas, ours, standin,
                                                                                   monkeypatch) -> None:
    channel = _channel(ours, standin, monkeypatch, "linkedin", "riverbend-health")
    _approved_with_image(personas["manager"].user, channel)
    [variant_id] = sending.publish_due()
    variant = Variant.objects.get(pk=variant_id)
    assert variant.state == Variant.State.PUBLISHED, variant.error
    [upload] = standin.posted[("linkedin", "uploads")]
    assert _no_metadata(upload["bytes"])
    [post] = standin.posted[("linkedin", "posts")]
    assert post["content"] == {"media": {"id": upload["image"], "altText": ALT}}
    assert post["commentary"].startswith(TEXT) and variant.external_id == post["id"]


def test_a_linkedin_post_whose_answer_was_lost_is_found_on_the_retry_not_uploaded_or_posted_again(
        personas, ours, standin, monkeypatch) -> None:
    channel = _channel(ours, standin, monkeypatch, "linkedin", "riverbend-health")
    _approved_with_image(personas["manager"].user, channel)
    routes = standin.routes[("linkedin", "POST")]
    real = dict(routes)["/"]
    lost: list[bool] = []

    def answer_lost(request):
        # The post is made, then the gateway fails before LinkedIn's answer arrives.
        response = real(request)
        if request.path == "/posts" and not lost:
            lost.append(True)
            return Response(504, {"status": 504, "message": "Gateway timeout"})
        return response

    standin.routes[("linkedin", "POST")] = [(prefix, answer_lost if prefix == "/" else h) for prefix, h in routes]
    assert sending.publish_due() == []
    variant = Variant.objects.get()
    assert variant.state == Variant.State.UNKNOWN and len(standin.posted[("linkedin", "posts")]) == 1
    assert sending.publish_due(now=variant.retry_at + timedelta(seconds=1)) == [variant.pk]
    assert len(standin.posted[("linkedin", "posts")]) == 1 and len(standin.posted[("linkedin", "uploads")]) == 1
    assert list(variant.tries.values_list("outcome", flat=True)) == [Attempt.Outcome.UNKNOWN, Attempt.Outcome.FOUND]
    variant.refresh_from_db()
    assert variant.external_id == standin.posted[("linkedin", "posts")][0]["id"]


def test_a_webp_image_is_refused_for_linkedin_when_the_post_is_submitted(personas, ours) -> None:
    channel = Channel.objects.create(organization=ours, network="linkedin", handle="riverbend-health",
                                     credentials={"token": "AQX_test-token"})
    mona = personas["manager"].user
    post = approval.save(mona, title="Waiting room", variants=[VariantInput(channel, TEXT, timezone.now())])
    webp = io.BytesIO()
    PILImage.new("RGB", (800, 400), (230, 230, 230)).save(webp, "WEBP")
    media.attach(post, mona, webp.getvalue(), ALT)
    with pytest.raises(PostError, match="LinkedIn: linkedin takes JPG, GIF or PNG images, not WEBP"):
        approval.submit(post, mona)
    assert Variant.objects.get().state == Variant.State.DRAFT


def test_a_pin_is_made_with_its_image_alt_text_and_board(personas, ours, standin, monkeypatch) -> None:
    channel = _channel(ours, standin, monkeypatch, "pinterest", "riverbendhealth", board_id="549755885175")
    _approved_with_image(personas["manager"].user, channel)
    [variant_id] = sending.publish_due()
    assert Variant.objects.get(pk=variant_id).state == Variant.State.PUBLISHED
    [pin] = standin.posted[("pinterest", "pins")]
    assert pin["board_id"] == "549755885175" and pin["alt_text"] == ALT
    assert pin["media_source"]["content_type"] == "image/jpeg"
    assert _no_metadata(base64.b64decode(pin["media_source"]["data"]))


def test_a_pin_without_a_board_fails_with_the_reason(personas, ours, standin, monkeypatch) -> None:
    channel = _channel(ours, standin, monkeypatch, "pinterest", "riverbendhealth")
    _approved_with_image(personas["manager"].user, channel)
    assert sending.publish_due() == []
    variant = Variant.objects.get()
    assert variant.state == Variant.State.FAILED and "no board chosen" in variant.error
    assert not standin.posted[("pinterest", "pins")]


def test_instagram_needs_a_public_media_address_and_says_which_setting(personas, ours, standin, monkeypatch,
                                                                       settings) -> None:
    settings.PUBLIC_MEDIA_URL = ""
    channel = _channel(ours, standin, monkeypatch, "instagram", "riverbendhealth", ig_user_id="17841405309211844")
    mona = personas["manager"].user
    post = approval.save(mona, title="Waiting room", variants=[VariantInput(channel, TEXT, timezone.now())])
    media.attach(post, mona, wristband(["Welcome"]), ALT)
    with pytest.raises(PostError, match="BEDSIDE_PUBLIC_MEDIA_URL"):
        approval.submit(post, mona)
    assert Post.objects.get(pk=post.pk).state == Post.State.DRAFT
    assert Variant.objects.get().state == Variant.State.DRAFT


def test_instagram_makes_a_container_from_the_public_address_then_publishes_it(personas, ours, standin, monkeypatch,
                                                                                settings) -> None:
    settings.PUBLIC_MEDIA_URL = "https://social.riverbend.example/publishing/public-media"
    channel = _channel(ours, standin, monkeypatch, "instagram", "riverbendhealth", ig_user_id="17841405309211844")
    post = _approved_with_image(personas["manager"].user, channel)
    [variant_id] = sending.publish_due()
    assert Variant.objects.get(pk=variant_id).state == Variant.State.PUBLISHED
    [container] = standin.posted[("instagram", "containers")]
    assert container["alt_text"] == ALT and container["caption"].startswith(TEXT)
    assert standin.posted[("instagram", "published")] == [container["id"]]
    # What Instagram fetches: the stored image, without a login, without metadata.
    path = container["image_url"].removeprefix("https://social.riverbend.example")
    fetched = Client().get(path)
    assert fetched.status_code == 200 and fetched.content == media.path_of(post.images.get()).read_bytes()
    assert _no_metadata(fetched.content)
    assert Client().get(path.replace("public-media/", "public-media/x")).status_code == 404


def test_threads_makes_a_container_from_the_public_address_then_publishes_it_once(personas, ours, standin,
                                                                                 monkeypatch, settings) -> None:
    settings.PUBLIC_MEDIA_URL = "https://social.riverbend.example/publishing/public-media"
    channel = _channel(ours, standin, monkeypatch, "threads", "riverbendhealth")
    post = _approved_with_image(personas["manager"].user, channel)
    publishes = [prefix for prefix in standin.routes[("threads", "POST")]]
    real = dict(publishes)["/"]
    lost: list[bool] = []

    def answer_lost(request):
        # threads_publish works, then the answer is lost on the way back.
        response = real(request)
        if request.path.endswith("/threads_publish") and not lost:
            lost.append(True)
            return Response(503, {"error": {"message": "Service temporarily unavailable", "code": 2}})
        return response

    standin.routes[("threads", "POST")] = [(prefix, answer_lost if prefix == "/" else h) for prefix, h in publishes]
    assert sending.publish_due() == []
    variant = Variant.objects.get()
    assert variant.state == Variant.State.UNKNOWN
    assert sending.publish_due(now=variant.retry_at + timedelta(seconds=1)) == [variant.pk]
    [thread] = standin.posted[("threads", "threads")]
    variant.refresh_from_db()
    assert variant.external_id == thread["id"]
    assert thread["container"]["alt_text"] == ALT and thread["text"].startswith(TEXT)
    # One image container only: the retry read the account back and sent nothing again.
    assert [r.form().get("media_type") for r in standin.requests_to("threads")
            if r.method == "POST" and r.path.endswith("/threads")] == ["IMAGE"]
    path = thread["container"]["image_url"].removeprefix("https://social.riverbend.example")
    assert Client().get(path).content == media.path_of(post.images.get()).read_bytes()


def test_instagram_takes_several_images_as_one_carousel(personas, ours, standin, monkeypatch, settings) -> None:
    settings.PUBLIC_MEDIA_URL = "https://social.riverbend.example/publishing/public-media"
    channel = _channel(ours, standin, monkeypatch, "instagram", "riverbendhealth", ig_user_id="17841405309211844")
    mona = personas["manager"].user
    post = approval.save(mona, title="Waiting room", variants=[VariantInput(channel, TEXT, timezone.now())])
    media.attach(post, mona, wristband(["Welcome"]), ALT)
    media.attach(post, mona, wristband(["Play corner"]), "The play corner with a bookshelf")
    approval.submit(post, mona)
    [variant_id] = sending.publish_due()
    assert Variant.objects.get(pk=variant_id).state == Variant.State.PUBLISHED
    first, second, carousel = standin.posted[("instagram", "containers")]
    assert (first["alt_text"], second["alt_text"]) == (ALT, "The play corner with a bookshelf")
    assert carousel["children"] == f"{first['id']},{second['id']}" and carousel["caption"].startswith(TEXT)
    assert standin.posted[("instagram", "published")] == [carousel["id"]]


def test_a_google_business_profile_post_carries_its_photo_by_public_address(personas, ours, standin, monkeypatch,
                                                                            settings) -> None:
    from tests.standin.google import LOCATION, TOKEN

    settings.PUBLIC_MEDIA_URL = "https://social.riverbend.example/publishing/public-media"
    standin.load("google")
    monkeypatch.setenv("BEDSIDE_API_BASE_GOOGLE", standin.base_url("google"))
    channel = Channel.objects.create(organization=ours, network="google", handle=LOCATION,
                                     credentials={"token": TOKEN})
    _approved_with_image(personas["manager"].user, channel)
    [variant_id] = sending.publish_due()
    variant = Variant.objects.get(pk=variant_id)
    assert variant.state == Variant.State.PUBLISHED, variant.error
    [local] = standin.posted[("google", "localPosts")]
    assert variant.external_id == local["name"] and local["summary"].startswith(TEXT)
    [photo] = local["media"]
    assert photo["mediaFormat"] == "PHOTO" and photo["description"] == ALT
    fetched = Client().get(photo["sourceUrl"].removeprefix("https://social.riverbend.example"))
    assert fetched.status_code == 200 and _no_metadata(fetched.content)


def test_a_lost_answer_from_google_is_settled_by_reading_the_local_posts_back(personas, ours, standin,
                                                                             monkeypatch) -> None:
    from tests.standin.google import LOCATION, TOKEN
    from tests.standin.server import Response

    standin.load("google")
    monkeypatch.setenv("BEDSIDE_API_BASE_GOOGLE", standin.base_url("google"))
    channel = Channel.objects.create(organization=ours, network="google", handle=LOCATION,
                                     credentials={"token": TOKEN})
    mona = personas["manager"].user
    approval.submit(approval.save(mona, title="Flu", variants=[VariantInput(channel, TEXT, timezone.now())]), mona)
    routes = standin.routes[("google", "POST")]
    create = next(h for prefix, h in routes if prefix.endswith("localPosts"))

    def lost(request):  # Google made the post, the answer never came back
        create(request)
        return Response(503, {"error": {"code": 503, "message": "The service is currently unavailable."}})

    routes.insert(0, (f"/v4/{LOCATION}/localPosts", lost))
    assert sending.publish_due() == []
    variant = Variant.objects.get()
    assert variant.state == Variant.State.UNKNOWN
    routes.pop(0)
    assert sending.publish_due(now=variant.retry_at + timedelta(seconds=1)) == [variant.pk]
    assert len(standin.posted[("google", "localPosts")]) == 1


def test_an_image_of_a_post_not_approved_is_not_served_publicly(personas, mastodon, settings) -> None:
    settings.PUBLIC_MEDIA_URL = "https://social.riverbend.example/publishing/public-media"
    from bedside.publishing import outbound

    mona = personas["manager"].user
    post = approval.save(mona, title="Draft", variants=[VariantInput(mastodon, TEXT)])
    image = media.attach(post, mona, wristband(["Welcome"]), ALT)
    path = outbound.public_url(image).removeprefix("https://social.riverbend.example")
    assert Client().get(path).status_code == 404


@pytest.mark.parametrize(("network", "handle", "says"), [
    ("reddit", "u/riverbendhealth", "takes no images through its API"),
    ("instagram", "riverbendhealth", "need an image"),
])
def test_what_a_network_cannot_take_is_said_at_submit_not_at_send_time(personas, ours, network, handle,
                                                                       says) -> None:
    channel = Channel.objects.create(organization=ours, network=network, handle=handle,
                                     credentials={"token": "test-token"})
    mona = personas["manager"].user
    post = approval.save(mona, title="Waiting room", variants=[VariantInput(channel, TEXT, timezone.now())])
    if network == "reddit":
        media.attach(post, mona, wristband(["Welcome"]), ALT)
    with pytest.raises(PostError, match=says):
        approval.submit(post, mona)
    assert Variant.objects.get().state == Variant.State.DRAFT
