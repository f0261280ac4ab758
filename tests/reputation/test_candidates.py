"""Finding a provider's listing on every site: search, score, a person decides."""

from __future__ import annotations

import pytest

from bedside.reputation import candidates, listings
from bedside.reputation.models import Listing
from bedside.workspace.models import AuditEntry


def test_the_search_keeps_the_likely_listings_best_first(okafor, sites):
    found = candidates.find(okafor)
    assert [(c.name, c.status) for c in found] == [("Amara Okafor, MD", "candidate")]
    assert found[0].extra["match_score"] == 100
    # a candidate is no listing yet: she is still missing on Yelp
    assert "missing on Yelp" in [m.label for m in listings.missing()]


def test_confirming_checks_it_and_rejecting_keeps_it_out(okafor, sites):
    [found] = candidates.find(okafor)
    candidates.decide(found, confirm=True)
    found.refresh_from_db()
    assert found.status == Listing.Status.CONFIRMED and found.checks.get().score == 100
    assert "missing on Yelp" not in [m.label for m in listings.missing()]
    assert AuditEntry.objects.filter(action="listing_confirmed").exists()
    with pytest.raises(listings.ListingRefused, match="already confirmed"):
        candidates.decide(found, confirm=False)


def test_a_rejected_listing_is_not_offered_again(okafor, sites):
    [found] = candidates.find(okafor)
    candidates.decide(found, confirm=False)
    assert candidates.find(okafor) == []


def test_every_review_site_is_searched(okafor, sites):
    assert set(candidates.SEARCHABLE) == set(listings.SITES)


def test_the_page_offers_the_search_and_the_decision(personas, okafor, sites):
    client = personas["manager"].client
    client.post("/reputation/providers/1234567893/candidates/", {"site": "yelp"})
    page = client.get("/reputation/providers/1234567893/").content.decode()
    assert "Possible listings" in page and "Amara Okafor, MD" in page
    pk = Listing.objects.get().pk
    assert personas["viewer"].client.post(f"/reputation/providers/1234567893/candidates/{pk}/",
                                          {"decision": "confirm"}).status_code == 403
    client.post(f"/reputation/providers/1234567893/candidates/{pk}/", {"decision": "confirm"})
    assert Listing.objects.get().status == Listing.Status.CONFIRMED


@pytest.fixture
def google(ours):
    from bedside.channels.models import Channel

    return Channel.objects.create(organization=ours, network="google", handle="accounts/1/locations/2")


@pytest.mark.parametrize(("site", "label", "score"), [
    ("google", "Google Business Profile", 100),  # name, phone and address all match
    ("healthgrades", "Healthgrades", 80),  # the result card shows no phone
    ("vitals", "Vitals", 80),  # an old phone number
    ("webmd", "WebMD Care", 100),  # "1200 River Rd Ste 300" is the roster's address in USPS form
    ("zocdoc", "Zocdoc", 80),  # Zocdoc shows no phone
])
def test_each_site_is_searched_and_a_confirmed_result_is_read_again_by_its_page(
        okafor, sites, google, site, label, score):
    found = candidates.find(okafor, site)
    best = found[0]
    assert (best.status, best.extra["match_score"]) == ("candidate", score)
    assert best.name.removeprefix("Dr. ") == "Amara Okafor, MD"
    assert f"missing on {label}" in [m.label for m in listings.missing()]
    candidates.decide(best, confirm=True)
    assert f"missing on {label}" not in [m.label for m in listings.missing()]
    # the handle kept is the one the site's client reads: refreshing reads the listing again
    refreshed = listings.refresh(Listing.objects.get(pk=best.pk))
    assert refreshed.pk == best.pk and refreshed.rating is not None
    assert refreshed.checks.count() == 2


def test_a_likely_namesake_is_offered_for_a_person_to_reject(okafor, sites):
    found = candidates.find(okafor, "healthgrades")
    assert [c.name for c in found] == ["Dr. Amara Okafor, MD", "Dr. Amaka Okafor, DDS"]
    candidates.decide(found[1], confirm=False)
    assert [c.name for c in candidates.find(okafor, "healthgrades")] == ["Dr. Amara Okafor, MD"]


def test_a_confirmed_result_is_checked_field_by_field(okafor, sites):
    [found] = candidates.find(okafor, "vitals")
    candidates.decide(found, confirm=True)
    [phone] = [f for f in found.checks.get().fields if f["field"] == "phone"]
    assert not phone["ok"] and phone["fix"] == "Change the phone to (555) 201-4410"


def test_someone_not_on_a_site_stays_missing_there(okafor, sites):
    okafor.last_name = "Halvorsen"
    okafor.save()
    assert candidates.find(okafor, "webmd") == []
    assert "missing on WebMD Care" in [m.label for m in listings.missing()]


def test_a_search_robots_txt_refuses_says_what_to_do_and_keeps_what_was_found(okafor, sites):
    from tests.standin.server import Response

    [kept] = candidates.find(okafor, "zocdoc")
    # each search reads robots.txt afresh: this time the site asks robots to keep off its search
    sites.fail_next("zocdoc", Response(body="User-agent: *\nDisallow: /search\n", content_type="text/plain"))
    with pytest.raises(listings.ListingRefused, match="robots.txt .* disallows .*paste its page address"):
        candidates.find(okafor, "zocdoc")
    assert list(Listing.objects.values_list("pk", "status")) == [(kept.pk, "candidate")]


def test_a_broken_search_page_is_a_clear_refusal_and_changes_nothing(okafor, sites):
    from tests.standin.server import Response

    [kept] = candidates.find(okafor, "webmd")
    sites.fail_next("webmd", Response(404, "", content_type="text/plain"))  # no robots.txt this time
    sites.fail_next("webmd", Response(body="<!DOCTYPE html><html><head><title>Okafor", content_type="text/html"))
    with pytest.raises(listings.ListingRefused, match="WebMD Care search: .*truncated before any result"):
        candidates.find(okafor, "webmd")
    assert Listing.objects.get().extra["match_score"] == kept.extra["match_score"]


def test_google_search_without_a_places_key_names_the_setting(okafor, sites, google, monkeypatch):
    monkeypatch.delenv("BEDSIDE_GOOGLE_API_KEY")
    with pytest.raises(listings.ListingRefused, match="BEDSIDE_GOOGLE_API_KEY"):
        candidates.find(okafor, "google")
    assert not Listing.objects.exists()


def test_a_site_without_our_channel_says_to_add_one(okafor, sites):
    with pytest.raises(listings.ListingRefused, match="no Google Business Profile channel"):
        candidates.find(okafor, "google")


def test_a_hospital_or_clinic_is_searched_for_by_its_own_name_and_confirmed(ours, sites):
    from bedside.reputation.models import PracticeLocation

    hospital = PracticeLocation.objects.create(
        organization=ours, name="Riverside Regional Medical Center", address="1200 River Road", city="Columbus",
        state="OH", zip_code="43215", phone="(555) 201-4400")
    [found] = candidates.find_location(hospital)  # the physician and the dentist in the same results score low
    assert (found.name, found.location, found.provider) == ("Riverside Regional Medical Center", hospital, None)
    assert found.extra["match_score"] >= 80
    asked = sites.requests_to("yelp")[-1].query
    assert (asked["term"], asked["location"]) == ("Riverside Regional Medical Center", "Columbus, OH")
    candidates.decide(found, confirm=True)
    found.refresh_from_db()
    assert found.status == Listing.Status.CONFIRMED and found.checks.exists()
    assert candidates.find_location(hospital) == []  # confirmed: not offered again
