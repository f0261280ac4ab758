"""Department leaders: who hears, with patient relations, of a low review of
one of their department's providers (see ``alerting``). One home for naming
and removing them, used by the page and by ``bedside providers leader``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from bedside.workspace import audit

from .models import DepartmentLeader, Provider


class LeaderRefused(ValueError):
    """The department or the person named is not one Bedside knows."""


@dataclass(frozen=True)
class Department:
    name: str
    providers: int
    active: int
    leader: Any  # the leading person, or None

    @property
    def unreachable(self) -> bool:
        # A leader without an address or no longer active hears nothing.
        return self.leader is not None and (not self.leader.email or not self.leader.is_active)


def departments() -> list[Department]:
    """Every department on the roster, with its provider counts and leader."""
    led = {d.department: d.leader for d in DepartmentLeader.objects.select_related("leader")}
    rows = (Provider.objects.exclude(department="").values("department")
            .annotate(n=Count("id"), active=Count("id", filter=Q(status=Provider.Status.ACTIVE)))
            .order_by("department"))
    return [Department(r["department"], r["n"], r["active"], led.get(r["department"])) for r in rows]


def set_leader(department: str, username: str, *, actor: Any = None, request: Any = None) -> DepartmentLeader:
    person = get_user_model().objects.filter(username=username).first()
    if person is None:
        raise LeaderRefused(f"no person with the username {username!r}")
    if not person.is_active:
        raise LeaderRefused(f"{username} is deactivated and would hear nothing")
    if not Provider.objects.filter(department=department).exists():
        raise LeaderRefused(f"no provider on the roster is in the department {department!r}")
    found, _ = DepartmentLeader.objects.update_or_create(department=department, defaults={"leader": person})
    audit.record("department_leader_set", found, actor=actor, request=request,
                 detail={"department": department, "leader": username})
    return found


def clear_leader(department: str, *, actor: Any = None, request: Any = None) -> bool:
    found = DepartmentLeader.objects.filter(department=department).first()
    if found is None:
        return False
    audit.record("department_leader_removed", found, actor=actor, request=request,
                 detail={"department": department, "leader": found.leader.get_username()})
    found.delete()
    return True
