from __future__ import annotations

import pytest

from bedside.networks import AuthError, Credentials, NotFound, NotSupported, PayloadError, TransientError
from bedside.networks.flickr import FlickrClient
from bedside.networks.http import HttpTransport
from tests.standin.server import Response, fixture

NSID = "12037949754@N01"


@pytest.fixture
def make(standin, waits):
    standin.load("flickr")

    def build(token: str = "test-api-key") -> FlickrClient:
        transport = HttpTransport("flickr", sleep=waits.append)
        return FlickrClient(Credentials(token=token), base_url=standin.base_url("flickr"), transport=transport)

    return build


@pytest.fixture
def client(make) -> FlickrClient:
    return make()


def test_it_reads_a_profile_by_its_url_name(client, standin):
    stats = client.profile("https://www.flickr.com/photos/mayoclinic/")
    assert (stats.external_id, stats.handle, stats.name) == (NSID, "mayoclinic", "Mayo Clinic News Network")
    assert (stats.posts, stats.extra["views"]) == (5321, 2450112)
    assert stats.followers is None  # Flickr does not report it
    assert stats.avatar_url == f"https://farm8.staticflickr.com/7372/buddyicons/{NSID}.jpg"
    lookup = standin.requests_to("flickr")[0]
    assert (lookup.query["method"], lookup.query["nojsoncallback"]) == ("flickr.urls.lookupUser", "1")


def test_it_reads_photos_with_faves_comments_and_views(client):
    first, second = client.posts(NSID).items
    assert (first.likes, first.comments, first.views, first.media_type) == (31, 4, 1210, "image")
    assert first.text == "Flu clinic\n\nWalk-in flu shots in Rochester."
    assert first.published_at.isoformat() == "2024-10-03T15:00:00+00:00"
    assert (second.likes, second.media_type) == (None, "video")


def test_it_follows_pagination_to_the_end(client, standin):
    ids, cursor = [], None
    for _ in range(5):
        page = client.posts("mayoclinic", cursor)
        ids += [post.external_id for post in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert ids == ["54012345671", "54012345672", "54012345673"]
    assert standin.requests_to("flickr")[-1].query["page"] == "2"


def test_it_waits_as_long_as_retry_after_says(client, standin, waits):
    standin.fail_next("flickr", Response(429, b"", headers={"Retry-After": "8"}))
    client.profile(NSID)
    assert waits == [8.0]


def test_it_retries_after_a_server_error(client, standin, waits):
    standin.fail_next("flickr", Response(500, b"<html>oops</html>", content_type="text/html"))
    assert client.profile(NSID).posts == 5321
    assert len(waits) == 1


def test_it_treats_service_unavailable_in_a_200_as_transient(client, standin):
    standin.fail_next("flickr", Response(200, {"stat": "fail", "code": 105, "message": "Service currently unavailable"}))
    with pytest.raises(TransientError):
        client.profile(NSID)


def test_it_rejects_malformed_json(client, standin):
    standin.fail_next("flickr", Response(200, b'{"photos": {"page": 1, "photo": ['))
    with pytest.raises(PayloadError) as caught:
        client.posts(NSID)
    assert caught.value.network == "flickr"


def test_it_names_the_record_and_field_of_a_bad_count(client, standin):
    broken = fixture("flickr/photos_page1.json")
    broken["photos"]["photo"][1]["views"] = "lots"
    standin.fail_next("flickr", Response(200, broken))
    page = client.posts(NSID)
    photos = broken["photos"]["photo"]
    assert [post.external_id for post in page.items] == [ph["id"] for i, ph in enumerate(photos) if i != 1]
    assert [(p.external_id, p.field) for p in page.problems] == [(photos[1]["id"], "photos.photo[1].views")]


def test_it_reports_a_bad_api_key(make):
    with pytest.raises(AuthError, match="Invalid API Key"):
        make(token="wrong").profile(NSID)


def test_it_reports_an_unknown_user(client):
    with pytest.raises(NotFound):
        client.profile("nosuchperson")


@pytest.mark.parametrize("operation", ["messages", "reviews"])
def test_it_does_not_offer_what_it_cannot_do(client, operation):
    with pytest.raises(NotSupported):
        getattr(client, operation)(NSID)
    with pytest.raises(NotSupported):
        client.publish(NSID, "needs OAuth 1.0a signing")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("mayoclinic", "mayoclinic"), ("@mayoclinic", "mayoclinic"), ("12037949754@n01", NSID),
     ("https://www.flickr.com/people/mayoclinic/", "mayoclinic"), ("flickr.com/photos/12037949754@N01", NSID)],
)
def test_it_normalizes_handles(typed, expected):
    assert FlickrClient.normalize_handle(typed) == expected


@pytest.mark.parametrize("typed", ["", "ab", "mayo clinic", "mayo/clinic", "https://www.flickr.com/groups/x/", "name@example.com"])
def test_it_rejects_nonsense_handles(typed):
    with pytest.raises(ValueError, match="Flickr: .*expected the name in"):
        FlickrClient.normalize_handle(typed)
