"""The guard vocabulary: page, API and CLI edit one list, audited; the guard
sees each change on its next check (through the real API and database)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.test import Client

from bedside.cli import main
from bedside.workspace.models import ApiToken, AuditEntry, Location, VocabularyTerm
from bedside.workspace.vocabulary import guard_vocabulary, replace_staff


def api_for(persona) -> Client:
    _, raw = ApiToken.issue(persona.user, "script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def guard(client: Client, text: str, kind: str = "post") -> dict:
    response = client.post("/api/guard/check", {"text": text, "context": {"kind": kind}},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def test_an_admin_adds_and_removes_a_unit_on_the_page_and_it_is_audited(personas, org) -> None:
    admin = personas["admin"].client
    response = admin.post("/settings/vocabulary/add/", {"kind": "unit", "name": "  7   East "})
    assert response.status_code == 302
    term = VocabularyTerm.objects.get(organization=org, kind="unit")
    assert term.name == "7 East"
    page = admin.get("/settings/vocabulary/").content.decode()
    assert "7 East" in page
    added = AuditEntry.objects.get(action="vocabulary_term_added")
    assert added.actor_name == "alice" and added.detail["name"] == "7 East" and added.detail["kind"] == "unit"
    assert admin.post(f"/settings/vocabulary/{term.pk}/remove/").status_code == 302
    assert not VocabularyTerm.objects.exists()
    assert AuditEntry.objects.filter(action="vocabulary_term_removed").count() == 1


def test_compliance_may_edit_others_may_only_read(personas, org) -> None:
    assert personas["reviewer"].client.post("/settings/vocabulary/add/", {"kind": "staff", "name": "Ana Ruiz"}).status_code == 302
    for who in ("responder", "manager", "viewer"):
        assert personas[who].client.post("/settings/vocabulary/add/", {"kind": "staff", "name": "X Y"}).status_code == 403
        assert personas[who].client.get("/settings/vocabulary/").status_code == 200
    assert personas["outsider"].client.get("/settings/vocabulary/").status_code == 403
    assert list(VocabularyTerm.objects.values_list("name", flat=True)) == ["Ana Ruiz"]


def test_the_page_says_what_is_wrong_with_a_term(personas, org) -> None:
    admin = personas["admin"].client
    admin.post("/settings/vocabulary/add/", {"kind": "signer", "name": "Dana Reyes"})
    again = admin.post("/settings/vocabulary/add/", {"kind": "signer", "name": "dana reyes"})
    assert again.status_code == 400 and "already in signs replies" in again.content.decode()
    blank = admin.post("/settings/vocabulary/add/", {"kind": "signer", "name": "---"})
    assert blank.status_code == 400 and "has no letter or digit" in blank.content.decode()
    odd = admin.post("/settings/vocabulary/add/", {"kind": "planet", "name": "Mars"})
    assert odd.status_code == 400
    assert VocabularyTerm.objects.count() == 1


def test_the_api_lists_adds_and_deletes_terms(personas, org) -> None:
    reviewer = api_for(personas["reviewer"])
    made = reviewer.post("/api/vocabulary", {"kind": "campus", "name": "the Elm Street clinic"},
                         content_type="application/json")
    assert made.status_code == 201 and made.json()["name"] == "the Elm Street clinic"
    dup = reviewer.post("/api/vocabulary", {"kind": "campus", "name": "The Elm Street Clinic"},
                        content_type="application/json")
    assert dup.status_code == 422 and "name" in dup.json()["errors"]
    listed = api_for(personas["viewer"]).get("/api/vocabulary").json()
    assert [(t["kind"], t["name"], t["source"]) for t in listed] == [("campus", "the Elm Street clinic", "manual")]
    denied = api_for(personas["responder"]).delete(f"/api/vocabulary/{made.json()['id']}")
    assert denied.status_code == 403
    assert reviewer.delete(f"/api/vocabulary/{made.json()['id']}").status_code == 204
    assert reviewer.get("/api/vocabulary").json() == []


def test_the_guard_sees_a_unit_as_soon_as_it_is_added_and_forgets_it_when_removed(personas, org) -> None:
    responder = api_for(personas["responder"])
    text = "Say hello to Marcus on 6 South, he goes home tomorrow!"
    placed = "placed_patient:person_unit"
    before = guard(responder, text)
    # Held already (a name, and the reply-risk model reads a patient going home), but not yet placed in a unit.
    assert before["verdict"] != "allow" and not any(f["rule"] == placed for f in before["findings"])
    term = personas["admin"].client.post("/settings/vocabulary/add/", {"kind": "unit", "name": "6 South"})
    assert term.status_code == 302
    result = guard(responder, text)
    assert result["verdict"] == "block"
    assert any(f["rule"] == placed for f in result["findings"])
    VocabularyTerm.objects.get(name="6 South").delete()
    assert not any(f["rule"] == placed for f in guard(responder, text)["findings"])


def test_a_reply_signed_by_a_name_nobody_configured_is_held_until_it_is(personas, org) -> None:
    responder = api_for(personas["responder"])
    reply = "Thank you for telling us; we are looking into it. - Owen Castellano"
    assert guard(responder, reply, "review_reply")["verdict"] != "allow"
    personas["reviewer"].client.post("/settings/vocabulary/add/", {"kind": "signer", "name": "Owen Castellano"})
    assert guard(responder, reply, "review_reply")["verdict"] == "allow"


def test_our_own_street_address_and_staff_pass_in_a_post(personas, org) -> None:
    Location.objects.create(organization=org, name="Main campus", address="48 Harbor Rd", city="Salem",
                            state="MA", zip_code="01970", phone="978-555-0142")
    responder = api_for(personas["responder"])
    post = "Free flu shots Saturday at 48 Harbor Road, Salem! Questions? 978-555-0142"
    assert guard(responder, post)["verdict"] == "allow"
    assert guard(responder, "Free flu shots Saturday at 52 Harbor Road, Salem!")["verdict"] == "review"
    promo = "Congratulations to Dr. Ingrid Solberg, our new chief of surgery!"
    assert guard(responder, promo)["verdict"] == "allow"  # staff news with a title (issue 12), configured or not
    api_for(personas["admin"]).post("/api/vocabulary", {"kind": "staff", "name": "Ingrid Solberg"},
                                    content_type="application/json")
    assert guard(responder, promo)["verdict"] == "allow"
    assert guard(responder, "Dr. Solberg's patient Tobias is home after surgery!")["verdict"] != "allow"


def test_the_roster_replaces_only_its_own_staff(org) -> None:
    from bedside.workspace.vocabulary import add_term

    add_term(org, "staff", "Hand Added", actor="test")
    assert replace_staff(org, ["Ana Ruiz", "Ben Cho"]) == (2, 0)
    assert replace_staff(org, ["Ben Cho", "Cy Park"]) == (1, 1)
    staff = dict(VocabularyTerm.objects.filter(kind="staff").values_list("name", "source"))
    assert staff == {"Hand Added": "manual", "Ben Cho": "roster", "Cy Park": "roster"}
    assert set(guard_vocabulary(org)["org_staff"]) == {"Hand Added", "Ben Cho", "Cy Park"}


def test_the_cli_adds_lists_and_removes_terms(org) -> None:
    runner = CliRunner()
    added = runner.invoke(main, ["vocabulary", "add", "unit", "4 West", "5 North"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(main, ["vocabulary", "list"])
    assert "4 West" in listed.output and "5 North" in listed.output
    dup = runner.invoke(main, ["vocabulary", "add", "unit", "4 west"])
    assert dup.exit_code == 1 and "already in unit or ward" in dup.output
    gone = runner.invoke(main, ["vocabulary", "remove", "unit", "4 WEST"])
    assert gone.exit_code == 0
    assert list(VocabularyTerm.objects.values_list("name", flat=True)) == ["5 North"]
    assert AuditEntry.objects.filter(action__startswith="vocabulary_term_", actor_name="cli").count() == 3


@pytest.mark.parametrize("kind", ["campus", "unit", "service_line", "staff", "signer"])
def test_every_kind_reaches_the_guard(org, kind) -> None:
    from bedside.workspace.vocabulary import CONTEXT_KEYS, add_term

    add_term(org, kind, "Sample Term", actor="test")
    assert guard_vocabulary(org)[CONTEXT_KEYS[VocabularyTerm.Kind(kind)]] == ("Sample Term",)
