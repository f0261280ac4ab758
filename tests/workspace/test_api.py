"""The REST API: schema, docs, token auth and field-level errors."""

from __future__ import annotations

import pytest
from django.test import Client

from bedside.workspace.models import ApiToken, AuditEntry, Organization


@pytest.fixture
def manager_api(personas) -> Client:
    _, raw = ApiToken.issue(personas["manager"].user, "script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_schema_and_docs_are_served_without_a_cdn(personas) -> None:
    # Signed in only: tests/security/test_web_api_docs.py checks that.
    client = personas["viewer"].client
    schema = client.get("/api/schema").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/organizations" in schema["paths"]
    docs = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_it_creates_an_organization_and_audits_it(manager_api) -> None:
    response = manager_api.post(
        "/api/organizations", {"name": "Lakeside", "kind": "hospital"}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["name"] == "Lakeside"
    entry = AuditEntry.objects.get(action="organization_added")
    assert entry.actor_name == "mona"


def test_an_organization_created_with_a_website_gets_its_website_channel(manager_api) -> None:
    response = manager_api.post("/api/organizations", {"name": "Lakeside", "website": "https://lakeside.example/"},
                                content_type="application/json")
    assert response.status_code == 201
    org = Organization.objects.get(name="Lakeside")
    assert list(org.channels.values_list("network", "handle")) == [("website", "https://lakeside.example/")]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"name": "", "kind": "hospital"}, "name"),
        ({"name": "X", "kind": "castle"}, "kind"),
        ({"name": "X", "website": "lakeside.example"}, "website"),
    ],
)
def test_it_answers_bad_input_with_field_errors_and_saves_nothing(manager_api, body, field) -> None:
    response = manager_api.post("/api/organizations", body, content_type="application/json")
    assert response.status_code == 422
    payload = response.json()
    named = payload.get("errors", {}).keys() or {d["loc"][-1] for d in payload.get("detail", [])}
    assert field in named
    assert not Organization.objects.exists()


def test_it_rejects_malformed_json(manager_api) -> None:
    response = manager_api.post("/api/organizations", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert not Organization.objects.exists()


def test_it_adds_a_peer_from_the_cms_list(manager_api) -> None:
    response = manager_api.post("/api/peers/from-cms", {"facility_id": "240010", "name": "Mayo Clinic"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["locations"][0]["cms_facility_id"] == "240010"
    unknown = manager_api.post("/api/peers/from-cms", {"facility_id": "000000"}, content_type="application/json")
    assert unknown.status_code == 422 and "facility_id" in unknown.json()["errors"]


def test_it_validates_channels_per_network(manager_api, org) -> None:
    bad_network = manager_api.post(f"/api/organizations/{org.pk}/channels", {"network": "myspace", "handle": "tom"}, content_type="application/json")
    assert bad_network.status_code == 422 and "network" in bad_network.json()["errors"]
    duplicate = manager_api.post(f"/api/organizations/{org.pk}/channels", {"network": "x", "handle": "@RiverbendHealth"}, content_type="application/json")
    assert duplicate.status_code == 422 and "handle" in duplicate.json()["errors"]
    assert org.channels.count() == 1


def test_the_browser_session_works_but_needs_csrf_for_writes(personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["manager"].user)
    assert client.get("/api/organizations").status_code == 200
    refused = client.post("/api/organizations", {"name": "No CSRF"}, content_type="application/json")
    assert refused.status_code in (401, 403)
    assert not Organization.objects.exists()


def test_it_searches_hospitals(manager_api) -> None:
    found = manager_api.get("/api/hospitals", {"q": "cleveland clinic", "state": "OH"}).json()
    assert found[0]["facility_id"] == "360180"
