"""What every page's shell needs: the navigation and the user's role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from bedside.workspace.permissions import role_of, user_can
from bedside.workspace.roles import Can, Role

NAVIGATION = [
    ("dashboard", "Dashboard", Can.VIEW),
    ("benchmark", "Benchmark", Can.VIEW),
    ("inbox", "Inbox", Can.READ_MESSAGES),
    ("publishing", "Publishing", Can.REPLY),
    ("reputation", "Reputation", Can.VIEW),
    ("reports", "Reports", Can.VIEW),
    ("organizations", "Organizations", Can.VIEW),
    ("audit", "Audit log", Can.VIEW_AUDIT),
    ("settings", "Settings", Can.VIEW),
]


def shell(request: HttpRequest) -> dict[str, Any]:
    role = role_of(request.user)
    if role is None:
        return {"nav": [], "user_role": None}
    return {
        "nav": [(name, label) for name, label, cap in NAVIGATION if user_can(request.user, cap)],
        "user_role": Role(role).label,
        "can": {cap.value: user_can(request.user, cap) for cap in Can},
    }
