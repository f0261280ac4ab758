"""Input the API used to answer with a 500 now gets a 422 saying what and where."""

from __future__ import annotations

import pytest
from django.test import Client

from bedside.workspace.models import ApiToken, Organization


@pytest.fixture
def admin_api(personas) -> Client:
    _, raw = ApiToken.issue(personas["admin"].user, "script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.parametrize("url", [
    "/api/audit?offset=-1", "/api/audit?offset=99999999999999999999", "/api/audit?limit=0",
    "/api/inbox/messages?offset=-5", "/api/inbox/messages?offset=18446744073709551616",
    "/api/hospitals?limit=100000", "/api/organizations/99999999999999999999", "/api/organizations/0",
    "/api/benchmark?org=99999999999999999999", "/api/inbox/response-times?days=-1",
    "/api/hospitals?q=mayo%00clinic", "/api/audit?actor=al%00ice", "/api/inbox/messages?network=x%00",
])
def test_out_of_range_numbers_and_nul_characters_in_queries_are_422(admin_api, url) -> None:
    response = admin_api.get(url)
    assert response.status_code == 422, (url, response.status_code)
    assert response.json()["detail"]


@pytest.mark.parametrize("body", [
    {"name": "Lake\u0000side"},
    {"name": "   "},
    {"name": "Lakeside", "website": "javascript:alert(1)"},
])
def test_bad_organization_input_is_422_and_nothing_is_stored(admin_api, body) -> None:
    response = admin_api.post("/api/organizations", body, content_type="application/json")
    assert response.status_code == 422
    assert not Organization.objects.exists()


@pytest.mark.parametrize("body", [
    {"network": "x", "handle": "river\u0000bend"},
    {"network": "myspace", "handle": "riverbend"},
])
def test_bad_channel_input_is_422(admin_api, org, body) -> None:
    response = admin_api.post(f"/api/organizations/{org.pk}/channels", body, content_type="application/json")
    assert response.status_code == 422
    assert org.channels.count() == 1


def test_a_page_refuses_a_nul_in_its_query_with_400(personas) -> None:
    response = personas["admin"].client.get("/audit/", {"actor": "al\x00ice"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_the_schema_documents_the_errors_every_operation_can_answer(personas) -> None:
    schema = personas["viewer"].client.get("/api/schema").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "422"} <= codes, (method, path, codes)
            if "{" in path:
                assert "404" in codes, (method, path)
