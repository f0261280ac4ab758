"""POST /api/guard/check: the guard on any text, with our own identifiers allowed."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from bedside.workspace.models import ApiToken, AuditEntry, Location

REVIEW = "The ER kept me waiting six hours"


def api_for(persona) -> Client:
    _, raw = ApiToken.issue(persona.user, "script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def check(client: Client, body: dict):
    return client.post("/api/guard/check", body, content_type="application/json")


def test_it_holds_a_reply_that_confirms_a_visit_and_explains_why(personas) -> None:
    body = {"text": "We're sorry about the wait during your ER visit on Tuesday.",
            "context": {"kind": "review_reply", "replying_to": REVIEW}}
    response = check(api_for(personas["responder"]), body)
    assert response.status_code == 200
    result = response.json()
    assert result["verdict"] in ("review", "block")
    finding = next(f for f in result["findings"] if f["label"] == "PATIENT_RELATIONSHIP")
    assert body["text"][finding["start"] : finding["end"]] == finding["text"]
    assert finding["explanation"] and result["reasons"]


def test_it_allows_a_generic_reply_with_our_own_phone_number(personas, org) -> None:
    Location.objects.create(organization=org, name="Main campus", phone="617-555-0100")
    body = {"text": "Thank you for your feedback. Please call our patient relations team at 617-555-0100.",
            "context": {"kind": "review_reply", "replying_to": REVIEW}}
    result = check(api_for(personas["reviewer"]), body).json()
    assert result["verdict"] == "allow", result


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_it_refuses_people_who_neither_write_nor_approve(personas, who) -> None:
    assert check(api_for(personas[who]), {"text": "hello"}).status_code == 403


def test_it_refuses_anonymous_callers(db) -> None:
    assert Client().post("/api/guard/check", {"text": "x"}, content_type="application/json").status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "   "}, "text"),
        ({"text": "x" * 100_001}, "text"),
        ({"text": "hi", "context": {"kind": "tweetstorm"}}, "kind"),
        ({"text": "hi", "context": {"direction": "sideways"}}, "direction"),
    ],
)
def test_it_answers_bad_input_with_field_errors(personas, body, field) -> None:
    response = check(api_for(personas["manager"]), body)
    assert response.status_code == 422
    payload = response.json()
    named = set(payload.get("errors", {})) | {str(d["loc"][-1]) for d in payload.get("detail", [])}
    assert field in named, payload


def test_checking_a_text_stores_nothing_and_logs_nothing_of_it(personas, caplog) -> None:
    secret = "Jane Roe, MRN 00482913, was admitted with sepsis"
    before = AuditEntry.objects.count()
    with caplog.at_level(logging.DEBUG):
        assert check(api_for(personas["responder"]), {"text": secret}).status_code == 200
    assert AuditEntry.objects.count() == before
    assert "00482913" not in caplog.text and "Jane Roe" not in caplog.text
