"""The Reputation pages and /api/providers: who may do what, and what they see."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from bedside.reputation.models import Listing, Provider
from bedside.workspace.models import ApiToken

ALL = {"admin", "manager", "responder", "reviewer", "viewer"}
ROSTER = {"admin", "manager"}
CSV = ("npi,first_name,last_name,specialties,location,address,city,state,zip,phone\n"
       "1434640979,Nina,Patel,207N00000X,Eastside Clinic,40 Mill Street,Columbus,OH,43205,614-555-0120\n")


@pytest.mark.parametrize("url", ["/reputation/", "/reputation/providers/", "/reputation/providers/1234567893/",
                                 "/reputation/locations/", "/reputation/nearby/?zip=43215",
                                 "/reputation/fixes/healthgrades.csv"])
def test_every_role_sees_the_reputation_pages_and_outsiders_do_not(personas, okafor, url):
    for name, persona in personas.items():
        status = persona.client.get(url).status_code
        assert status == (200 if name in ALL else 403), (name, url, status)


def test_only_roster_managers_may_import_or_add(personas, ours):
    for name, persona in personas.items():
        upload = io.BytesIO(CSV.encode())
        upload.name = "roster.csv"
        status = persona.client.post("/reputation/providers/import/", {"file": upload}).status_code
        assert status == (302 if name in ROSTER else 403), name
        api = persona.client.post("/api/providers", {"npi": "1234567890"}, content_type="application/json")
        assert api.status_code == (422 if name in ROSTER else 403), name


def test_the_overview_shows_the_baseline_and_what_to_act_on(personas, okafor, sites):
    page = personas["viewer"].client.get("/reputation/").content.decode()
    assert "DocSpot" in page and "Missing listings" in page


def test_importing_a_roster_from_the_page(personas, ours):
    upload = io.BytesIO(CSV.encode())
    upload.name = "roster.csv"
    response = personas["manager"].client.post("/reputation/providers/import/", {"file": upload}, follow=True)
    assert "1 new provider" in response.content.decode()
    assert Provider.objects.get().last_name == "Patel"


def test_a_bad_roster_on_the_page_names_the_cell_and_stores_nothing(personas, ours):
    upload = io.BytesIO(CSV.replace("1434640979", "1434640970").encode())
    upload.name = "staff.csv"
    page = personas["manager"].client.post("/reputation/providers/import/", {"file": upload},
                                           follow=True).content.decode()
    assert "staff.csv, row 2, npi: 1434640970 fails the NPI check digit" in page
    assert "nothing was stored" in page and not Provider.objects.exists()


def test_the_provider_page_shows_each_listing_field_by_field(personas, okafor, sites):
    client = personas["manager"].client
    url = sites.base_url("healthgrades") + "/physician/dr-amara-okafor-x7k2p"
    client.post("/reputation/providers/1234567893/listings/", {"site": "healthgrades", "handle": url})
    page = client.get("/reputation/providers/1234567893/").content.decode()
    assert "Healthgrades, field by field" in page and "accuracy <strong>100%</strong>" in page
    assert "Missing on Google Business Profile, Vitals, WebMD Care, Yelp, Zocdoc." in page


def test_the_fix_list_csv_has_the_exact_correction(personas, okafor, sites):
    sites.corrupt_once("healthgrades", lambda r: "okafor" in r.path,
                       lambda html: html.replace("(555) 201-4410", "(555) 201-9999"))
    url = sites.base_url("healthgrades") + "/physician/dr-amara-okafor-x7k2p"
    personas["manager"].client.post("/reputation/providers/1234567893/listings/",
                                    {"site": "healthgrades", "handle": url})
    csv = personas["viewer"].client.get("/reputation/fixes/healthgrades.csv").content.decode()
    assert "phone,(555) 201-9999,(555) 201-4410,Change the phone to (555) 201-4410" in csv


def test_the_providers_list_filters_by_site(personas, okafor, sites):
    url = sites.base_url("healthgrades") + "/physician/dr-amara-okafor-x7k2p"
    personas["manager"].client.post("/reputation/providers/1234567893/listings/",
                                    {"site": "healthgrades", "handle": url})
    client = personas["viewer"].client
    assert "Amara Okafor" in client.get("/reputation/providers/?site=healthgrades").content.decode()
    assert "Amara Okafor" not in client.get("/reputation/providers/?site=yelp").content.decode()


def test_the_overview_counts_missing_listings_per_site_and_lists_whose(personas, okafor, sites):
    from bedside.reputation.models import PracticeLocation

    other = Provider.objects.create(organization=okafor.organization, npi="1245319599", first_name="Luis",
                                    last_name="Ortega", credentials="DO", specialties=["208000000X"])
    other.locations.add(PracticeLocation.objects.get())
    Provider.objects.create(organization=okafor.organization, npi="1679576722", first_name="Gone", last_name="Away",
                            status=Provider.Status.DEPARTED)
    for slug, path in (("webmd", "/doctor/amara-okafor-7f3c2a91-overview"),
                       ("zocdoc", "/doctor/amara-okafor-md-448812"),
                       ("zocdoc", "/doctor/luis-ortega-do-551207")):
        owner = "1234567893" if "okafor" in path else "1245319599"
        personas["manager"].client.post(f"/reputation/providers/{owner}/listings/",
                                        {"site": slug, "handle": sites.base_url(slug) + path})
    client = personas["viewer"].client
    page = client.get("/reputation/").content.decode()
    # two active providers: both missing on Vitals, only Ortega on WebMD Care, nobody on Zocdoc
    assert "2 missing on Vitals" in page and "1 missing on WebMD Care" in page and "on Zocdoc" not in page
    missing_webmd = client.get("/reputation/providers/?missing=webmd").content.decode()
    assert "Luis Ortega" in missing_webmd and "Amara Okafor" not in missing_webmd
    assert "Gone Away" not in client.get("/reputation/providers/?missing=vitals").content.decode()


@pytest.fixture
def api(personas) -> Client:
    _, raw = ApiToken.issue(personas["manager"].user, "script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_api_adds_a_provider_by_npi_and_attaches_a_listing(api, ours, sites):
    added = api.post("/api/providers", {"npi": "1234567893"}, content_type="application/json")
    assert added.status_code == 201 and added.json()["name"] == "Amara N. Okafor, MD"
    url = sites.base_url("healthgrades") + "/physician/dr-amara-okafor-x7k2p"
    listing = api.post("/api/providers/1234567893/listings", {"site": "healthgrades", "handle": url},
                       content_type="application/json")
    assert listing.status_code == 201 and listing.json()["rating"] == 4.7
    detail = api.get("/api/providers/1234567893").json()
    assert [item["network"] for item in detail["listings"]] == ["healthgrades"]
    assert detail["missing"] == ["Google Business Profile", "Vitals", "WebMD Care", "Yelp", "Zocdoc"]
    assert Listing.objects.get().provider.npi == "1234567893"


def test_the_api_searches_one_site_and_decides(api, okafor, sites):
    found = api.post("/api/providers/1234567893/candidates?site=webmd").json()
    assert [(c["name"], c["match_score"], c["status"]) for c in found] == [("Dr. Amara Okafor, MD", 100, "candidate")]
    decided = api.post(f"/api/providers/1234567893/candidates/{found[0]['id']}", {"confirm": True},
                       content_type="application/json").json()
    assert decided["status"] == "confirmed"
    assert api.get("/api/reputation/overview").json()["missing_by_site"]["webmd"] == 0
    refused = api.post("/api/providers/1234567893/candidates?site=myspace")
    assert refused.status_code == 422
    assert refused.json()["errors"]["site"] == [
        "unknown review site 'myspace'; expected one of google, healthgrades, vitals, webmd, yelp, zocdoc"]


def test_the_api_import_answers_every_bad_cell(api, ours):
    bad = io.BytesIO(CSV.replace(",OH,", ",ZZ,").encode())
    bad.name = "roster.csv"
    response = api.post("/api/providers/import", {"file": bad})
    assert response.status_code == 422
    assert response.json()["errors"]["file"] == ["roster.csv, row 2, state: 'ZZ' is not a US state or territory code"]
    good = io.BytesIO(CSV.encode())
    good.name = "roster.csv"
    assert api.post("/api/providers/import", {"file": good}).json() == {"created": 1, "updated": 0, "locations": 1}


def test_the_api_overview_carries_the_baseline(api, okafor):
    found = api.get("/api/reputation/overview").json()
    assert found["providers"] == 1 and found["baseline_positive_share"] == 0.75
    assert found["missing"] == 6
    assert found["missing_by_site"] == {"google": 1, "healthgrades": 1, "vitals": 1, "webmd": 1, "yelp": 1,
                                        "zocdoc": 1}


def test_the_providers_list_exports_as_csv_with_formulas_escaped(personas, okafor):
    okafor.department = "=HYPERLINK(\"http://x\")"
    okafor.save()
    response = personas["viewer"].client.get("/reputation/providers/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("npi,name,department,specialties,status,rating")
    assert lines[1].startswith("1234567893,\"Amara Okafor, MD\",\"'=HYPERLINK(")


def test_the_providers_list_pages_a_large_roster_and_the_csv_keeps_all(personas, ours):
    Provider.objects.bulk_create([Provider(organization=ours, npi=f"9{i:09d}", first_name="Pat", last_name=f"L{i:03d}")
                                  for i in range(130)])
    client = personas["viewer"].client
    first = client.get("/reputation/providers/?sort=name").content.decode()
    assert "130 providers, 1–100 shown" in first and "Page 1 of 2" in first and "L099" in first
    assert "L100" not in first and "page=2" in first
    second = client.get("/reputation/providers/?sort=name&page=2").content.decode()
    assert "L129" in second and "L000" not in second
    csv = client.get("/reputation/providers/?sort=name&format=csv").content.decode()
    assert len(csv.splitlines()) == 131
