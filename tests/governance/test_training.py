"""Training: the learner judges each scenario, then sees the guard's own
verdict and why; a pass counts for a year and can be required to reply."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.governance import training
from bedside.governance.models import Requirements, Scenario, TrainingRecord
from bedside.workspace import gates
from bedside.workspace.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenarios(db: None) -> list[Scenario]:
    # The organization's own, written for this test: one the guard lets
    # through, one it blocks (a named newborn and mother), one it holds.
    return [
        Scenario.objects.create(
            kind="caption",
            title="Groundbreaking",
            position=1,
            text="Breaking ground on the new outpatient pavilion with our board today.",
        ),
        Scenario.objects.create(
            kind="caption",
            title="Named newborn",
            position=2,
            text="Welcome baby Ingrid Solberg, born Monday in our birthing center to a proud mom, Kari!",
        ),
        Scenario.objects.create(
            kind="reply",
            title="Get well",
            position=3,
            text="We're glad you're feeling better. Please call us to talk privately.",
            replying_to="Back home after a week on your surgical floor.",
        ),
    ]


def _truth(scenarios: list[Scenario]) -> dict[int, str]:
    return {s.pk: training.guard_result(s).verdict for s in scenarios}


def test_the_seeded_course_is_invented_and_covers_every_kind_and_verdict(db: None) -> None:
    assert training.seed() == len(training.SEED)
    assert training.seed() == 0  # once: the organization's edits are never overwritten
    course = training.course()
    assert {s.kind for s in course} == {"reply", "staff_post", "caption"}
    assert {training.guard_result(s).verdict for s in course} == {"allow", "review", "block"}


def test_answers_are_graded_against_the_guards_real_verdict(scenarios, personas) -> None:
    truth = _truth(scenarios)
    assert truth[scenarios[0].pk] == "allow" and truth[scenarios[1].pk] == "block"
    ray = personas["responder"].user
    record, graded = training.grade(ray, truth)
    assert (record.score, record.passed) == (100, True)
    blocked = next(g for g in graded if g.scenario == scenarios[1])
    assert blocked.right and blocked.explanation  # the guard says why
    wrong = {pk: ("allow" if v != "allow" else "block") for pk, v in truth.items()}
    record2, graded2 = training.grade(ray, wrong)
    assert record2.score == 0 and not record2.passed and not any(g.right for g in graded2)
    assert training.current_record(ray) == record  # a failed run does not replace a pass
    with pytest.raises(training.TrainingError, match="missing: Get well"):
        training.grade(ray, {scenarios[0].pk: "allow", scenarios[1].pk: "block"})
    assert AuditEntry.objects.filter(action="training_completed").count() == 2


def test_the_pass_mark_and_a_year_of_validity(scenarios, personas) -> None:
    Requirements.objects.update_or_create(pk=1, defaults={"pass_mark": 70})
    truth = _truth(scenarios)
    two_of_three = {**truth, scenarios[2].pk: "allow" if truth[scenarios[2].pk] != "allow" else "block"}
    record, _ = training.grade(personas["responder"].user, two_of_three)
    assert record.score == 67 and not record.passed and record.pass_mark == 70
    passed, _ = training.grade(personas["responder"].user, truth)
    TrainingRecord.objects.filter(pk=passed.pk).update(taken_at=timezone.now() - timedelta(days=366))
    assert training.current_record(personas["responder"].user) is None


def test_replies_can_require_a_current_record(scenarios, personas) -> None:
    ray = personas["responder"].user
    assert gates.refusal(ray, "reply") is None  # not required by default
    Requirements.objects.update_or_create(pk=1, defaults={"require_training": True})
    refused = gates.refusal(ray, "publish")
    assert refused is not None and "pass the social media training" in refused.message
    assert refused.url == "/governance/training/"
    training.grade(ray, _truth(scenarios))
    assert gates.refusal(ray, "reply") is None


def test_a_learner_takes_the_course_on_the_page(scenarios, personas) -> None:
    client = personas["responder"].client
    page = client.get("/governance/training/").content.decode()
    assert "Named newborn" in page and "Add a scenario" not in page  # scenarios are written by compliance
    truth = _truth(scenarios)
    missing = client.post("/governance/training/take/", {f"scenario-{scenarios[0].pk}": "allow"})
    assert missing.status_code == 400 and "Choose allow, review or block" in missing.content.decode()
    result = client.post("/governance/training/take/", {f"scenario-{pk}": v for pk, v in truth.items()})
    body = result.content.decode()
    assert "100%" in body and "passed" in body and "the guard says <strong>block</strong>" in body
    admin = personas["admin"].client
    admin.post("/governance/training/requirements/", {"require_training": "on", "pass_mark": "90"})
    assert Requirements.get().require_training and Requirements.get().pass_mark == 90
    assert admin.post("/governance/training/requirements/", {"pass_mark": "0"}).status_code == 400
    assert client.post("/governance/training/requirements/", {"pass_mark": "10"}).status_code == 403
