"""WebMD Care provider pages and search results, read politely through the stand-in."""

from __future__ import annotations

import pytest

from bedside.networks.errors import NotFound, PayloadError, PermanentError
from bedside.networks.http import USER_AGENT, HttpTransport
from bedside.networks.webmd import WebMDClient
from bedside.networks.website import RobotsDisallowed
from tests.standin.server import Response, StandIn


@pytest.fixture
def standin(standin: StandIn) -> StandIn:
    return standin.load("webmd")


@pytest.fixture
def client(standin, waits) -> WebMDClient:
    return WebMDClient(
        base_url=standin.base_url("webmd"), transport=HttpTransport("webmd", sleep=waits.append)
    )


def page(standin: StandIn, path: str) -> str:
    return standin.base_url("webmd") + path


def test_it_reads_a_listing_from_a_json_ld_graph_with_the_office_under_location(client, standin):
    listing = client.listing(page(standin, "/doctor/amara-okafor-7f3c2a91-overview"))
    assert listing.network == "webmd"
    assert listing.external_id == "amara-okafor-7f3c2a91-overview"
    assert listing.name == "Dr. Amara Okafor, MD"
    assert listing.specialty == "Cardiology"
    assert listing.address == "1200 River Rd Ste 300, Columbus, OH 43215"
    assert listing.phone == "(555) 201-4410"
    assert (listing.rating, listing.review_count) == (4.5, 37)
    # schema.org isAcceptingNewPatients is the roster's field, kept for the accuracy check
    assert listing.extra == {"accepting_new_patients": True}


def test_it_falls_back_to_the_page_markup_without_json_ld(client, standin):
    listing = client.listing(page(standin, "/doctor/luis-ortega-b81d0e44-overview"))
    assert listing.name == "Dr. Luis Ortega, DO"
    assert listing.specialty == "Pediatrics"
    assert (listing.rating, listing.review_count) == (4.0, 1120)
    assert listing.address == "88 Elm Street, Dublin, OH 43017"
    assert listing.phone == "(555) 201-9000"
    assert "accepting_new_patients" not in listing.extra  # the markup does not say: unknown, not "no"


def test_a_page_with_broken_json_ld_and_no_provider_says_so(client, standin):
    url = page(standin, "/doctor/broken-page-11111111-overview")
    with pytest.raises(PayloadError) as caught:
        client.listing(url)
    assert url in str(caught.value) and "no provider name in JSON-LD or the page" in str(caught.value)


def test_it_honours_robots_txt_and_says_which_rule_refused(client, standin):
    url = page(standin, "/doctor/private-hidden-00000000-overview")
    with pytest.raises(RobotsDisallowed) as caught:
        client.listing(url)
    assert "robots.txt" in str(caught.value) and url in str(caught.value)
    assert [r.path for r in standin.requests_to("webmd")] == ["/robots.txt"]


def test_it_fetches_politely_across_pages_and_searches(client, standin, waits):
    client.listing(page(standin, "/doctor/amara-okafor-7f3c2a91-overview"))
    client.search_listings("Amara Okafor", "Columbus, OH")
    requests = standin.requests_to("webmd")
    assert [r.path for r in requests] == ["/robots.txt", "/doctor/amara-okafor-7f3c2a91-overview", "/results"]
    assert requests[-1].query == {"q": "Amara Okafor", "cd": "Columbus, OH"}
    assert all(r.headers["user-agent"] == USER_AGENT for r in requests)
    assert waits == [5.0, 5.0]


def test_search_reads_results_from_json_ld_first(client, standin):
    found = client.search_listings("Amara Okafor", "Columbus, OH")
    # the practice is a result too (a MedicalClinic), the physician's own clinic inside a result is not
    assert [(f.name, f.external_id) for f in found] == [
        ("Dr. Amara Okafor, MD", "amara-okafor-7f3c2a91-overview"),
        ("Dr. Chidi Okafor, MD", "chidi-okafor-5e0a9b12-overview"),
        ("Okafor Family Dental", "okafor-family-dental-2c77"),
    ]
    first = found[0]
    # the tracking query is dropped: the result is the provider page's own address
    assert first.url == page(standin, "/doctor/amara-okafor-7f3c2a91-overview")
    assert (first.phone, first.rating, first.review_count) == ("(555) 201-4410", 4.5, 37)
    assert first.address == "1200 River Rd Ste 300, Columbus, OH 43215"
    # the same listing the page gives: confirming a result and reading its page agree
    assert client.listing(first.url).external_id == first.external_id


def test_search_for_someone_not_on_the_site_is_empty(client, standin):
    assert client.search_listings("Wen Halvorsen", "Columbus, OH") == []


def test_search_cut_off_before_any_result_is_an_error_not_an_empty_list(client, standin):
    standin.fail_next("webmd", Response(404, "", content_type="text/plain"))  # no robots.txt
    standin.fail_next(
        "webmd", Response(body="<!DOCTYPE html><html><head><title>Okafor", content_type="text/html")
    )
    with pytest.raises(PayloadError, match="truncated before any result"):
        client.search_listings("Amara Okafor", "Columbus, OH")


def test_search_honours_robots_txt(client, standin):
    standin.fail_next(
        "webmd", Response(body="User-agent: *\nDisallow: /results\n", content_type="text/plain")
    )
    with pytest.raises(RobotsDisallowed, match="robots.txt"):
        client.search_listings("Amara Okafor", "Columbus, OH")
    assert [r.path for r in standin.requests_to("webmd")] == ["/robots.txt"]


def test_a_removed_provider_is_not_found(client, standin):
    with pytest.raises(NotFound):
        client.listing(page(standin, "/doctor/nobody-00000000-overview"))


def test_it_wants_a_page_url_as_handle(client):
    with pytest.raises(PermanentError, match="provider page URL"):
        client.listing("Dr. Amara Okafor")
