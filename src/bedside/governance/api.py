"""/api/governance: the policies' acknowledgement report, training records,
the responsibility matrix, and accepting the employee policy (the same rules
as the pages)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from bedside.governance import matrix, policies
from bedside.governance.models import TrainingRecord
from bedside.workspace.api import need
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can

router = Router(tags=["governance"])


class StandingOut(Schema):
    username: str
    accepted_at: datetime | None
    last_accepted_version: int | None


class AcknowledgementsOut(Schema):
    version: int | None
    not_accepted: int
    people: list[StandingOut]


class GovernanceConflictOut(Schema):
    """409: nothing to accept (no employee policy is in force)."""

    detail: str


class AcceptedOut(Schema):
    version: int
    accepted_at: datetime


class RecordOut(Schema):
    username: str
    taken_at: datetime
    score: int
    passed: bool
    pass_mark: int


class SituationOut(Schema):
    situation: str
    label: str
    drafts: str
    approves: str
    told: str
    target_minutes: int
    queue: str | None
    recognised_by_triage: bool
    # What is enforced: the role (or "") and the usernames of the people named
    drafts_role: str
    drafts_people: list[str]
    approves_role: str
    approves_people: list[str]
    told_role: str
    told_people: list[str]


@router.get("/governance/acknowledgements", response=AcknowledgementsOut)
def acknowledgements(request: HttpRequest) -> object:
    """Who must accept the employee policy in force, those who have not first."""
    need(request, Can.APPROVE)
    current, standing = policies.report()
    return {
        "version": current.number if current else None,
        "not_accepted": sum(1 for s in standing if s.accepted_at is None),
        "people": [
            {
                "username": s.person.get_username(),
                "accepted_at": s.accepted_at,
                "last_accepted_version": s.accepted_version,
            }
            for s in standing
        ],
    }


@router.post("/governance/acknowledgements", response={200: AcceptedOut, 409: GovernanceConflictOut})
def accept(request: HttpRequest) -> object:
    """Accept the employee policy in force as the signed-in person (409 when none is in force)."""
    need(request, Can.VIEW)
    if not any(user_can(request.auth, c) for c in (Can.REPLY, Can.PUBLISH, Can.APPROVE)):
        raise HttpError(403, "Only people who reply, publish or approve accept the employee policy.")
    current = policies.current_employee()
    if current is None:
        raise HttpError(409, "No employee policy is in force.")
    ack = policies.acknowledge(request.auth, current, request=request)
    return {"version": current.number, "accepted_at": ack.accepted_at}


@router.get("/governance/training", response=list[RecordOut])
def records(request: HttpRequest) -> object:
    """Training runs, newest first: everyone's for compliance, else one's own."""
    need(request, Can.VIEW)
    rows = TrainingRecord.objects.select_related("person")
    if not user_can(request.auth, Can.APPROVE):
        rows = rows.filter(person=request.auth)
    return [
        {
            "username": r.person.get_username(),
            "taken_at": r.taken_at,
            "score": r.score,
            "passed": r.passed,
            "pass_mark": r.pass_mark,
        }
        for r in rows[:1000]
    ]


@router.get("/governance/matrix", response=list[SituationOut])
def responsibility(request: HttpRequest) -> object:
    need(request, Can.VIEW)
    return [
        {
            "situation": s.key,
            "label": s.get_key_display(),
            "drafts": s.drafts,
            "approves": s.approves,
            "told": s.told,
            "target_minutes": s.target_minutes,
            "queue": s.queue.slug if s.queue else None,
            "recognised_by_triage": matrix.recognised(s),
            **{f"{column}_role": getattr(s, f"{column}_role") for column in ("drafts", "approves", "told")},
            **{f"{column}_people": sorted(p.get_username() for p in getattr(s, f"{column}_people").all())
               for column in ("drafts", "approves", "told")},
        }
        for s in matrix.ensure()
    ]
