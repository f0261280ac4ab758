from __future__ import annotations

import pytest

from bedside.reputation.accuracy import Seen, Truth, address_key, check, phone_key

TRUTH = Truth(name="Amara N. Okafor, MD", name_parts=("Amara", "Okafor"), phone="(614) 555-0123",
              address="1200 River Road Suite 300, Columbus, OH 43215", specialties=("207RC0000X",),
              accepting_new_patients=True)


@pytest.mark.parametrize("theirs", ["614.555.0123", "+1 614-555-0123", "(614) 555 0123", "6145550123"])
def test_one_phone_written_many_ways_is_one_phone(theirs):
    assert phone_key(theirs) == phone_key("(614) 555-0123") == "+16145550123"


@pytest.mark.parametrize("theirs", [
    "1200 River Rd Ste 300, Columbus, OH 43215",
    "1200 RIVER ROAD, SUITE 300, COLUMBUS, OH 43215-1234",
    "1200 river road #300, columbus, oh 43215",
])
def test_one_address_in_usps_form_is_one_address(theirs):
    assert address_key(theirs) == address_key(TRUTH.address)


def test_a_different_street_number_is_another_address():
    assert address_key("1210 River Rd Ste 300, Columbus, OH 43215") != address_key(TRUTH.address)


def test_a_listing_that_agrees_everywhere_scores_100():
    score, fields = check(TRUTH, Seen(name="Dr. Amara Okafor, MD", phone="614.555.0123",
                                      address="1200 River Rd Ste 300, Columbus, OH 43215",
                                      specialty="Cardiology", accepting_new_patients=True))
    assert score == 100
    assert [f.field for f in fields] == ["name", "phone", "address", "specialty", "accepting_new_patients"]


def test_a_wrong_phone_is_a_fix_with_the_exact_correction():
    score, fields = check(TRUTH, Seen(name="Dr. Amara Okafor", phone="(614) 555-0199"))
    assert score < 100
    [phone] = [f for f in fields if f.field == "phone"]
    assert not phone.ok and phone.fix == "Change the phone to (614) 555-0123"


def test_an_old_address_gets_the_usps_form_as_its_fix():
    _, fields = check(TRUTH, Seen(name="Amara Okafor", address="88 Old Mill Rd, Columbus, OH 43215"))
    [address] = [f for f in fields if f.field == "address"]
    assert address.fix == "Change the address to 1200 RIVER RD STE 300, COLUMBUS, OH 43215"


def test_another_physician_s_name_does_not_match():
    _, fields = check(TRUTH, Seen(name="Dr. Amara Obi, MD"))
    assert fields[0].field == "name" and not fields[0].ok


def test_what_a_site_does_not_show_is_not_counted_against_it():
    score, fields = check(TRUTH, Seen(name="Dr. Amara Okafor"))
    assert score == 100 and [f.field for f in fields] == ["name"]


def test_a_wrong_specialty_and_closed_panel_are_findings():
    _, fields = check(TRUTH, Seen(name="Amara Okafor", specialty="Dermatology", accepting_new_patients=False))
    assert {f.field: f.ok for f in fields} == {"name": True, "specialty": False, "accepting_new_patients": False}


@pytest.mark.parametrize("theirs", [
    "1200 River Rd Ste 310, Columbus, OH 43215",
    "1200 River Rd Ste 300, Columbus, OH 43216",
    "1200 Rivers Rd Ste 300, Columbus, OH 43215",
    "1200 River Rd Ste 300, Dublin, OH 43215",
])
def test_the_fast_comparison_never_merges_two_places(theirs):
    from bedside.reputation.accuracy import same_address

    assert not same_address(TRUTH.address, theirs)
    assert same_address(TRUTH.address, "1200 RIVER RD., STE. 300, COLUMBUS OH 43215-0001")
