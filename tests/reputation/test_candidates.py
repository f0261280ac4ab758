"""Finding a provider's Yelp listing: search, score, a person decides."""

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


def test_sites_without_a_search_say_what_to_do_instead(okafor, sites):
    with pytest.raises(listings.ListingRefused, match="paste the listing's page address"):
        candidates.find(okafor, "vitals")


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
