"""Publishing → Check a draft: the guard on any post or reply before it goes out."""

from __future__ import annotations

import logging

from bedside.workspace.models import AuditEntry, Location

REVIEW = "The ER kept my dad waiting six hours"


def test_it_shows_the_draft_form(personas) -> None:
    page = personas["responder"].client.get("/publishing/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="draft-body"' in html and 'hx-post="/publishing/check/"' in html
    assert "The HIPAA guard checks the draft as you type." in html


def test_it_marks_what_confirms_a_patient_as_the_draft_is_typed(personas) -> None:
    fragment = personas["responder"].client.post("/publishing/check/", {
        "kind": "review_reply", "replying_to": REVIEW,
        "body": "We're sorry your dad waited so long during his visit to our ER on Tuesday."})
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "Guard verdict: <strong>block</strong>" in html
    assert '<mark class="finding patient_relationship"' in html
    assert "have a compliance reviewer approve it before it goes out" in html


def test_it_allows_a_post_with_our_own_phone_number(personas, org) -> None:
    Location.objects.create(organization=org, name="Main campus", phone="617-555-0100")
    fragment = personas["manager"].client.post("/publishing/check/", {
        "kind": "post", "body": "Flu shots for everyone this Saturday at Riverbend Health. Questions? 617-555-0100"})
    assert "Guard verdict: <strong>allow</strong>" in fragment.content.decode()


def test_it_works_without_javascript(personas) -> None:
    page = personas["admin"].client.post("/publishing/", {"kind": "post", "body": "Call Ann Lee at 555-201-3344"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Guard verdict: <strong>review</strong>" in html
    assert "Call Ann Lee at 555-201-3344</textarea>" in html  # the draft stays in the box


def test_it_rejects_an_unknown_kind_and_an_oversized_draft_with_a_message(personas) -> None:
    client = personas["responder"].client
    bad_kind = client.post("/publishing/", {"kind": "tweetstorm", "body": "hello"}).content.decode()
    assert "is not one of the choices" in bad_kind
    too_long = client.post("/publishing/", {"kind": "post", "body": "a" * 20_001}).content.decode()
    assert "at most 20,000 characters" in too_long


def test_checking_a_draft_stores_nothing_and_logs_nothing_of_it(personas, caplog) -> None:
    before = AuditEntry.objects.count()
    with caplog.at_level(logging.DEBUG):
        response = personas["responder"].client.post("/publishing/check/", {"kind": "post", "body": "MRN 00482913 Jane Roe"})
    assert response.status_code == 200  # the check ran: a refused request would log and store nothing too
    assert AuditEntry.objects.count() == before
    assert "00482913" not in caplog.text


def test_it_is_for_people_who_write_or_approve(personas) -> None:
    assert personas["viewer"].client.get("/publishing/").status_code == 403
    assert personas["viewer"].client.post("/publishing/check/", {"body": "x"}).status_code == 403
    # The compliance reviewer approves what the guard holds, so may check a draft too.
    assert personas["reviewer"].client.get("/publishing/").status_code == 200
    fragment = personas["reviewer"].client.post("/publishing/check/", {"kind": "post", "body": "Call Ann Lee at 555-201-3344"})
    assert fragment.status_code == 200
    assert "Guard verdict: <strong>review</strong>" in fragment.content.decode()


def test_a_refusal_says_what_in_words(personas) -> None:
    page = personas["viewer"].client.get("/publishing/")
    html = page.content.decode()
    assert page.status_code == 403
    assert "Your role (Viewer) does not allow you to write replies and drafts or approve replies" in html
    assert "_" not in html[html.index("does not allow"):html.index("does not allow") + 120]
