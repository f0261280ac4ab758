from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bedside.networks.base import Credentials
from bedside.networks.errors import AuthError, NotFound, NotSupported, PayloadError
from bedside.networks.http import HttpTransport
from bedside.networks.records import MessageKind
from bedside.networks.yelp import YelpClient
from tests.standin.server import Response, StandIn, fixture
from tests.standin.yelp import ALIAS, API_KEY


@pytest.fixture
def standin(standin: StandIn) -> StandIn:
    return standin.load("yelp")


def make(standin: StandIn, waits: list[float], key: str = API_KEY) -> YelpClient:
    return YelpClient(
        Credentials(token=key), base_url=standin.base_url("yelp"), transport=HttpTransport("yelp", sleep=waits.append)
    )


@pytest.fixture
def client(standin, waits) -> YelpClient:
    return make(standin, waits)


def test_it_reads_business_details(client):
    listing = client.listing(ALIAS)
    assert listing.external_id == "WavvLdfdP6g8aZTtbBQHTw"
    assert listing.name == "Riverside Regional Medical Center"
    assert listing.address == "1200 River Road, Building A, Columbus, OH 43215"
    assert listing.phone == "(555) 201-4400"
    assert listing.rating == 3.5
    assert listing.review_count == 187
    assert listing.specialty == "Hospitals, Emergency Medicine"
    assert listing.url == "https://www.yelp.com/biz/riverside-regional-medical-center-columbus"


def test_it_reads_at_most_three_review_excerpts_in_pacific_time(client):
    page = client.reviews(ALIAS)
    assert len(page.items) == 2
    assert page.next_cursor is None
    first = page.items[0]
    assert first.kind is MessageKind.REVIEW
    assert first.rating == 3.0
    assert first.author_name == "Ellie K."
    # 19:45 PST on 1 March is 03:45 UTC on 2 March
    assert first.published_at == datetime(2024, 3, 2, 3, 45, 12, tzinfo=UTC)
    assert first.extra == {"excerpt": True}
    assert "hrid=" in first.url


def test_it_cannot_reply_through_the_api(client):
    assert "reply" not in YelpClient.capabilities
    with pytest.raises(NotSupported):
        client.reply(ALIAS, "xAG4O7l-t1ubbwVAlPnDKg", "Thank you")


def test_it_turns_an_invalid_key_into_an_auth_error(standin, waits):
    with pytest.raises(AuthError, match="TOKEN_INVALID"):
        make(standin, waits, key="revoked").listing(ALIAS)


def test_it_says_a_missing_key_before_calling(standin, waits):
    with pytest.raises(AuthError, match="BEDSIDE_YELP_TOKEN"):
        make(standin, waits, key="").listing(ALIAS)
    assert standin.requests_to("yelp") == []


def test_it_reports_an_unknown_business_as_not_found(client):
    with pytest.raises(NotFound):
        client.listing("no-such-clinic")


def test_it_waits_for_retry_after_on_429(standin, client, waits):
    standin.fail_next("yelp", Response(429, {"error": {"code": "TOO_MANY_REQUESTS_PER_SECOND"}}, headers={"Retry-After": "2"}))
    assert client.listing(ALIAS).review_count == 187
    assert waits == [2.0]


def test_it_retries_a_server_error_then_succeeds(standin, client, waits):
    standin.fail_next("yelp", Response(502, {"error": {"code": "INTERNAL_ERROR"}}))
    assert client.reviews(ALIAS).items
    assert waits == [0.5]


def test_it_reports_malformed_json(standin, client):
    standin.fail_next("yelp", Response(200, b"<html>maintenance</html>"))
    with pytest.raises(PayloadError, match="malformed JSON"):
        client.listing(ALIAS)


def test_it_names_a_bad_review_time(standin, client):
    broken = fixture("yelp/reviews.json")
    broken["reviews"][0]["time_created"] = "yesterday"
    standin.fail_next("yelp", Response(200, broken))
    page = client.reviews(ALIAS)
    assert [review.external_id for review in page.items] == [r["id"] for r in broken["reviews"][1:]]
    assert [(p.external_id, p.field) for p in page.problems] == [(broken["reviews"][0]["id"], "reviews[0].time_created")]


def test_it_searches_businesses_by_term_and_location(client, standin):
    found = client.search_listings("Amara Okafor", "Columbus, OH", categories="physicians", limit=5)
    assert [b.name for b in found] == ["Amara Okafor, MD", "Okafor Family Dental", "Riverside Regional Medical Center"]
    assert found[0].address == "1200 River Rd, Ste 300, Columbus, OH 43215" and found[0].phone == "(555) 201-4410"
    assert standin.requests_to("yelp")[-1].query == {"term": "Amara Okafor", "location": "Columbus, OH",
                                                     "limit": "5", "categories": "physicians"}
