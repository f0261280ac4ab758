"""The one approval state machine of replies and posts, and the workspace's
approval chain.

Replies (bedside.inbox.states) and posts (bedside.publishing.approval) share
the approval part of their lives: a draft is submitted; what nothing asks a
reviewer about is approved at once, the rest waits for approval; a reviewer
approves or rejects; an edit sends it back to draft. Each extends the table
with what follows approval (a reply is sent; an approved post can still be
edited, which sends it back for approval). Both live here, below the domain
apps, so neither copies the other.

The chain: a workspace lists its approval steps (ApprovalStep, in order), e.g.
"Content" by a social manager for every post, then "Compliance" by a
compliance reviewer when the guard flagged it or it is a patient story. A
post waits until every step that applies to it is approved, each by a person
of the step's role (an admin may take any step), never by its author, and
each step by a different person. With no steps configured the chain is one
compliance step for what the guard flagged and for patient stories.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

DRAFT, AWAITING_APPROVAL, APPROVED, REJECTED = "draft", "awaiting_approval", "approved", "rejected"

#: state -> the states it may move to, each with why (the shared part)
TABLE: dict[str, dict[str, str]] = {
    DRAFT: {AWAITING_APPROVAL: "the guard or the chain asked for a reviewer",
            APPROVED: "nothing asked for a reviewer"},
    AWAITING_APPROVAL: {APPROVED: "its last approval step was approved", REJECTED: "a reviewer rejected it",
                        DRAFT: "its author edited it"},
    REJECTED: {DRAFT: "its author edited it", AWAITING_APPROVAL: "resubmitted; a reviewer is asked",
               APPROVED: "resubmitted; nothing asked for a reviewer"},
    APPROVED: {},
}


class IllegalTransition(Exception):
    """A move the state machine does not allow; names both states."""

    def __init__(self, what: str, current: str, wanted: str) -> None:
        super().__init__(f"a {what} that is {current!r} cannot become {wanted!r}")
        self.current, self.wanted = current, wanted


def extended(more: Mapping[Any, Mapping[Any, str]]) -> dict[Any, dict[Any, str]]:
    """The shared table with ``more`` moves added (a reply's sending, a post's edit)."""
    states = [*TABLE, *(s for s in more if s not in TABLE)]
    return {s: {**TABLE.get(s, {}), **more.get(s, {})} for s in states}


def allowed(table: Mapping[Any, Mapping[Any, str]], current: Any, wanted: Any) -> bool:
    return current == wanted or wanted in table.get(current, {})


def check(table: Mapping[Any, Mapping[Any, str]], what: str, current: Any, wanted: Any) -> None:
    if not allowed(table, current, wanted):
        raise IllegalTransition(what, str(current), str(wanted))


# -- the chain -----------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    name: str
    role: str  # "" when only named people decide it
    when: str  # always | flagged | patient_story | flagged_or_patient_story
    people: tuple[int, ...] = ()  # named people (user ids) who decide it too, or instead of a role
    who: str = ""  # who decides it, in words, for the refusal


#: applies_to -> functions naming more steps an item needs, which an app above
#: registers (governance: the responsibility matrix's approver for a reply to
#: a message in one of its situations). Each takes the item the steps are for.
EXTRA_STEPS: dict[str, list[Callable[[Any], list[Step]]]] = {}


def add_steps(applies_to: str, find: Callable[[Any], list[Step]]) -> None:
    found = EXTRA_STEPS.setdefault(applies_to, [])
    if find not in found:
        found.append(find)


def extra_steps(applies_to: str, item: Any) -> list[Step]:
    """The registered steps for ``item``, in order, each (role, people) once."""
    steps: list[Step] = []
    for find in EXTRA_STEPS.get(applies_to, []):
        for step in find(item):
            if all((s.role, s.people) != (step.role, step.people) for s in steps):
                steps.append(step)
    return steps


DEFAULT_CHAIN = (Step("Compliance", "compliance", "flagged_or_patient_story"),)


def chain(applies_to: str = "posts") -> list[Step]:
    from bedside.workspace.models import ApprovalStep

    steps = [Step(s.name, s.role, s.when) for s in ApprovalStep.objects.filter(applies_to=applies_to)]
    return steps or list(DEFAULT_CHAIN)


def applies(step: Step, *, flagged: bool, patient_story: bool) -> bool:
    return {"always": True, "flagged": flagged, "patient_story": patient_story,
            "flagged_or_patient_story": flagged or patient_story}.get(step.when, True)


def steps_for(*, flagged: bool, patient_story: bool, applies_to: str = "posts") -> list[Step]:
    """The steps this item must pass, in order (empty: approved at once)."""
    return [s for s in chain(applies_to) if applies(s, flagged=flagged, patient_story=patient_story)]


def next_step(steps: Sequence[Step], decisions: Iterable[Mapping[str, Any]]) -> Step | None:
    done = {d.get("step") for d in decisions}
    return next((s for s in steps if s.name not in done), None)


def why_not(step: Step, reviewer: Any, author_id: int | None, decisions: Iterable[Mapping[str, Any]]) -> str:
    """Why ``reviewer`` may not decide ``step`` ("" when they may)."""
    from bedside.workspace.permissions import role_of
    from bedside.workspace.roles import Role

    if author_id is not None and author_id == getattr(reviewer, "pk", None):
        return "A post cannot be approved or rejected by its own author; ask another reviewer."
    role = role_of(reviewer)
    named = getattr(reviewer, "pk", None) in step.people
    if not named and not (step.role and role in (Role.ADMIN, step.role)):
        if step.who:
            return f"The step '{step.name}' is decided by {step.who}."
        try:
            label = Role(step.role).label
        except ValueError:
            label = step.role
        return f"The step '{step.name}' is decided by a {label.lower()} (or an admin)."
    if any(d.get("by") == getattr(reviewer, "pk", None) for d in decisions):
        return "You approved an earlier step of this; each step needs a different person."
    return ""


def parse_step(raw: str, position: int) -> Step:
    """A step written as NAME:ROLE:WHEN (the CLI's form); ValueError saying what is wrong."""
    from bedside.workspace.roles import Role

    parts = [p.strip() for p in raw.split(":")]
    if len(parts) != 3 or not parts[0]:
        raise ValueError(f"step {position}: write NAME:ROLE:WHEN, e.g. Compliance:compliance:flagged (got {raw!r})")
    name, role, when = parts
    if role not in {r.value for r in Role} or role == Role.VIEWER:
        raise ValueError(f"step {position}, ROLE: {role!r} is not a role that can approve "
                         f"(one of admin, social_manager, responder, compliance)")
    if when not in ("always", "flagged", "patient_story", "flagged_or_patient_story"):
        raise ValueError(f"step {position}, WHEN: {when!r} is not one of always, flagged, patient_story, "
                         "flagged_or_patient_story")
    return Step(name[:60], role, when)
