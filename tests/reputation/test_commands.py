"""`bedside providers import | add | list | cms` and `bedside listings attach | check`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bedside.cli import main
from bedside.reputation.models import Listing, Provider
from tests.networks.test_cms_clinicians import HEADER, row
from tests.standin.server import Response


def bedside(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_import_then_list(ours, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("npi,first_name,last_name,credentials,department\n"
                    "1434640979,Nina,Patel,MD,Dermatology\n1873669463,Eli,Brooks,DO,Cardiology\n")
    code, out, _ = bedside("providers", "import", str(path))
    assert code == 0 and "2 new provider(s)" in out
    code, out, _ = bedside("providers", "list", "--json")
    assert [json.loads(line)["name"] for line in out.splitlines()] == ["Eli Brooks, DO", "Nina Patel, MD"]


def test_a_bad_roster_exits_1_naming_each_cell(ours, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("npi,first_name,last_name\n1434640970,Nina,Patel\n1873669463,,Brooks\n")
    code, _, err = bedside("providers", "import", str(path))
    assert code == 1
    assert err.splitlines() == [
        f"{path}, row 2, npi: 1434640970 fails the NPI check digit (a digit is mistyped)",
        f"{path}, row 3, first_name: is empty",
        f"{path}: nothing was stored.",
    ]
    assert not Provider.objects.exists()


def test_add_by_npi_from_the_registry(ours, sites):
    code, out, _ = bedside("providers", "add", "--npi", "1234567893")
    assert code == 0 and out.startswith("Amara N. Okafor, MD (NPI 1234567893)")
    code, _, err = bedside("providers", "add", "--npi", "1529923124")
    assert code == 1 and "not in the NPPES registry" in err


def test_attach_a_listing_and_check_all(okafor, sites):
    url = sites.base_url("healthgrades") + "/physician/dr-amara-okafor-x7k2p"
    code, out, _ = bedside("listings", "attach", "--npi", "1234567893", "--site", "healthgrades", url)
    assert code == 0 and "accuracy 100%" in out
    code, out, _ = bedside("listings", "check")
    assert out.strip() == "Checked 1 listing(s)."


@pytest.mark.django_db
def test_cms_finds_and_keeps_a_peer_s_clinicians(tmp_path):
    from bedside.workspace.models import Organization

    peer = Organization.objects.create(name="Lakeside Medical Group")
    path = tmp_path / "dac.csv"
    lines = [HEADER,
             row("1434640979", "PATEL", "NINA", "DERMATOLOGY", "LAKESIDE MEDICAL GROUP", "DAYTON", "OH", "45402"),
             row("1434640979", "PATEL", "NINA", "DERMATOLOGY", "LAKESIDE MEDICAL GROUP", "KETTERING", "OH", "45429"),
             row("1873669463", "BROOKS", "ELI", "INTERNAL MEDICINE", "SOMEONE ELSE", "AKRON", "OH", "44301")]
    path.write_text("\n".join(",".join(cells) for cells in lines) + "\n")
    code, out, err = bedside("providers", "cms", str(path), "--organization", "lakeside", "--add-to",
                             "Lakeside Medical Group")
    assert code == 0 and "1 clinician(s)." in err and "Added 1 provider(s)" in out
    kept = Provider.objects.get()
    assert (kept.organization, kept.specialties, kept.source) == (peer, ["207N00000X"], "cms")


def test_attach_a_location_s_listing(okafor, sites):
    from bedside.reputation.models import Listing

    code, out, _ = bedside("listings", "attach", "--location", "riverbend heart center", "--site", "yelp",
                           "riverside-regional-medical-center-columbus")
    assert code == 0, out
    listing = Listing.objects.get()
    assert listing.location is not None and listing.provider is None
    # The hospital's Yelp page names the hospital, not the office: that is a finding, with its fix.
    assert "Change the name to 'Riverbend Heart Center'" in out
    code, _, err = bedside("listings", "attach", "--npi", "1234567893", "--location", "x", "--site", "yelp", "y")
    assert code == 2 and "not both" in err


def test_refresh_reads_again_records_a_reading_and_reports_failures(okafor, sites):
    from bedside.reputation.models import Listing, RatingReading

    url = sites.base_url("healthgrades") + "/physician/dr-amara-okafor-x7k2p"
    bedside("listings", "attach", "--npi", "1234567893", "--site", "healthgrades", url)
    sites.corrupt_once("healthgrades", lambda r: "okafor" in r.path,
                       lambda html: html.replace('"reviewCount": "212"', '"reviewCount": "215"'))
    code, out, _ = bedside("listings", "refresh")
    assert code == 0 and "Refreshed 1 listing(s); 0 could not be read." in out
    assert Listing.objects.get().review_count == 215
    assert RatingReading.objects.get().review_count == 215  # today's reading, replaced
    sites.fail_next("healthgrades", Response(404, "<html><body>gone</body></html>", content_type="text/html"),
                    times=2)
    code, out, err = bedside("listings", "refresh")
    assert code == 1 and "could not be read" in out and "Healthgrades listing" in err
    assert Listing.objects.get().review_count == 215  # nothing stored is lost


def test_find_searches_every_site_and_decide_confirms_or_rejects(okafor, sites):
    code, out, err = bedside("listings", "find", "--npi", "1234567893")
    # no Google channel for our organization: that site is refused, the others are searched
    assert code == 1 and "no Google Business Profile channel" in err
    lines = out.splitlines()
    assert "Healthgrades: 2 possible listing(s)" in lines and "Vitals: 1 possible listing(s)" in lines
    assert "Yelp: 1 possible listing(s)" in lines and "Zocdoc: 1 possible listing(s)" in lines
    vitals = Listing.objects.get(network="vitals")
    assert f"  #{vitals.pk}  80%  Amara Okafor, MD" in out
    code, out, _ = bedside("listings", "decide", str(vitals.pk), "--confirm")
    assert code == 0 and "accuracy" in out and "Change the phone to (555) 201-4410" in out
    namesake = Listing.objects.get(network="healthgrades", name__contains="Amaka")
    code, out, _ = bedside("listings", "decide", str(namesake.pk), "--reject")
    assert code == 0 and "will not be offered again" in out
    code, _, err = bedside("listings", "decide", str(namesake.pk), "--confirm")
    assert code == 1 and "already rejected" in err


def test_find_on_one_site_says_when_the_provider_is_missing_there(okafor, sites):
    okafor.last_name = "Halvorsen"
    okafor.save()
    code, out, _ = bedside("listings", "find", "--npi", "1234567893", "--site", "webmd")
    assert code == 0 and out.strip() == "WebMD Care: no likely listing (missing on WebMD Care)"
    code, _, err = bedside("listings", "find", "--npi", "1234567893", "--site", "myspace")
    assert code == 2 and "unknown review site 'myspace'" in err


def test_find_missing_searches_each_missing_provider_reading_robots_once_per_site(okafor, sites):
    from bedside.reputation.models import PracticeLocation

    ortega = Provider.objects.create(organization=okafor.organization, npi="1245319599", first_name="Luis",
                                     last_name="Ortega", credentials="DO")
    ortega.locations.add(PracticeLocation.objects.get())
    code, out, err = bedside("listings", "find", "--missing", "--site", "webmd", "--site", "zocdoc")
    assert code == 0, err
    assert out.splitlines()[0] == "Amara Okafor, MD, WebMD Care: 1 possible listing(s)"
    assert "Luis Ortega, DO, WebMD Care: no likely listing (missing on WebMD Care)" in out
    assert "Luis Ortega, DO, Zocdoc: no likely listing (missing on Zocdoc)" in out
    # one client per site for the whole run: robots.txt once, then a search per provider
    assert [r.path for r in sites.requests_to("webmd")] == ["/robots.txt", "/results", "/results"]


def test_find_missing_says_a_refusing_site_once_and_searches_the_others(okafor, sites):
    sites.fail_next("vitals", Response(body="User-agent: *\nDisallow: /search\n", content_type="text/plain"))
    code, out, err = bedside("listings", "find", "--missing")
    assert code == 1
    assert err.count("no Google Business Profile channel") == 1 and err.count("Vitals search: robots.txt") == 1
    assert "Amara Okafor, MD, Zocdoc: 1 possible listing(s)" in out
    code, _, err = bedside("listings", "find")
    assert code == 2 and "--npi" in err


def test_find_searches_for_a_location_by_its_name(ours, sites):
    from bedside.reputation.models import PracticeLocation

    PracticeLocation.objects.create(organization=ours, name="Riverside Regional Medical Center",
                                    address="1200 River Road", city="Columbus", state="OH", zip_code="43215",
                                    phone="(555) 201-4400")
    code, out, _ = bedside("listings", "find", "--location", "riverside regional medical center", "--site", "yelp")
    assert code == 0 and "Yelp: 1 possible listing(s)" in out and "Riverside Regional Medical Center" in out
    assert Listing.objects.get(network="yelp").location.name == "Riverside Regional Medical Center"
    code, _, err = bedside("listings", "find", "--location", "Nowhere Clinic")
    assert code == 1 and "no practice location named 'Nowhere Clinic'" in err
    code, _, err = bedside("listings", "find", "--location", "Riverside Regional Medical Center", "--npi", "1")
    assert code == 2 and "name one provider" in err
