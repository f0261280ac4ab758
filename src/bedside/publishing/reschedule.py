"""Moving a variant to another day (and time) from the calendar: by drag and
drop, by keyboard, or by the plain form each post carries without JS.

The rules are those of rescheduling on the post's page (``approval.schedule``:
not once the variant is on its way or published; an approved post stays
approved, since its content is unchanged), plus one the calendar needs: a
post is never moved into the past, where the worker would send it at once.
Days and times are the workspace's (its time zone)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from bedside.publishing import approval
from bedside.publishing.approval import PostError
from bedside.publishing.models import Variant


def parse_day(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise PostError({"day": [f"{raw.strip()[:40]!r} is not a day (YYYY-MM-DD)."]}) from None


def parse_time(raw: str) -> time | None:
    """A wall-clock time (HH:MM); None when left empty (keep the variant's)."""
    if not raw.strip():
        return None
    try:
        return time.fromisoformat(raw.strip()).replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        raise PostError({"time": [f"{raw.strip()[:40]!r} is not a time of day (HH:MM)."]}) from None


def target(variant: Variant, day: date, at: time | None, now: datetime | None = None) -> datetime:
    """The moment ``day`` at ``at`` (or at the variant's own time of day) in
    the workspace's time zone; refused in the past."""
    if at is None:
        if variant.scheduled_at is None:
            raise PostError({"time": ["This post has no time yet: give one (HH:MM)."]})
        at = timezone.localtime(variant.scheduled_at).time().replace(second=0, microsecond=0)
    zone = timezone.get_current_timezone()
    when = timezone.make_aware(datetime.combine(day, at), zone)
    if when <= (now or timezone.now()):
        raise PostError({"day": [f"{timezone.localtime(when):%a %d %b %Y %H:%M} has passed: "
                                 "a post can be moved to a later time only."]})
    return when


def move(variant: Variant, day: date, at: time | None, actor: Any, *, request: Any = None) -> Variant:
    """Move ``variant`` to ``day`` (at ``at`` or its own time); the change is
    audited with where it came from (the post's history shows it)."""
    when = target(variant, day, at)
    if variant.state not in approval.NOT_YET_SENT:
        raise PostError(f"This variant is {variant.get_state_display().lower()}; it cannot be moved.")
    return approval.schedule(variant, when, actor, request=request)
