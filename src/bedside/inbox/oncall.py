"""Who is on call now: from the weekly schedule (each shift in its own time
zone), plus anyone whose "on call" flag is set (an override, always first
tier)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from bedside.inbox.models import OnCallShift


def covers(shift: OnCallShift, now: datetime) -> bool:
    """Whether ``shift`` is running at ``now`` (aware). A shift that ends at
    or before it starts runs past midnight: it also covers the early hours
    of the next day."""
    local = now.astimezone(ZoneInfo(shift.time_zone))
    clock = local.time().replace(tzinfo=None)
    if shift.starts < shift.ends:
        return local.weekday() == shift.weekday and shift.starts <= clock < shift.ends
    if local.weekday() == shift.weekday and clock >= shift.starts:
        return True
    yesterday = (local - timedelta(days=1)).weekday()
    return yesterday == shift.weekday and clock < shift.ends


def on_call(tier: int = 1, now: datetime | None = None) -> list[Any]:
    """Active people on call at ``now`` for ``tier``, by username."""
    now = now or timezone.now()
    shifts = OnCallShift.objects.filter(tier=tier, person__is_active=True).select_related("person")
    people = {s.person.pk: s.person for s in shifts if covers(s, now)}
    if tier == 1:
        for user in get_user_model().objects.filter(member__on_call=True, is_active=True):
            people.setdefault(user.pk, user)
    return sorted(people.values(), key=lambda u: u.get_username())


def admins() -> list[Any]:
    return list(get_user_model().objects.filter(member__role="admin", is_active=True).order_by("username"))
