"""Roles and what each may do: the one permission matrix.

Views and API endpoints ask for a capability, never for a role, so the matrix
below is the single place a permission changes.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    SOCIAL_MANAGER = "social_manager"
    RESPONDER = "responder"
    COMPLIANCE = "compliance"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.SOCIAL_MANAGER: "Social media manager",
    Role.RESPONDER: "Responder",
    Role.COMPLIANCE: "Compliance reviewer",
    Role.VIEWER: "Viewer",
}


class Can(StrEnum):
    VIEW = "view"  # dashboards, benchmark, reports
    MANAGE_ORGS = "manage_orgs"  # add/edit organizations, peers, channels
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    READ_MESSAGES = "read_messages"  # open PHI-bearing bodies (audited)
    REPLY = "reply"  # write replies and drafts
    PUBLISH = "publish"  # schedule and publish approved posts
    APPROVE = "approve"  # compliance approval of flagged replies/posts
    MANAGE_SETTINGS = "manage_settings"  # routing rules, alerts, credentials
    EDIT_VOCABULARY = "edit_vocabulary"  # the guard's campuses, units, staff and signers


_ALL = frozenset(Can)

MATRIX: dict[Role, frozenset[Can]] = {
    Role.ADMIN: _ALL,
    Role.SOCIAL_MANAGER: frozenset(
        {Can.VIEW, Can.MANAGE_ORGS, Can.READ_MESSAGES, Can.REPLY, Can.PUBLISH}
    ),
    Role.RESPONDER: frozenset({Can.VIEW, Can.READ_MESSAGES, Can.REPLY}),
    Role.COMPLIANCE: frozenset({Can.VIEW, Can.VIEW_AUDIT, Can.READ_MESSAGES, Can.APPROVE, Can.EDIT_VOCABULARY}),
    Role.VIEWER: frozenset({Can.VIEW}),
}


def allows(role: str | None, capability: Can) -> bool:
    if role is None:
        return False
    try:
        return capability in MATRIX[Role(role)]
    except ValueError:
        return False
