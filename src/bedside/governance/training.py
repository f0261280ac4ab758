"""The training course: the organization's scenarios, each judged by the
learner (allow, review or block) and then by the guard itself, whose verdict
and explanation the learner sees. A record per run; a pass counts for a year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from bedside.governance.models import Requirements, Scenario, TrainingRecord
from bedside.guard import Context, Result, scan
from bedside.workspace import audit, gates
from bedside.workspace.identifiers import our_public_identifiers

VERDICTS = ("allow", "review", "block")
VALID_FOR = timedelta(days=365)
URL = "/governance/training/"

# Invented people and places only: none of this is about a real patient.
SEED: list[tuple[str, str, str, str]] = [
    (
        "reply",
        "Thanking a visitor",
        "Thank you for the kind words about our lobby garden! We'll share them with the grounds team.",
        "The new garden by the main entrance is lovely, great place to sit.",
    ),
    (
        "reply",
        "Answering a patient who names their surgery",
        "So glad your knee replacement went well, Marguerite! Dr. Okafor will be thrilled to hear it.",
        "Six weeks after my knee replacement with Dr. Okafor and I'm walking the dog again!",
    ),
    (
        "reply",
        "A complaint about a wait",
        "We're sorry to hear about your wait. Please call our patient relations team so we can follow up.",
        "Waited three hours in the emergency room last night. Not okay.",
    ),
    (
        "reply",
        "Wishing someone well",
        "We're glad you're feeling better. Please call us so we can talk privately.",
        "Finally home after my stay on your cardiac floor.",
    ),
    (
        "staff_post",
        "A nurse's night shift",
        "Long night on 5 North: the 80-year-old gentleman with the bad fall finally smiled at 3am. Worth it.",
        "",
    ),
    (
        "staff_post",
        "A team celebration",
        "So proud of our pharmacy team for finishing the new medication safety training this month!",
        "",
    ),
    (
        "caption",
        "A ribbon cutting",
        "Cutting the ribbon on the new parking garage this morning with our facilities crew.",
        "",
    ),
    (
        "caption",
        "Volunteers at the market",
        "Our volunteers Hal and June handing out flu shot reminders at the farmers market.",
        "",
    ),
    (
        "caption",
        "A bedside photo",
        "Baby Theodore Lindqvist, born Tuesday in our birthing center to a very happy mom, Annika!",
        "",
    ),
]


def seed() -> int:
    """The invented examples, once; the organization edits or replaces them."""
    if Scenario.objects.exists():
        return 0
    for position, (kind, title, text, replying_to) in enumerate(SEED):
        Scenario.objects.create(
            kind=kind, title=title, text=text, replying_to=replying_to, position=(position + 1) * 10
        )
    return len(SEED)


def guard_result(scenario: Scenario) -> Result:
    """The guard's real verdict, with the context the text would be sent in."""
    if scenario.kind == Scenario.Kind.REPLY:
        context = Context(
            direction="outbound",
            kind="reply",
            replying_to=scenario.replying_to or None,
            **our_public_identifiers(),
        )
    else:
        context = Context(direction="outbound", kind="post", **our_public_identifiers())
    return scan(scenario.text, context)


def explanation(result: Result) -> list[str]:
    """The guard's reasons, then what each finding was and why, in its words."""
    out = list(result.reasons)
    for finding in result.findings:
        line = f"“{finding.text}”: {finding.explanation}" if finding.explanation else f"“{finding.text}”"
        if line not in out:
            out.append(line)
    return out


@dataclass(frozen=True)
class Graded:
    scenario: Scenario
    answer: str
    verdict: str
    explanation: list[str]

    @property
    def right(self) -> bool:
        return self.answer == self.verdict


class TrainingError(Exception):
    pass


def course() -> list[Scenario]:
    return list(Scenario.objects.filter(active=True))


def grade(
    person: Any, answers: dict[int, str], *, request: Any = None
) -> tuple[TrainingRecord, list[Graded]]:
    """Score a run: every active scenario needs an answer."""
    scenarios = course()
    if not scenarios:
        raise TrainingError("There are no scenarios yet: a compliance reviewer adds them first.")
    missing = [s.title for s in scenarios if answers.get(s.pk) not in VERDICTS]
    if missing:
        raise TrainingError(
            "Choose allow, review or block for every scenario; missing: " + ", ".join(missing) + "."
        )
    graded = []
    for scenario in scenarios:
        result = guard_result(scenario)
        graded.append(Graded(scenario, answers[scenario.pk], result.verdict, explanation(result)))
    score = round(100 * sum(g.right for g in graded) / len(graded))
    mark = Requirements.get().pass_mark
    with transaction.atomic():
        record = TrainingRecord.objects.create(
            person=person,
            score=score,
            passed=score >= mark,
            pass_mark=mark,
            answers=[{"scenario": g.scenario.pk, "answer": g.answer, "guard": g.verdict} for g in graded],
        )
        audit.record(
            "training_completed",
            record,
            request=request,
            actor=person,
            detail={"score": score, "passed": record.passed, "pass_mark": mark},
        )
    return record, graded


def current_record(person: Any, now: Any = None) -> TrainingRecord | None:
    since = (now or timezone.now()) - VALID_FOR
    return TrainingRecord.objects.filter(person=person, passed=True, taken_at__gte=since).first()


def training_gate(person: Any, action: str) -> gates.Refusal | None:
    if not Requirements.get().require_training or current_record(person):
        return None
    return gates.Refusal(
        f"Before you can {action}, pass the social media training (a pass counts for a year).", URL
    )
