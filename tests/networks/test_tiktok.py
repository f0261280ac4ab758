from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from bedside.networks import AuthError, Credentials, NotSupported, PayloadError
from bedside.networks.http import HttpTransport
from bedside.networks.tiktok import TikTokClient
from tests.standin.server import Response


@pytest.fixture
def make(standin, waits):
    standin.load("tiktok")

    def build(token: str = "act.test-token", **creds: str) -> TikTokClient:
        transport = HttpTransport("tiktok", sleep=waits.append)
        return TikTokClient(Credentials(token=token, **creds), base_url=standin.base_url("tiktok"), transport=transport)

    return build


@pytest.fixture
def client(make) -> TikTokClient:
    return make()


def test_it_reads_the_connected_accounts_numbers(client, standin):
    stats = client.profile("https://www.tiktok.com/@RiverbendHealth")
    assert (stats.external_id, stats.name, stats.followers, stats.following, stats.posts) == (
        "-000Ab3fQ9xRiverbend", "Riverbend Health", 23900, 41, 3)
    assert stats.extra == {"likes_count": 412000}
    asked = standin.requests_to("tiktok")[-1].query["fields"].split(",")
    assert {"follower_count", "likes_count", "video_count"} <= set(asked)


def test_a_peers_numbers_are_not_passed_off_as_ours(client):
    with pytest.raises(NotSupported, match="only the connected account"):
        client.profile("@lakeside.clinic")


def test_it_pages_through_videos_with_their_counts(client, standin):
    first = client.posts("riverbendhealth")
    assert [(v.external_id, v.likes, v.comments, v.shares, v.views) for v in first.items] == [
        ("7440000000000000003", 5100, 88, 240, 61000), ("7440000000000000002", 900, 12, 31, 15000)]
    assert first.items[1].text == "Flu shot myths"  # the title when there is no description
    assert first.items[0].published_at.timestamp() == 1764300000
    second = client.posts("riverbendhealth", first.next_cursor)
    assert [v.external_id for v in second.items] == ["7440000000000000001"] and second.next_cursor is None
    assert standin.requests_to("tiktok")[-1].json() == {"max_count": 20, "cursor": int(first.next_cursor)}


def test_an_error_object_in_a_200_is_an_error(client, standin):
    client.profile("riverbendhealth")
    standin.fail_next("tiktok", Response(200, {"data": {}, "error": {"code": "scope_not_authorized",
                                                                      "message": "video.list was not granted"}}))
    with pytest.raises(PayloadError, match="scope_not_authorized"):
        client.posts("riverbendhealth")


def test_a_bad_count_costs_only_that_video(client, standin):
    client.profile("riverbendhealth")
    broken = {"data": {"videos": [{"id": "1", "create_time": 1764300000, "like_count": "lots"},
                                  {"id": "2", "create_time": 1764200000, "like_count": 3}],
                       "cursor": 0, "has_more": False}, "error": {"code": "ok", "message": ""}}
    standin.fail_next("tiktok", Response(200, broken))
    page = client.posts("riverbendhealth")
    assert [v.external_id for v in page.items] == ["2"]
    assert [(p.external_id, p.field) for p in page.problems] == [("1", "data.videos[0].like_count")]


def test_it_reports_an_expired_token(make):
    with pytest.raises(AuthError):
        make(token="act.expired").profile("riverbendhealth")


def test_it_waits_as_long_as_retry_after_says(client, standin, waits):
    standin.fail_next("tiktok", Response(429, {"data": {}, "error": {"code": "rate_limit_exceeded"}},
                                         headers={"Retry-After": "9"}))
    client.profile("riverbendhealth")
    assert waits == [9.0]


def test_it_rejects_malformed_json(client, standin):
    standin.fail_next("tiktok", Response(200, b'{"data": {"user": {"open_'))
    with pytest.raises(PayloadError):
        client.profile("riverbendhealth")


def test_connecting_uses_tiktoks_client_key_and_refreshes(make):
    client = make(token="", client_id="tt-key", client_secret="tt-secret")
    url = client.authorize_url("tt-key", "http://127.0.0.1/cb", "s1")
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("https://www.tiktok.com/v2/auth/authorize/?")
    assert query["client_key"] == ["tt-key"] and query["scope"] == ["user.info.basic,user.info.profile,"
                                                                    "user.info.stats,video.list"]
    granted = client.exchange_code("good", "http://127.0.0.1/cb")
    assert (granted.token, granted.extra["refresh_token"]) == ("act.new", "rft.new")
    assert client.refresh(granted).token == "act.new"
    with pytest.raises(AuthError, match="token request refused"):
        client.exchange_code("bad", "http://127.0.0.1/cb")


@pytest.mark.parametrize(("typed", "expected"), [("@RiverbendHealth", "riverbendhealth"),
                                                 ("tiktok.com/@lakeside.clinic", "lakeside.clinic")])
def test_it_normalizes_handles(typed, expected):
    assert TikTokClient.normalize_handle(typed) == expected


@pytest.mark.parametrize("typed", ["", "@", "a", "two words", "ends.", "x" * 25])
def test_it_rejects_nonsense_handles(typed):
    with pytest.raises(ValueError, match="TikTok: .*expected @name"):
        TikTokClient.normalize_handle(typed)
