from __future__ import annotations

import pytest

from bedside.networks import (
    AuthError,
    Credentials,
    MessageKind,
    NotFound,
    NotSupported,
    PayloadError,
    PermanentError,
)
from bedside.networks.http import HttpTransport
from bedside.networks.instagram import InstagramClient
from tests.standin.instagram import IG_USER_ID, OLD_COMMENT
from tests.standin.server import Response, fixture

IG = {"ig_user_id": "17841405309211844"}


@pytest.fixture
def make(standin, waits):
    standin.load("instagram")

    def build(token: str = "test-token", extra: dict[str, str] | None = None) -> InstagramClient:
        transport = HttpTransport("instagram", sleep=waits.append)
        credentials = Credentials(token=token, extra=IG if extra is None else extra)
        return InstagramClient(credentials, base_url=standin.base_url("instagram"), transport=transport)

    return build


@pytest.fixture
def client(make) -> InstagramClient:
    return make()


def test_it_reads_a_peer_through_business_discovery(client, standin):
    stats = client.profile("@MayoClinic")
    assert (stats.external_id, stats.handle, stats.name) == ("17841401441775531", "mayoclinic", "Mayo Clinic")
    assert (stats.followers, stats.following, stats.posts) == (1267793, 312, 3205)
    request = standin.requests_to("instagram")[-1]
    assert request.path == "/17841405309211844"
    assert request.query["fields"].startswith("business_discovery.username(mayoclinic){id,username")


def test_it_reads_media_with_their_own_counts(client):
    image, reel = client.posts("mayoclinic").items
    assert (image.likes, image.comments, image.media_type) == (5210, 61, "image")
    assert (reel.likes, reel.comments, reel.media_type) == (None, 14, "video")  # likes hidden by the owner


def test_it_follows_pagination_to_the_end(client, standin):
    ids, cursor = [], None
    for _ in range(5):
        page = client.posts("mayoclinic", cursor)
        ids += [post.external_id for post in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert ids == ["17858843269216389", "17894036119131554", "17841563287135401"]
    assert ".after(QVFIUkFGM1)" in standin.requests_to("instagram")[-1].query["fields"]


def test_it_reads_comments_on_own_media(client):
    question, answer = client.messages("mayoclinic").items
    assert (question.kind, question.author_handle, question.in_reply_to) == (
        MessageKind.COMMENT, "rochester_mom", "17858843269216389",
    )
    assert (answer.in_reply_to, answer.thread_id, answer.url) == (
        "17870913679156914", "17858843269216389", "https://www.instagram.com/p/DAbc1/",
    )


def test_it_waits_as_long_as_retry_after_says(client, standin, waits):
    standin.fail_next("instagram", Response(429, b"", headers={"Retry-After": "6"}))
    client.profile("mayoclinic")
    assert waits == [6.0]


def test_it_retries_after_a_server_error(client, standin, waits):
    standin.fail_next("instagram", Response(500, {"error": {"message": "Please reduce the amount of data", "code": 1}}))
    assert client.profile("mayoclinic").posts == 3205
    assert len(waits) == 1


def test_it_rejects_malformed_json(client, standin):
    standin.fail_next("instagram", Response(200, b'{"business_discovery": {"followers_count": '))
    with pytest.raises(PayloadError) as caught:
        client.profile("mayoclinic")
    assert caught.value.network == "instagram"


def test_it_names_the_record_and_field_of_a_bad_count(client, standin):
    broken = fixture("instagram/discovery_media_page1.json")
    broken["business_discovery"]["media"]["data"][0]["comments_count"] = "61 comments"
    standin.fail_next("instagram", Response(200, broken))
    page = client.posts("mayoclinic")
    media = broken["business_discovery"]["media"]["data"]
    assert [post.external_id for post in page.items] == [m["id"] for m in media[1:]]
    assert [(p.external_id, p.field) for p in page.problems] == [
        (media[0]["id"], "business_discovery.media.data[0].comments_count")]


def test_it_reports_an_expired_token(make):
    with pytest.raises(AuthError):
        make(token="expired").profile("mayoclinic")


def test_it_needs_a_connected_professional_account(make):
    with pytest.raises(AuthError, match="ig_user_id"):
        make(extra={}).profile("mayoclinic")


def test_it_reports_an_account_business_discovery_cannot_find(client):
    with pytest.raises(NotFound):
        client.profile("someone.personal")


def test_it_cannot_publish_text_alone(client):
    with pytest.raises(NotSupported):
        client.publish("mayoclinic", "Instagram needs a photo or video")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("@MayoClinic", "mayoclinic"),
        ("clevelandclinic", "clevelandclinic"),
        ("https://www.instagram.com/hopkins.medicine/", "hopkins.medicine"),
        ("mass_general", "mass_general"),
    ],
)
def test_it_normalizes_handles(typed, expected):
    assert InstagramClient.normalize_handle(typed) == expected


@pytest.mark.parametrize("typed", ["", "@", "mayo clinic", "mayo..clinic", "mayoclinic.", "mayo-clinic", "a" * 31])
def test_it_rejects_nonsense_handles(typed):
    with pytest.raises(ValueError, match="Instagram: .*expected @name"):
        InstagramClient.normalize_handle(typed)


def test_it_replies_to_a_comment(client, standin):
    sent = client.reply("mayoclinic", "17870913679156914", "Any of our pharmacies.")
    request = standin.requests_to("instagram")[-1]
    assert (request.path, request.form()) == ("/17870913679156914/replies", {"message": "Any of our pharmacies."})
    assert sent.external_id == "17870913679156999"


def test_it_hides_a_comment(client, standin):
    client.hide("mayoclinic", "17870913679156915")
    request = standin.requests_to("instagram")[-1]
    assert (request.path, request.form()) == ("/17870913679156915", {"hide": "true"})


# -- takedown: delete and the private reply ------------------------------------

def test_it_deletes_a_comment_on_its_own_media(client, standin):
    client.delete("mayoclinic", "17870913679156915")
    request = standin.requests_to("instagram")[-1]
    assert (request.method, request.path, request.body) == ("DELETE", "/17870913679156915", b"")


def test_it_sends_a_private_reply_to_a_commenter(client, standin):
    sent = client.send_private("mayoclinic", "rochester_mom", "17870913679156914", "We removed your comment.")
    request = standin.requests_to("instagram")[-1]
    assert (request.method, request.path, request.json()) == ("POST", f"/{IG_USER_ID}/messages", {
        "recipient": {"comment_id": "17870913679156914"}, "message": {"text": "We removed your comment."},
    })
    assert sent.external_id.startswith("aWdfZAG1faXRlbToxOklHTWVzc2Fn")


def test_a_private_reply_after_seven_days_is_refused_in_plain_words(client):
    with pytest.raises(PermanentError, match="Instagram allows a private reply only within 7 days"):
        client.send_private("mayoclinic", "old_commenter", OLD_COMMENT, "Too late.")


def test_a_private_reply_needs_the_connected_account(make, standin):
    with pytest.raises(AuthError, match="ig_user_id"):
        make(extra={}).send_private("mayoclinic", "rochester_mom", "17870913679156914", "Notice.")
    assert standin.requests_to("instagram") == []


def test_it_reads_back_only_our_replies_to_a_comment(client):
    assert client.our_replies("mayoclinic", "17870913679156914") == []
    sent = client.reply("mayoclinic", "17870913679156914", "Any of our pharmacies.")
    [ours] = client.our_replies("@MayoClinic", "17870913679156914")  # a reader's reply is left out
    assert (ours.external_id, ours.text) == (sent.external_id, "Any of our pharmacies.")
