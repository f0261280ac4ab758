"""The demo's governance: the policy templates (the community policy approved
by the demo reviewer, the employee policy left awaiting approval so the demo's
people are not stopped before they have seen it), the invented training
scenarios and the default responsibility matrix."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from bedside.governance import matrix, policies, training
from bedside.governance.models import Policy, PolicyVersion


def load() -> dict[str, int]:
    policies.ensure()
    reviewer = get_user_model().objects.filter(username="reviewer").first()
    community = Policy.objects.get(kind=Policy.Kind.COMMUNITY)
    first = community.versions.filter(number=1, state=PolicyVersion.State.PENDING).first()
    if reviewer is not None and first is not None and community.current() is None:
        policies.review(first, reviewer, approve=True, note="Demo: the shipped template as it comes.")
    matrix.ensure()
    return {"training_scenarios": training.seed()}
