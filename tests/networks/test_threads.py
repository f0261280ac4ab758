from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from bedside.networks import (
    AuthError,
    Credentials,
    NotFound,
    NotSupported,
    PayloadError,
    PermanentError,
    TransientError,
)
from bedside.networks.http import HttpTransport
from bedside.networks.records import MediaFile
from bedside.networks.threads import ThreadsClient
from tests.standin.server import Response


@pytest.fixture
def make(standin, waits):
    standin.load("threads")

    def build(token: str = "THQ_test-token", **creds: str) -> ThreadsClient:
        transport = HttpTransport("threads", sleep=waits.append)
        return ThreadsClient(Credentials(token=token, **creds), base_url=standin.base_url("threads"),
                             transport=transport)

    return build


@pytest.fixture
def client(make) -> ThreadsClient:
    return make()


def test_it_reads_our_followers_from_insights(client):
    stats = client.profile("@RiverbendHealth")
    assert (stats.external_id, stats.name, stats.followers) == ("7345112000111", "Riverbend Health", 15230)
    assert stats.url == "https://www.threads.net/@riverbendhealth"


def test_it_reads_a_peers_public_numbers_by_profile_discovery(client):
    stats = client.profile("https://www.threads.net/@lakeside.clinic")
    assert (stats.handle, stats.followers, stats.extra["likes_count"], stats.extra["views_count"]) == (
        "lakeside.clinic", 88120, 5120, 903000)


def test_an_unknown_profile_is_a_clear_error(client):
    with pytest.raises(Exception, match="could not be found"):
        client.profile("nobody.here")


def test_the_token_travels_in_a_header_never_in_the_address(client, standin):
    client.profile("riverbendhealth")
    for request in standin.requests_to("threads"):
        assert "access_token" not in request.query
        assert request.headers["authorization"] == "Bearer THQ_test-token"


def test_it_reads_our_threads_with_their_insights_page_by_page(client):
    first = client.posts("riverbendhealth")
    (post,) = first.items
    assert (post.external_id, post.media_type, post.likes, post.comments, post.shares, post.views) == (
        "18050206876707110", "text", 120, 9, 14, 4100)
    assert post.extra == {"quotes": 2}
    second = client.posts("riverbendhealth", first.next_cursor)
    assert [p.media_type for p in second.items] == ["image"] and second.next_cursor is None


def test_it_will_not_list_a_peers_threads_as_ours(client):
    with pytest.raises(NotSupported, match="only the connected account"):
        client.posts("lakeside.clinic")


def test_a_bad_timestamp_costs_only_that_thread(client, standin):
    standin.corrupt_once("threads", lambda r: r.path == "/me/threads",
                         lambda body: {**body, "data": [{**body["data"][0], "timestamp": "last week"}]})
    page = client.posts("riverbendhealth")
    assert page.items == []
    assert [(p.external_id, p.field) for p in page.problems] == [("18050206876707110", "data[0].timestamp")]


def test_it_reports_an_expired_token(make):
    with pytest.raises(AuthError):
        make(token="THQ_expired").profile("riverbendhealth")


def test_it_waits_as_long_as_retry_after_says(client, standin, waits):
    standin.fail_next("threads", Response(429, {"error": {"message": "Too many calls", "code": 4}},
                                          headers={"Retry-After": "5"}))
    client.profile("riverbendhealth")
    assert waits == [5.0]


def test_it_rejects_malformed_json(client, standin):
    standin.fail_next("threads", Response(200, b'{"id": "73451'))
    with pytest.raises(PayloadError):
        client.profile("riverbendhealth")


def test_connecting_exchanges_the_hour_token_for_a_sixty_day_one(make):
    client = make(token="", client_id="th-app", client_secret="th-secret")
    url = client.authorize_url("th-app", "http://127.0.0.1/cb", "s1")
    assert url.startswith("https://threads.net/oauth/authorize?")
    assert parse_qs(urlsplit(url).query)["scope"] == ["threads_basic,threads_manage_insights,threads_profile_discovery,threads_content_publish"]
    granted = client.exchange_code("good", "http://127.0.0.1/cb")
    assert granted.token == "THQ_long" and "expires_at" in granted.extra
    assert client.refresh(granted).token == "THQ_long"
    with pytest.raises(AuthError, match="token request refused"):
        client.exchange_code("bad", "http://127.0.0.1/cb")


def test_it_says_not_found_for_an_empty_lookup(client, standin):
    standin.fail_next("threads", Response(200, {"id": "7345112000111", "username": "riverbendhealth"}))
    standin.fail_next("threads", Response(200, {}))
    with pytest.raises(NotFound, match="no public Threads profile named 'ghost.account'"):
        client.profile("ghost.account")


@pytest.mark.parametrize(("typed", "expected"), [("@RiverbendHealth", "riverbendhealth"),
                                                 ("threads.net/@lakeside.clinic", "lakeside.clinic"),
                                                 ("https://www.threads.com/@a_b", "a_b")])
def test_it_normalizes_handles(typed, expected):
    assert ThreadsClient.normalize_handle(typed) == expected


@pytest.mark.parametrize("typed", ["", "@", "two words", ".dotfirst", "x" * 31])
def test_it_rejects_nonsense_handles(typed):
    with pytest.raises(ValueError, match="Threads: .*expected @name"):
        ThreadsClient.normalize_handle(typed)


def _image(n: int = 0, mime: str = "image/jpeg") -> MediaFile:
    return MediaFile(data=b"jpeg", mime_type=mime, alt_text=f"Photo {n} of the new clinic", filename="c.jpg",
                     public_url=f"https://social.riverbend.example/publishing/public-media/tok{n}/")


def _calls(standin) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in standin.requests_to("threads") if r.method == "POST"]


def test_a_text_thread_is_a_container_then_one_publish(client, standin):
    sent = client.publish("riverbendhealth", "Walk-in flu shots all week at every clinic.")
    assert _calls(standin) == [("POST", "/7345112000111/threads"), ("POST", "/7345112000111/threads_publish")]
    create = [r for r in standin.requests_to("threads") if r.method == "POST"][0].form()
    assert create == {"media_type": "TEXT", "text": "Walk-in flu shots all week at every clinic."}
    [thread] = standin.posted[("threads", "threads")]
    assert (sent.external_id, sent.url) == (thread["id"], thread["permalink"])
    newest = client.posts("riverbendhealth").items[0]
    assert (newest.external_id, newest.text) == (sent.external_id, "Walk-in flu shots all week at every clinic.")


def test_an_image_container_is_waited_for_until_threads_has_fetched_it(client, standin, waits):
    standin.threads_processing = 2  # IN_PROGRESS twice, then FINISHED
    client.publish_media("riverbendhealth", "Our new clinic opens Monday.", [_image()])
    [thread] = standin.posted[("threads", "threads")]
    container = thread["container"]
    assert (container["media_type"], container["image_url"], container["alt_text"], container["text"]) == (
        "IMAGE", _image().public_url, "Photo 0 of the new clinic", "Our new clinic opens Monday.")
    assert len(waits) == 2


def test_several_images_go_as_one_carousel(client, standin):
    client.publish_media("riverbendhealth", "Room by room.", [_image(n) for n in range(3)])
    [thread] = standin.posted[("threads", "threads")]
    assert thread["media_type"] == "CAROUSEL_ALBUM" and thread["text"] == "Room by room."
    assert len(thread["container"]["children"].split(",")) == 3
    assert [c for m, c in _calls(standin)].count("/7345112000111/threads_publish") == 1


def test_an_image_threads_never_finishes_is_not_published(client, standin, waits):
    standin.threads_processing = 99
    with pytest.raises(TransientError, match="still being processed"):
        client.publish_media("riverbendhealth", "Text", [_image()])
    assert standin.posted[("threads", "threads")] == []


def test_what_threads_cannot_take_is_refused_before_any_call(client, standin):
    with pytest.raises(PermanentError, match="JPEG and PNG"):
        client.publish_media("riverbendhealth", "Text", [_image(mime="image/webp")])
    with pytest.raises(PermanentError, match="BEDSIDE_PUBLIC_MEDIA_URL"):
        client.publish_media("riverbendhealth", "Text", [MediaFile(b"x", "image/png", "alt", "a.png")])
    with pytest.raises(NotSupported, match="only as the connected account"):
        client.publish("lakeside.clinic", "Text")
    assert _calls(standin) == []
