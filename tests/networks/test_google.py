from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bedside.networks.base import Credentials
from bedside.networks.errors import AuthError, NotSupported, PayloadError, PermanentError
from bedside.networks.google import GoogleClient
from bedside.networks.http import HttpTransport
from bedside.networks.records import MessageKind
from tests.standin.google import LOCATION, TOKEN
from tests.standin.server import Response, StandIn, fixture


@pytest.fixture
def standin(standin: StandIn) -> StandIn:
    return standin.load("google")


def make(standin: StandIn, waits: list[float], token: str = TOKEN) -> GoogleClient:
    return GoogleClient(
        Credentials(token=token),
        base_url=standin.base_url("google"),
        transport=HttpTransport("google", sleep=waits.append),
    )


@pytest.fixture
def client(standin, waits) -> GoogleClient:
    return make(standin, waits)


def test_it_reads_reviews_with_rating_and_owner_reply(client):
    page = client.reviews(LOCATION)
    first, second = page.items
    assert first.kind is MessageKind.REVIEW
    assert first.external_id == "AbFvOqk1"
    assert first.rating == 5.0
    assert first.author_name == "Dana Whitfield"
    assert first.published_at == datetime(2024, 3, 4, 18, 22, 5, 123000, tzinfo=UTC)
    assert first.owner_reply.startswith("Thank you for sharing")
    assert second.author_name == ""  # anonymous reviewers stay anonymous
    assert second.rating == 2.0
    assert second.owner_reply == ""


def test_it_pages_reviews_with_next_page_token(standin, client):
    first = client.reviews(LOCATION)
    assert first.next_cursor == "CiAKGjBBT2c"
    second = client.reviews(LOCATION, cursor=first.next_cursor)
    assert [r.external_id for r in second.items] == ["AbFvOqk3"]
    assert second.items[0].text == ""  # rating-only review
    assert second.next_cursor is None
    sent = standin.requests_to("google")
    assert sent[0].query == {"pageSize": "50"}
    assert sent[1].query == {"pageSize": "50", "pageToken": "CiAKGjBBT2c"}


def test_it_reads_the_location_listing_with_rating(client):
    listing = client.listing(LOCATION)
    assert listing.name == "Riverside Regional Medical Center"
    assert listing.address == "1200 River Road, Building A, Columbus, OH 43215"
    assert listing.phone == "(555) 201-4400"
    assert listing.specialty == "Hospital"
    assert listing.rating == 4.1
    assert listing.review_count == 3
    assert listing.url.startswith("https://maps.google.com/")
    assert listing.extra["website"] == "https://www.riverside-health.example/"


def test_it_replies_to_a_review(standin, client):
    sent = client.reply(LOCATION, "AbFvOqk2", "We are sorry about the wait; please call us.")
    assert sent.external_id == "AbFvOqk2"
    request = standin.requests_to("google")[-1]
    assert request.method == "PUT"
    assert request.path == f"/v4/{LOCATION}/reviews/AbFvOqk2/reply"
    assert request.json() == {"comment": "We are sorry about the wait; please call us."}


def test_it_publishes_a_standard_local_post_and_reads_it_back(standin, client):
    sent = client.publish(LOCATION, "Our walk-in clinic is open until 8 pm this week.")
    request = standin.requests_to("google")[-1]
    assert (request.method, request.path) == ("POST", f"/v4/{LOCATION}/localPosts")
    assert request.json() == {"languageCode": "en", "summary": "Our walk-in clinic is open until 8 pm this week.",
                              "topicType": "STANDARD"}
    [post] = client.posts(LOCATION).items
    assert post.external_id == sent.external_id and post.text.startswith("Our walk-in clinic")


def test_it_cannot_hide(client):
    with pytest.raises(NotSupported):
        client.hide(LOCATION, "AbFvOqk2")


def test_it_turns_an_expired_token_into_an_auth_error(standin, waits):
    with pytest.raises(AuthError) as caught:
        make(standin, waits, token="ya29.expired").reviews(LOCATION)
    assert caught.value.status == 401
    assert waits == []  # no retrying a dead token


def test_it_asks_for_a_connection_before_calling_without_a_token(standin, waits):
    with pytest.raises(AuthError, match="connect"):
        make(standin, waits, token="").reviews(LOCATION)
    assert standin.requests_to("google") == []


def test_it_stops_when_the_project_has_no_approved_access(client):
    with pytest.raises(PermanentError, match="access approved by Google") as caught:
        client.reviews("accounts/555/locations/1")
    assert caught.value.status == 403


def test_it_rejects_a_handle_that_is_not_a_location_name(client):
    with pytest.raises(PermanentError, match="accounts/<id>/locations/<id>"):
        client.reviews("Riverside Regional")


def test_it_waits_for_retry_after_on_429(standin, client, waits):
    standin.fail_next("google", Response(429, {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED"}}, headers={"Retry-After": "12"}))
    assert len(client.reviews(LOCATION).items) == 2
    assert waits == [12.0]


def test_it_retries_a_server_error_then_succeeds(standin, client, waits):
    standin.fail_next("google", Response(500, {"error": {"code": 500, "status": "INTERNAL"}}))
    assert len(client.reviews(LOCATION).items) == 2
    assert waits == [0.5]


def test_it_reports_malformed_json_as_a_payload_error(standin, client):
    standin.fail_next("google", Response(200, b'{"reviews": [{"reviewId": '))
    with pytest.raises(PayloadError, match="malformed JSON"):
        client.reviews(LOCATION)


def test_an_unknown_star_rating_costs_only_its_review(standin, client):
    broken = fixture("google/reviews-page1.json")
    broken["reviews"][0]["starRating"] = "SIX"
    standin.fail_next("google", Response(200, broken))
    page = client.reviews(LOCATION)
    assert [review.external_id for review in page.items] == [broken["reviews"][1]["reviewId"]]
    assert [(p.external_id, p.field) for p in page.problems] == [(broken["reviews"][0]["reviewId"], "reviews[0].starRating")]
    assert page.next_cursor == broken["nextPageToken"]


def test_it_reads_listings_from_the_business_information_host_in_production():
    from bedside.networks.google import INFORMATION_HOST

    assert GoogleClient(Credentials(token="t"))._information_base() == INFORMATION_HOST


def test_it_reads_the_listing_without_a_rating_when_reviews_are_not_approved(client):
    listing = client.listing("accounts/555/locations/9876543210")
    assert listing.name == "Riverside Regional Medical Center"
    assert listing.rating is None and listing.review_count is None


def test_it_is_built_from_the_registry_with_settings_from_the_environment(standin):
    from bedside.networks.registry import make_client

    env = {"BEDSIDE_API_BASE_GOOGLE": standin.base_url("google"), "BEDSIDE_GOOGLE_TOKEN": TOKEN}
    client = make_client("google", environ=env)
    assert isinstance(client, GoogleClient)
    assert client.reviews(LOCATION).items


def test_it_lists_an_accounts_locations_page_by_page(standin, client):
    first = client.locations("accounts/1234567890")
    assert [loc.external_id for loc in first.items] == ["accounts/1234567890/locations/9876543210"]
    assert first.next_cursor == "loc-page-2"
    second = client.locations("accounts/1234567890", cursor=first.next_cursor)
    assert [loc.name for loc in second.items] == ["Riverside Urgent Care - Dublin"]
    assert second.items[0].address == "88 Elm Street, Dublin, OH 43017"
    assert second.next_cursor is None
    assert standin.requests_to("google")[1].query["pageToken"] == "loc-page-2"


def test_it_connects_and_refreshes_an_account(standin, waits):
    client = GoogleClient(
        Credentials(client_id="cid", client_secret="secret"),
        base_url=standin.base_url("google"),
        transport=HttpTransport("google", sleep=waits.append),
    )
    url = client.authorize_url("cid", "https://bedside.local/callback", "state-1")
    assert "access_type=offline" in url and "business.manage" in url
    connected = client.exchange_code("code-1", "https://bedside.local/callback")
    assert connected.token == TOKEN
    assert connected.extra["refresh_token"] == "1//0g-refresh"
    refreshed = client.refresh(connected)
    assert refreshed.token == TOKEN
    assert refreshed.extra["refresh_token"] == "1//0g-refresh"  # kept: Google does not rotate it


def test_it_asks_for_reconnecting_when_the_refresh_token_is_revoked(standin, waits):
    client = make(standin, waits)
    revoked = Credentials(client_id="cid", client_secret="secret", extra={"refresh_token": "revoked"})
    with pytest.raises(AuthError, match="invalid_grant"):
        client.refresh(revoked)


# -- Places API (New): finding listings no Business Profile account manages ----


def places_client(standin: StandIn, waits: list[float], key: str = "AIza-good-places-key") -> GoogleClient:
    return GoogleClient(Credentials(extra={"api_key": key} if key else {}), base_url=standin.base_url("google"),
                        transport=HttpTransport("google", sleep=waits.append))


def test_text_search_finds_places_for_a_name_and_city(standin, waits):
    found = places_client(standin, waits).search_listings("Amara Okafor", "Columbus, OH", categories="doctor")
    assert [f.external_id for f in found] == ["places/ChIJx7Okafor0000RiverbendHeart", "places/ChIJx7OkaforDentalEast0001"]
    first = found[0]
    assert (first.name, first.phone, first.rating, first.review_count) == ("Amara Okafor, MD", "(555) 201-4410", 4.8, 96)
    assert first.address == "1200 River Rd Suite 300, Columbus, OH 43215, USA"
    assert first.specialty == "Cardiologist" and first.url.startswith("https://maps.google.com/")
    # a garbled rating costs the rating only, said so
    assert found[1].rating is None and found[1].problems
    assert found[1].extra["business_status"] == "CLOSED_PERMANENTLY"
    [request] = standin.requests_to("google")
    assert (request.method, request.path) == ("POST", "/v1/places:searchText")
    assert request.json() == {"textQuery": "Amara Okafor, Columbus, OH", "pageSize": 10, "includedType": "doctor"}
    assert request.headers["x-goog-api-key"] == "AIza-good-places-key"
    assert "places.nationalPhoneNumber" in request.headers["x-goog-fieldmask"].split(",")


def test_text_search_for_a_name_google_does_not_know_is_empty(standin, waits):
    assert places_client(standin, waits).search_listings("Wen Halvorsen", "Columbus, OH") == []


def test_a_place_is_read_again_by_its_resource_name(standin, waits):
    listing = places_client(standin, waits).listing("places/ChIJx7Okafor0000RiverbendHeart")
    assert (listing.external_id, listing.name, listing.rating) == (
        "places/ChIJx7Okafor0000RiverbendHeart", "Amara Okafor, MD", 4.8)
    assert standin.requests_to("google")[-1].path == "/v1/places/ChIJx7Okafor0000RiverbendHeart"


def test_places_without_a_key_say_which_setting_to_set(standin, waits):
    with pytest.raises(AuthError, match="BEDSIDE_GOOGLE_API_KEY"):
        places_client(standin, waits, key="").search_listings("Amara Okafor", "Columbus, OH")
    assert standin.requests_to("google") == []


def test_a_refused_key_is_googles_message(standin, waits):
    with pytest.raises(PermanentError, match="API key not valid"):
        places_client(standin, waits, key="AIza-wrong").search_listings("Amara Okafor", "Columbus, OH")


def test_the_key_comes_from_the_environment(standin):
    from bedside.networks.registry import make_client

    env = {"BEDSIDE_API_BASE_GOOGLE": standin.base_url("google"), "BEDSIDE_GOOGLE_API_KEY": "AIza-good-places-key"}
    assert make_client("google", environ=env).search_listings("Amara Okafor", "Columbus, OH")  # type: ignore[attr-defined]


def test_places_are_read_from_the_places_host_in_production():
    from bedside.networks.google import PLACES_HOST

    assert GoogleClient(Credentials(token="t"))._places_base() == PLACES_HOST
