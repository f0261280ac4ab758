"""The publishing API: the same rules as the pages, each operation behind a capability."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from bedside.publishing.models import Campaign, Post
from bedside.workspace.models import AuditEntry

pytestmark = pytest.mark.django_db

SAFE = "Free blood pressure checks at the Riverbend lobby every Friday morning."
FLAGGED = "Happy birthday to our patient John Fakesmith in room 412, home after his bypass surgery!"


def _post(client, path, body):
    return client.post(f"/api{path}", json.dumps(body), content_type="application/json")


def test_a_manager_composes_and_a_reviewer_approves_through_the_api(personas, mastodon, timeline) -> None:
    mona, rita = personas["manager"].client, personas["reviewer"].client
    made = _post(mona, "/publishing/campaigns", {"name": "Heart month"})
    assert made.status_code == 201 and made.json()["slug"] == "heart-month"
    answer = _post(mona, "/publishing/posts", {
        "title": "Birthday", "link": "https://riverbend.example/heart", "campaign_id": made.json()["id"],
        "authorization_form": "HIPAA-2026-0114", "authorization_signed": str(date.today() - timedelta(days=30)),
        "authorization_expires": str(date.today() + timedelta(days=365)), "authorization_networks": "mastodon",
        "submit": True, "variants": [{"channel_id": mastodon.pk, "text": FLAGGED,
                                      "scheduled_at": "2030-02-01T15:00:00Z"}]})
    assert answer.status_code == 201, answer.content
    post = answer.json()
    assert post["state"] == "awaiting_approval" and post["campaign"] == "heart-month"
    [variant] = post["variants"]
    assert "utm_campaign=heart-month" in variant["text"] and variant["findings"]
    assert _post(mona, f"/publishing/posts/{post['id']}/approve", {}).status_code == 403
    refused = _post(rita, f"/publishing/posts/{post['id']}/approve", {"justification": "ok"})
    if post["verdict"] == "block":
        assert refused.status_code == 422 and "write why" in refused.json()["errors"]["post"][0]
    done = _post(rita, f"/publishing/posts/{post['id']}/approve",
                 {"justification": "Written authorization on file, signed 2026-01-12."})
    assert done.status_code == 200 and done.json()["state"] == "approved"
    assert done.json()["variants"][0]["state"] == "scheduled"
    published = _post(mona, f"/publishing/variants/{variant['id']}/publish", {})
    assert published.status_code == 200 and published.json()["state"] == "published"
    assert AuditEntry.objects.filter(action="post_read", detail__via="api").exists()


def test_bad_input_is_a_422_that_says_where(personas, mastodon) -> None:
    mona = personas["manager"].client
    answer = _post(mona, "/publishing/posts", {"title": "", "link": "not a link", "variants": [
        {"channel_id": mastodon.pk, "text": "word " * 200}]})
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"title", "link", f"variant_{mastodon.pk}"}
    assert _post(mona, "/publishing/posts", {"title": "x", "variants": [{"channel_id": 999, "text": SAFE}]}
                 ).status_code == 422
    assert not Post.objects.exists()


def test_each_operation_checks_a_capability(personas, mastodon) -> None:
    ray, vic = personas["responder"].client, personas["viewer"].client
    body = {"title": "x", "variants": [{"channel_id": mastodon.pk, "text": SAFE}]}
    assert _post(ray, "/publishing/posts", body).status_code == 403
    assert _post(vic, "/publishing/preview", {"network": "x", "text": SAFE}).status_code == 403
    assert _post(vic, "/publishing/campaigns", {"name": "x"}).status_code == 403
    assert vic.get("/api/publishing/posts").status_code == 403
    assert not Campaign.objects.exists()


def test_the_preview_counts_like_x(personas) -> None:
    answer = _post(personas["manager"].client, "/publishing/preview",
                   {"network": "x", "text": "Check-ups 🩺 " * 30, "link": "https://riverbendhealth.org/a"})
    shown = answer.json()
    assert shown["max_length"] == 280 and shown["length"] > 280 and "too many" in shown["problems"][0]
