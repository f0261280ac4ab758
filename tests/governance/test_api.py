"""/api/governance: the acknowledgement report, accepting the policy, training
records and the matrix, with the pages' permissions."""

from __future__ import annotations

import pytest
from django.test import Client

from bedside.governance import policies, training
from bedside.governance.models import Policy, Scenario
from bedside.inbox import defaults
from bedside.workspace.models import ApiToken

pytestmark = pytest.mark.django_db


def _api(persona) -> Client:
    _, raw = ApiToken.issue(persona.user, "script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_accepting_and_the_report_through_the_api(personas) -> None:
    ray, rita = _api(personas["responder"]), _api(personas["reviewer"])
    assert ray.post("/api/governance/acknowledgements").status_code == 409  # nothing in force yet
    policies.ensure()
    version = policies.review(
        policies.propose(
            Policy.objects.get(kind="employee"), "Keep patients out of it.", personas["admin"].user
        ),
        personas["reviewer"].user,
        approve=True,
    )
    accepted = ray.post("/api/governance/acknowledgements")
    assert accepted.status_code == 200 and accepted.json()["version"] == version.number
    report = rita.get("/api/governance/acknowledgements").json()
    assert report["version"] == version.number
    by_name = {p["username"]: p for p in report["people"]}
    assert by_name["ray"]["accepted_at"] and by_name["mona"]["accepted_at"] is None
    assert report["not_accepted"] == len(report["people"]) - 1
    assert ray.get("/api/governance/acknowledgements").status_code == 403
    assert _api(personas["viewer"]).post("/api/governance/acknowledgements").status_code == 403


def test_training_records_and_the_matrix(personas) -> None:
    defaults.ensure()
    Scenario.objects.create(
        kind="caption", title="Ribbon", text="Opening the new lobby cafe with our volunteers."
    )
    training.grade(
        personas["responder"].user, {s.pk: training.guard_result(s).verdict for s in training.course()}
    )
    training.grade(personas["manager"].user, {s.pk: "block" for s in training.course()})
    own = _api(personas["responder"]).get("/api/governance/training").json()
    assert [r["username"] for r in own] == ["ray"] and own[0]["passed"]
    assert {r["username"] for r in _api(personas["reviewer"]).get("/api/governance/training").json()} == {
        "ray",
        "mona",
    }
    rows = _api(personas["viewer"]).get("/api/governance/matrix").json()
    assert [r["situation"] for r in rows][:2] == ["phi", "crisis"]
    assert rows[0]["queue"] == "compliance" and rows[4]["recognised_by_triage"]  # legal threats too
    assert rows[4]["approves_role"] == "" and rows[4]["approves_people"] == []  # nothing enforced until set
