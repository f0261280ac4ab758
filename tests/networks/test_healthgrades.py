from __future__ import annotations

import pytest

from bedside.networks.errors import NotFound, PayloadError, PermanentError
from bedside.networks.healthgrades import HealthgradesClient
from bedside.networks.http import USER_AGENT, HttpTransport
from bedside.networks.website import RobotsDisallowed
from tests.standin.server import Response, StandIn


@pytest.fixture
def standin(standin: StandIn) -> StandIn:
    return standin.load("healthgrades")


@pytest.fixture
def client(standin, waits) -> HealthgradesClient:
    return HealthgradesClient(
        base_url=standin.base_url("healthgrades"), transport=HttpTransport("healthgrades", sleep=waits.append)
    )


def page(standin: StandIn, path: str) -> str:
    return standin.base_url("healthgrades") + path


def test_it_reads_a_provider_listing_from_json_ld(client, standin):
    listing = client.listing(page(standin, "/physician/dr-amara-okafor-x7k2p"))
    assert listing.network == "healthgrades"
    assert listing.external_id == "dr-amara-okafor-x7k2p"
    assert listing.name == "Dr. Amara Okafor, MD"
    assert listing.specialty == "Cardiovascular"
    assert listing.address == "1200 River Road, Suite 300, Columbus, OH 43215"
    assert listing.phone == "(555) 201-4410"
    assert listing.rating == 4.7
    assert listing.review_count == 212
    assert listing.extra == {}


def test_it_falls_back_to_the_page_markup_without_json_ld(client, standin):
    listing = client.listing(page(standin, "/physician/dr-luis-ortega-b9q4m"))
    assert listing.name == "Dr. Luis Ortega, DO"
    assert listing.specialty == "Pediatrics"
    assert listing.rating == 4.2
    assert listing.review_count == 1045
    assert listing.address == "88 Elm Street, Dublin, OH 43017"
    assert listing.phone == "(555) 201-9000"


def test_it_fetches_politely(client, standin, waits):
    client.listing(page(standin, "/physician/dr-amara-okafor-x7k2p"))
    client.listing(page(standin, "/physician/dr-luis-ortega-b9q4m"))
    requests = standin.requests_to("healthgrades")
    assert [r.path for r in requests] == [
        "/robots.txt",  # read once for the whole batch
        "/physician/dr-amara-okafor-x7k2p",
        "/physician/dr-luis-ortega-b9q4m",
    ]
    assert all(r.headers["user-agent"] == USER_AGENT for r in requests)
    assert "Bedside" in USER_AGENT
    assert waits == [5.0, 5.0]


def test_it_honours_robots_txt_disallow(client, standin):
    with pytest.raises(RobotsDisallowed):
        client.listing(page(standin, "/physician/private-dr-hidden-z1"))
    assert [r.path for r in standin.requests_to("healthgrades")] == ["/robots.txt"]


def test_it_refuses_a_page_cut_off_before_the_provider_name(client, standin):
    url = page(standin, "/truncated/physician/dr-amara-okafor-x7k2p?at=300")
    with pytest.raises(PayloadError) as caught:
        client.listing(url)
    assert caught.value.network == "healthgrades"
    assert url in str(caught.value) and "truncated" in str(caught.value)


def test_it_flags_a_page_cut_off_after_the_listing_as_partial(client, standin):
    listing = client.listing(page(standin, "/truncated/physician/dr-luis-ortega-b9q4m?at=700"))
    assert listing.name == "Dr. Luis Ortega, DO"
    assert listing.extra == {"partial": True}


def test_it_reports_a_removed_provider_as_not_found(client, standin):
    with pytest.raises(NotFound):
        client.listing(page(standin, "/physician/dr-nobody-00000"))


def test_it_waits_for_retry_after_on_429(client, standin, waits):
    standin.fail_next("healthgrades", Response(404, "", content_type="text/plain"))  # no robots.txt
    standin.fail_next("healthgrades", Response(429, "", headers={"Retry-After": "30"}, content_type="text/plain"))
    assert client.listing(page(standin, "/physician/dr-amara-okafor-x7k2p")).rating == 4.7
    assert waits == [5.0, 30.0]


def test_it_retries_a_server_error_then_succeeds(client, standin, waits):
    standin.fail_next("healthgrades", Response(404, "", content_type="text/plain"))
    standin.fail_next("healthgrades", Response(500, "", content_type="text/plain"))
    assert client.listing(page(standin, "/physician/dr-amara-okafor-x7k2p")).review_count == 212
    assert waits == [5.0, 0.5]


def test_it_wants_a_page_url_as_handle(client):
    with pytest.raises(PermanentError, match="provider page URL"):
        client.listing("Dr. Amara Okafor")


def test_search_reads_the_result_cards_and_links_each_to_its_page(client, standin):
    found = client.search_listings("Amara Okafor", "Columbus, OH")
    assert [(f.name, f.external_id) for f in found] == [("Dr. Amara Okafor, MD", "dr-amara-okafor-x7k2p"),
                                                       ("Dr. Amaka Okafor, DDS", "dr-amaka-okafor-q3r8t")]
    assert found[0].url == page(standin, "/physician/dr-amara-okafor-x7k2p")  # no #reviews
    assert (found[0].rating, found[0].review_count) == (4.7, 212)
    # "not yet rated" is no rating, reported; the result is still offered
    assert found[1].rating is None and found[1].problems
    request = standin.requests_to("healthgrades")[-1]
    assert (request.path, request.query) == ("/usearch", {"what": "Amara Okafor", "where": "Columbus, OH"})


def test_search_honours_robots_txt(client, standin):
    standin.fail_next("healthgrades", Response(body="User-agent: Bedside\nDisallow: /usearch\n",
                                               content_type="text/plain"))
    with pytest.raises(RobotsDisallowed, match="disallows"):
        client.search_listings("Amara Okafor", "Columbus, OH")
