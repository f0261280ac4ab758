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
    # Add/edit organizations, peers and channels, and connect channels: set
    # their credentials (token, OAuth). Whoever connects a channel needs that,
    # so admins and social managers may; credentials are stored encrypted and
    # never shown again, to anyone.
    MANAGE_ORGS = "manage_orgs"
    DELETE_ORGS = "delete_orgs"  # delete (and restore) an organization with all it holds: admins only
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    READ_MESSAGES = "read_messages"  # open PHI-bearing bodies (audited)
    REPLY = "reply"  # write replies and drafts
    PUBLISH = "publish"  # schedule and publish approved posts
    APPROVE = "approve"  # compliance approval of flagged replies/posts
    MANAGE_SETTINGS = "manage_settings"  # routing rules, alerts (not channel credentials: MANAGE_ORGS)
    EDIT_VOCABULARY = "edit_vocabulary"  # the guard's campuses, units, staff and signers
    # The provider roster and which listing is whose (import, add by NPI,
    # attach a listing): it decides what every accuracy check says.
    MANAGE_ROSTER = "manage_roster"


# What each capability lets a person do, in the words a 403 page and an API
# error use ("Your role does not allow you to open messages and reviews").
CAN_PHRASES: dict[Can, str] = {
    Can.VIEW: "see the dashboards, benchmark and reports",
    Can.MANAGE_ORGS: "add or change organizations, peers and channels",
    Can.DELETE_ORGS: "delete or restore an organization",
    Can.MANAGE_USERS: "manage people and their roles",
    Can.VIEW_AUDIT: "read the audit log",
    Can.READ_MESSAGES: "open messages and reviews",
    Can.REPLY: "write replies and drafts",
    Can.PUBLISH: "schedule and publish posts",
    Can.APPROVE: "approve replies and posts for compliance",
    Can.MANAGE_SETTINGS: "change routing, alert and credential settings",
    Can.EDIT_VOCABULARY: "edit the guard's places and people",
    Can.MANAGE_ROSTER: "change the provider roster and its listings",
}


def denied_message(*capabilities: Can, role: str | None = None) -> str:
    """One sentence for a refusal: what the person tried to do, and who can help."""
    what = " or ".join(CAN_PHRASES[c] for c in capabilities)
    try:
        who = f"Your role ({Role(role).label})" if role else "Your role"
    except ValueError:
        who = "Your role"
    return f"{who} does not allow you to {what}. An administrator can change your role."


_ALL = frozenset(Can)

MATRIX: dict[Role, frozenset[Can]] = {
    Role.ADMIN: _ALL,
    Role.SOCIAL_MANAGER: frozenset(
        {Can.VIEW, Can.MANAGE_ORGS, Can.READ_MESSAGES, Can.REPLY, Can.PUBLISH, Can.MANAGE_ROSTER}
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
