"""/api/listening for scripts: searches, runs, mentions without bodies, audited reads."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bedside.listening.models import Mention
from bedside.workspace.models import ApiToken, AuditEntry, Organization

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    _, raw = ApiToken.issue(user, "listening")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_script_creates_a_search_runs_it_and_reads_what_it_found(personas, standin, monkeypatch) -> None:
    standin.load("bluesky")
    monkeypatch.setenv("BEDSIDE_API_BASE_BLUESKY", standin.base_url("bluesky"))
    org = Organization.objects.create(name="Riverbend Health", is_ours=True)
    mona = _client(personas["manager"].user)

    bad = mona.post("/api/listening/searches", {"name": "Brand", "organization_id": org.pk, "query": "riverbend OR",
                                                "sources": ["bluesky", "gopher:x"]}, content_type="application/json")
    assert bad.status_code == 422
    detail = str(bad.json())
    assert "column 11: OR needs something after it" in detail and "item 1:" in detail

    made = mona.post("/api/listening/searches", {"name": "Brand", "organization_id": org.pk, "query": "riverbend",
                                                 "sources": ["bluesky"]}, content_type="application/json")
    assert made.status_code == 201
    search_id = made.json()["id"]
    ran = mona.post(f"/api/listening/searches/{search_id}/run").json()
    assert ran["stored"] == 4 and ran["needs_review"] == 1

    listed = mona.get(f"/api/listening/searches/{search_id}/mentions").json()
    assert len(listed) == 4 and all("body" not in m for m in listed)
    flagged = Mention.objects.get(needs_review=True)
    one = _client(personas["reviewer"].user).get(f"/api/listening/mentions/{flagged.pk}").json()
    assert "wake up" in one["body"]
    assert AuditEntry.objects.get(action="mention_read", object_id=str(flagged.pk)).actor_name == "rita"
