"""Groups (or roles) the identity provider sends, mapped to Bedside roles.

``BEDSIDE_SSO_ROLE_MAP`` lists ``GROUP=role`` entries separated by ``;`` or
new lines. A group may itself hold ``=`` and ``,`` (an LDAP distinguished name
from ADFS: ``CN=Bedside Admins,OU=Groups,DC=hospital,DC=org``), so each entry
is split at its *last* ``=``; role names never hold one. Groups are compared
without regard to case (Entra's object ids and DNs are case-insensitive).
Someone in several mapped groups gets the first role of ``PRECEDENCE``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bedside.workspace.roles import Role

# Most to least privileged; "least privileged" is the last one.
PRECEDENCE: tuple[Role, ...] = (Role.ADMIN, Role.SOCIAL_MANAGER, Role.COMPLIANCE, Role.RESPONDER, Role.VIEWER)
LEAST_PRIVILEGED = PRECEDENCE[-1]


class RoleMapError(ValueError):
    """A role map that cannot be read, saying which entry and why."""


def parse_role_map(text: str, *, name: str = "BEDSIDE_SSO_ROLE_MAP") -> dict[str, Role]:
    mapping: dict[str, Role] = {}
    entries = [e.strip() for e in text.replace("\n", ";").split(";")]
    for number, entry in enumerate((e for e in entries if e), start=1):
        group, sep, role = entry.rpartition("=")
        group, role = group.strip(), role.strip()
        if not sep or not group:
            raise RoleMapError(f"{name}: entry {number} ({entry!r}) is not GROUP=role")
        try:
            found = Role(role.lower())
        except ValueError:
            expected = ", ".join(r.value for r in Role)
            raise RoleMapError(
                f"{name}: entry {number} ({entry!r}) names the role {role!r}; expected one of {expected}"
            ) from None
        key = group.casefold()
        if key in mapping and mapping[key] != found:
            raise RoleMapError(
                f"{name}: entry {number} maps the group {group!r} a second time, to another role"
            )
        mapping[key] = found
    return mapping


def as_groups(value: Any) -> tuple[str, ...]:
    """A claim or attribute as a list of group names: providers send a list,
    or one string when a person is in one group."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, Iterable):
        return tuple(str(v) for v in value if v is not None and str(v).strip())
    return (str(value),)


def role_for(groups: Iterable[str], role_map: dict[str, Role]) -> Role | None:
    """The role the groups map to (highest in PRECEDENCE), or None when none is mapped."""
    found = {role_map[g.casefold()] for g in groups if g.casefold() in role_map}
    return next((r for r in PRECEDENCE if r in found), None)
