"""Zocdoc provider pages and search results, read politely through the stand-in."""

from __future__ import annotations

import pytest

from bedside.networks.errors import PayloadError
from bedside.networks.http import HttpTransport
from bedside.networks.website import RobotsDisallowed
from bedside.networks.zocdoc import ZocdocClient
from tests.standin.server import Response, StandIn


@pytest.fixture
def standin(standin: StandIn) -> StandIn:
    return standin.load("zocdoc")


@pytest.fixture
def client(standin, waits) -> ZocdocClient:
    return ZocdocClient(
        base_url=standin.base_url("zocdoc"), transport=HttpTransport("zocdoc", sleep=waits.append)
    )


def page(standin: StandIn, path: str) -> str:
    return standin.base_url("zocdoc") + path


def test_it_reads_a_medical_business_physician_from_json_ld(client, standin):
    listing = client.listing(page(standin, "/doctor/amara-okafor-md-448812"))
    assert (listing.network, listing.external_id) == ("zocdoc", "amara-okafor-md-448812")
    assert listing.name == "Dr. Amara Okafor, MD"
    assert listing.specialty == "Cardiologist"
    assert listing.address == "1200 River Road, Suite 300, Columbus, OH 43215"
    assert listing.phone == ""  # Zocdoc shows none: nothing to check, nothing invented
    assert (listing.rating, listing.review_count) == (4.91, 164)  # ratingCount when there is no reviewCount
    assert listing.extra == {"accepting_new_patients": False}


def test_without_json_ld_it_reads_the_markup_and_reports_a_garbled_rating(client, standin):
    listing = client.listing(page(standin, "/doctor/luis-ortega-do-551207"))
    assert listing.name == "Dr. Luis Ortega, DO"
    assert listing.phone == "(555) 201-9000"
    assert listing.review_count == 86
    # the rating is unknown and said so; the rest of the listing is still checked
    assert listing.rating is None
    [problem] = listing.problems
    assert "rating" in problem.field and "five stars" in problem.reason


def test_robots_txt_refuses_before_the_page_is_asked_for(client, standin):
    with pytest.raises(RobotsDisallowed):
        client.listing(page(standin, "/doctor/private-hidden-000001"))
    assert [r.path for r in standin.requests_to("zocdoc")] == ["/robots.txt"]


def test_a_page_cut_off_before_the_name_is_refused(client, standin):
    with pytest.raises(PayloadError, match="truncated"):
        client.listing(page(standin, "/truncated/doctor/amara-okafor-md-448812?at=250"))


def test_search_reads_result_cards_skipping_ads_and_cards_without_a_link(client, standin):
    found = client.search_listings("Amara Okafor", "Columbus, OH")
    assert [(f.name, f.url) for f in found] == [
        ("Dr. Amara Okafor, MD", page(standin, "/doctor/amara-okafor-md-448812")),
        ("Ngozi Okafor, NP", page(standin, "/doctor/ngozi-okafor-np-771203")),
    ]
    assert found[0].address == "1200 River Road, Suite 300, Columbus, OH 43215"
    assert (found[0].rating, found[0].review_count) == (4.91, 164)
    assert standin.requests_to("zocdoc")[-1].query == {
        "searchText": "Amara Okafor",
        "address": "Columbus, OH",
    }


def test_a_search_page_whose_cards_lost_their_links_says_the_markup_changed(client, standin):
    standin.fail_next("zocdoc", Response(404, "", content_type="text/plain"))  # no robots.txt
    standin.fail_next(
        "zocdoc",
        Response(
            body='<html><body><div data-test="search-result"><p>Dr. A</p></div></body></html>',
            content_type="text/html",
        ),
    )
    with pytest.raises(PayloadError, match="no link to a provider page"):
        client.search_listings("Amara Okafor", "Columbus, OH")
