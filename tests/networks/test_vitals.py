from __future__ import annotations

import pytest

from bedside.networks.errors import PayloadError
from bedside.networks.http import HttpTransport
from bedside.networks.vitals import VitalsClient
from bedside.networks.website import RobotsDisallowed
from tests.standin.server import StandIn


@pytest.fixture
def standin(standin: StandIn) -> StandIn:
    return standin.load("vitals")


@pytest.fixture
def client(standin, waits) -> VitalsClient:
    return VitalsClient(base_url=standin.base_url("vitals"), transport=HttpTransport("vitals", sleep=waits.append))


def test_it_reads_a_listing_from_a_json_ld_graph_and_microdata(client, standin):
    listing = client.listing(standin.base_url("vitals") + "/doctors/Dr_Priya_Raman.html")
    assert listing.network == "vitals"
    assert listing.name == "Priya Raman, MD"
    assert listing.specialty == "Dermatology"
    assert listing.address == "45 Oak Avenue, Columbus, OH 43210"
    assert listing.phone == "555-201-7700"
    # the rating is only in the page's microdata
    assert listing.rating == 3.9
    assert listing.review_count == 58


def test_it_honours_robots_txt_disallow(client, standin):
    with pytest.raises(RobotsDisallowed):
        client.listing(standin.base_url("vitals") + "/api/v1/provider/123")
    assert [r.path for r in standin.requests_to("vitals")] == ["/robots.txt"]


def test_it_refuses_a_truncated_page(client, standin):
    with pytest.raises(PayloadError, match="truncated"):
        client.listing(standin.base_url("vitals") + "/truncated/doctors/Dr_Priya_Raman.html?at=400")


def test_search_reads_the_json_ld_item_list(client, standin):
    [found] = client.search_listings("Amara Okafor", "Columbus, OH")
    assert found.name == "Amara Okafor, MD"
    assert found.url == standin.base_url("vitals") + "/doctors/Dr_Amara_Okafor.html"
    assert found.phone == "(555) 201-0000"
    assert standin.requests_to("vitals")[-1].query == {"q": "Amara Okafor", "loc": "Columbus, OH"}
