from __future__ import annotations

import pytest

from bedside.reputation import listings
from bedside.reputation.models import Listing, ListingCheck, RatingReading


def page(sites, path):
    return sites.base_url("healthgrades") + path


def test_attaching_a_listing_reads_checks_and_confirms_it(okafor, sites):
    listing = listings.attach("healthgrades", page(sites, "/physician/dr-amara-okafor-x7k2p"), provider=okafor)
    assert listing.status == Listing.Status.CONFIRMED and listing.provider == okafor
    assert (listing.rating, listing.review_count) == (4.7, 212)
    check = listing.checks.get()
    assert check.score == 100, check.fields
    assert RatingReading.objects.get(listing=listing).review_count == 212


def test_a_wrong_phone_on_the_site_becomes_a_fix(okafor, sites):
    sites.corrupt_once("healthgrades", lambda r: "okafor" in r.path,
                       lambda html: html.replace("(555) 201-4410", "(555) 201-9999"))
    listing = listings.attach("healthgrades", page(sites, "/physician/dr-amara-okafor-x7k2p"), provider=okafor)
    check = listing.checks.get()
    assert check.score < 100
    assert [f["fix"] for f in check.fields if not f["ok"]] == ["Change the phone to (555) 201-4410"]


def test_history_shows_a_fixed_listing_as_fixed(okafor, sites):
    listing = listings.attach("healthgrades", page(sites, "/physician/dr-amara-okafor-x7k2p"), provider=okafor)
    okafor.locations.update(phone="(555) 201-0000")  # the roster changed: the site is now wrong
    listings.check_all()
    okafor.locations.update(phone="(555) 201-4410")  # and back
    listings.check_all()
    first, wrong, fixed = [score for _, score in listings.history(listing)]
    assert (first, fixed) == (100, 100) and wrong < 100


def test_the_listing_keeps_its_latest_score_for_the_lists(okafor, sites):
    listing = listings.attach("healthgrades", page(sites, "/physician/dr-amara-okafor-x7k2p"), provider=okafor)
    assert Listing.objects.get(pk=listing.pk).score == 100
    okafor.locations.update(phone="(555) 201-0000")
    assert listings.check_all() == 1
    wrong = Listing.objects.get(pk=listing.pk).score
    assert wrong is not None and wrong < 100 and wrong == listing.checks.first().score
    listings.check_all()  # unchanged: the score stays, a check is still kept
    assert Listing.objects.get(pk=listing.pk).score == wrong and listing.checks.count() == 3


def test_robots_txt_refusal_is_a_clear_message_and_stores_nothing(okafor, sites):
    with pytest.raises(listings.ListingRefused, match="robots.txt"):
        listings.attach("healthgrades", page(sites, "/physician/private-dr-hidden-z1"), provider=okafor)
    assert not Listing.objects.exists()


def test_a_page_without_a_provider_is_refused(okafor, sites):
    with pytest.raises(listings.ListingRefused, match="Healthgrades listing"):
        listings.attach("healthgrades", page(sites, "/physician/nobody-here"), provider=okafor)
    assert not ListingCheck.objects.exists()


def test_a_site_without_our_channel_is_refused(okafor, sites):
    with pytest.raises(listings.ListingRefused, match="no Google Business Profile channel"):
        listings.attach("google", "accounts/1/locations/2", provider=okafor)


def test_a_provider_without_a_listing_is_missing_there(okafor, sites):
    listings.attach("healthgrades", page(sites, "/physician/dr-amara-okafor-x7k2p"), provider=okafor)
    assert [m.label for m in listings.missing()] == [
        "missing on Google Business Profile", "missing on Vitals", "missing on WebMD Care", "missing on Yelp",
        "missing on Zocdoc"]


def test_one_listing_cannot_be_confirmed_as_two_providers(okafor, sites):
    from bedside.reputation.models import Provider

    other = Provider.objects.create(organization=okafor.organization, npi="1434640979", first_name="Nina",
                                    last_name="Patel")
    url = page(sites, "/physician/dr-amara-okafor-x7k2p")
    listings.attach("healthgrades", url, provider=okafor)
    with pytest.raises(listings.ListingRefused, match="already confirmed as Amara Okafor, MD's"):
        listings.attach("healthgrades", url, provider=other)
    assert Listing.objects.get().provider == okafor
    listings.attach("healthgrades", url, provider=okafor)  # attaching it again to its owner is fine


@pytest.mark.parametrize(("site", "path", "refusal"), [
    ("webmd", "/doctor/private-hidden-00000000-overview", "robots.txt of .* disallows"),
    ("webmd", "/doctor/broken-page-11111111-overview", "no provider name in JSON-LD or the page"),
    ("zocdoc", "/doctor/private-hidden-000001", "robots.txt of .* disallows"),
    ("zocdoc", "/truncated/doctor/amara-okafor-md-448812?at=250", "page is truncated"),
])
def test_webmd_and_zocdoc_refusals_name_the_page_and_store_nothing(okafor, sites, site, path, refusal):
    url = sites.base_url(site) + path
    with pytest.raises(listings.ListingRefused, match=refusal) as caught:
        listings.attach(site, url, provider=okafor)
    assert url in str(caught.value)
    assert not Listing.objects.exists() and not ListingCheck.objects.exists()


def test_webmd_and_zocdoc_listings_are_checked_against_the_roster(okafor, sites):
    webmd = listings.attach("webmd", sites.base_url("webmd") + "/doctor/amara-okafor-7f3c2a91-overview",
                            provider=okafor)
    assert webmd.checks.get().score == 100  # "1200 River Rd Ste 300" is the roster's address in USPS form
    zocdoc = listings.attach("zocdoc", sites.base_url("zocdoc") + "/doctor/amara-okafor-md-448812", provider=okafor)
    wrong = [f["field"] for f in zocdoc.checks.get().fields if not f["ok"]]
    assert wrong == ["accepting_new_patients"]  # the page says she is not; the roster says she is


def test_a_confirmed_listing_whose_page_breaks_keeps_what_was_read(okafor, sites):
    from tests.standin.server import Response

    listing = listings.attach("webmd", sites.base_url("webmd") + "/doctor/amara-okafor-7f3c2a91-overview",
                              provider=okafor)
    sites.fail_next("webmd", Response(404, "", content_type="text/plain"))  # robots.txt
    sites.fail_next("webmd", Response(body="<html><body><p>Down for maintenance</p></body></html>",
                                      content_type="text/html"))
    with pytest.raises(listings.ListingRefused, match="WebMD Care listing .*no provider name"):
        listings.refresh(listing)
    kept = Listing.objects.get()
    assert (kept.name, kept.phone, kept.rating, kept.review_count) == ("Dr. Amara Okafor, MD", "(555) 201-4410", 4.5, 37)
    assert kept.checks.count() == 1 and kept.readings.count() == 1
