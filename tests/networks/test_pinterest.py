from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from bedside.networks import AuthError, Credentials, NotSupported, PayloadError
from bedside.networks.http import HttpTransport
from bedside.networks.pinterest import PinterestClient
from tests.standin.server import Response, fixture


@pytest.fixture
def make(standin, waits):
    standin.load("pinterest")

    def build(token: str = "pina_test-token", **creds: str) -> PinterestClient:
        transport = HttpTransport("pinterest", sleep=waits.append)
        return PinterestClient(Credentials(token=token, **creds), base_url=standin.base_url("pinterest"), transport=transport)

    return build


@pytest.fixture
def client(make) -> PinterestClient:
    return make()


def test_it_reads_the_connected_account(client):
    stats = client.profile("@MayoClinic")
    assert (stats.external_id, stats.handle, stats.name) == ("549755885175", "mayoclinic", "Mayo Clinic")
    assert (stats.followers, stats.following, stats.posts) == (412000, 97, 2210)
    assert stats.extra == {"monthly_views": 3100000, "board_count": 48}


def test_it_will_not_pass_off_our_numbers_as_a_peers(client):
    with pytest.raises(NotSupported, match="only the connected account"):
        client.profile("clevelandclinic")


def test_it_reads_pins_with_lifetime_metrics(client, standin):
    first, second = client.posts("mayoclinic").items
    assert (first.likes, first.comments, first.views, first.extra["clickthrough"]) == (31, 4, 12000, 95)
    assert (second.likes, second.views, second.media_type) == (None, None, "video")
    assert standin.requests_to("pinterest")[-1].query["pin_metrics"] == "true"


def test_it_follows_pagination_to_the_end(client, standin):
    ids, cursor = [], None
    for _ in range(5):
        page = client.posts("mayoclinic", cursor)
        ids += [post.external_id for post in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert ids == ["813744226420795884", "813744226420795885", "813744226420795886"]
    assert standin.requests_to("pinterest")[-1].query["bookmark"].startswith("Y2JVSG81")


def test_it_waits_as_long_as_retry_after_says(client, standin, waits):
    standin.fail_next("pinterest", Response(429, {"code": 8, "message": "Rate limit exceeded."}, headers={"Retry-After": "11"}))
    client.profile("mayoclinic")
    assert waits == [11.0]


def test_it_retries_after_a_server_error(client, standin, waits):
    standin.fail_next("pinterest", Response(500, {"code": 10, "message": "Internal error"}))
    assert client.profile("mayoclinic").followers == 412000
    assert len(waits) == 1


def test_it_rejects_malformed_json(client, standin):
    client.profile("mayoclinic")
    standin.fail_next("pinterest", Response(200, b'{"items": [{"id": "8137'))
    with pytest.raises(PayloadError) as caught:
        client.posts("mayoclinic")
    assert caught.value.network == "pinterest"


def test_it_will_not_read_our_pins_into_a_peers_channel(client):
    with pytest.raises(NotSupported):
        client.posts("clevelandclinic")


def test_it_names_the_record_and_field_of_a_bad_count(client, standin):
    client.profile("mayoclinic")
    broken = fixture("pinterest/pins_page1.json")
    broken["items"][0]["pin_metrics"]["lifetime_metrics"]["impression"] = "12k"
    standin.fail_next("pinterest", Response(200, broken))
    page = client.posts("mayoclinic")
    assert [post.external_id for post in page.items] == [pin["id"] for pin in broken["items"][1:]]
    assert [(p.external_id, p.field) for p in page.problems] == [
        (broken["items"][0]["id"], "items[0].pin_metrics.lifetime_metrics.impression")]


def test_it_reports_an_expired_token(make):
    with pytest.raises(AuthError):
        make(token="pina_expired").profile("mayoclinic")


@pytest.mark.parametrize("operation", ["messages", "reviews"])
def test_it_does_not_offer_what_pinterest_lacks(client, operation):
    with pytest.raises(NotSupported):
        getattr(client, operation)("mayoclinic")
    with pytest.raises(NotSupported):
        client.publish("mayoclinic", "Pins need an image")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("@MayoClinic", "mayoclinic"), ("mayoclinic", "mayoclinic"), ("https://www.pinterest.com/clevelandclinic/", "clevelandclinic"),
     ("pinterest.co.uk/nhs_uk", "nhs_uk")],
)
def test_it_normalizes_handles(typed, expected):
    assert PinterestClient.normalize_handle(typed) == expected


@pytest.mark.parametrize("typed", ["", "@", "ab", "mayo clinic", "mayo.clinic", "https://www.pinterest.com/pin/123/extra"])
def test_it_rejects_nonsense_handles(typed):
    with pytest.raises(ValueError, match="Pinterest: .*expected @name"):
        PinterestClient.normalize_handle(typed)


def test_it_connects_and_refreshes_an_account(make, standin):
    client = make(token="", client_id="1234", client_secret="shh")
    url = client.authorize_url("1234", "https://bedside.local/cb", "st4te")
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith("https://www.pinterest.com/oauth/?")
    assert query["scope"] == "user_accounts:read,pins:read,boards:read,pins:write"
    creds = client.exchange_code("good", "https://bedside.local/cb")
    assert (creds.token, creds.extra["refresh_token"]) == ("pina_new", "pinr_new")
    request = standin.requests_to("pinterest")[-1]
    assert request.form() == {"grant_type": "authorization_code", "code": "good", "redirect_uri": "https://bedside.local/cb"}
    assert request.headers["authorization"].startswith("Basic ")
    assert client.refresh(creds).token == "pina_new"
    with pytest.raises(AuthError):
        client.refresh(Credentials(client_id="1234", client_secret="shh", extra={"refresh_token": "revoked"}))
