"""What every page's shell needs: the navigation and the user's role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from bedside.workspace.permissions import may_open, role_of, user_can
from bedside.workspace.roles import Can, Role

# Who may open each page is the page's own @requires (may_open reads it).
NAVIGATION = [
    ("dashboard", "Dashboard"),
    ("benchmark", "Benchmark"),
    ("inbox", "Inbox"),
    ("publishing", "Publishing"),
    ("reputation", "Reputation"),
    ("listening", "Listening"),
    ("reports", "Reports"),
    ("organizations", "Organizations"),
    ("audit", "Audit log"),
    ("settings", "Settings"),
]


def shell(request: HttpRequest) -> dict[str, Any]:
    role = role_of(request.user)
    if role is None:
        return {"nav": [], "user_role": None}
    return {
        "nav": [(name, label) for name, label in NAVIGATION if may_open(request.user, name)],
        "user_role": Role(role).label,
        "can": {cap.value: user_can(request.user, cap) for cap in Can},
    }
