from __future__ import annotations

import pytest

from bedside.networks.errors import NotFound, PermanentError
from bedside.networks.http import HttpTransport
from bedside.networks.nppes import NppesClient, npi_problem
from tests.standin.server import StandIn


@pytest.fixture
def client(standin: StandIn, waits) -> NppesClient:
    standin.load("nppes")
    return NppesClient(standin.base_url("nppes"), transport=HttpTransport("nppes", sleep=waits.append))


@pytest.mark.parametrize("npi", ["1234567893", "1434640979", "1873669463"])
def test_it_accepts_npis_whose_check_digit_holds(npi):
    assert npi_problem(npi) == ""


@pytest.mark.parametrize("npi", ["1234567890", "1234567839", "2234567893"])
def test_it_names_a_mistyped_npi(npi):
    assert "check digit" in npi_problem(npi)


@pytest.mark.parametrize("npi", ["123456789", "12345678931", "12345678x3", ""])
def test_it_names_what_is_not_an_npi(npi):
    assert "10 digits" in npi_problem(npi)


def test_it_reads_a_person_s_record(client):
    record = client.lookup("1234567893")
    assert (record.first_name, record.last_name, record.credential) == ("AMARA", "OKAFOR", "M.D.")
    assert record.kind == "NPI-1" and record.active
    assert record.primary_taxonomy is not None and record.primary_taxonomy.code == "207RC0000X"
    assert [t.code for t in record.taxonomies] == ["207RC0000X", "207R00000X"]
    practice = record.practice_address
    assert practice is not None
    assert practice.one_line == "1200 RIVER ROAD, SUITE 300, COLUMBUS, OH 43215"
    assert practice.phone == "614-555-0123"


def test_it_spends_no_request_on_a_mistyped_npi(client, standin):
    with pytest.raises(PermanentError, match="check digit"):
        client.lookup("1234567890")
    assert standin.requests_to("nppes") == []


def test_it_says_when_the_registry_does_not_know_an_npi(client):
    with pytest.raises(NotFound, match="not in the NPPES registry"):
        client.lookup("1529923124")


def test_it_asks_for_version_2_1(client, standin):
    client.lookup("1234567893")
    assert standin.requests_to("nppes")[0].query == {"version": "2.1", "number": "1234567893"}
