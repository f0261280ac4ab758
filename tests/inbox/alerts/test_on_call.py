"""Who is on call now comes from weekly shifts, each in its own time zone;
admins manage the schedule on its page; everyone who reads the inbox sees
who is on call."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from bedside.inbox.models import OnCallShift
from bedside.inbox.oncall import covers, on_call
from bedside.workspace.models import AuditEntry, Member

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def _shift(user, weekday: int, starts: time, ends: time, zone: str = "UTC", tier: int = 1) -> OnCallShift:
    return OnCallShift.objects.create(person=user, weekday=weekday, starts=starts, ends=ends, time_zone=zone,
                                      tier=tier)


@pytest.mark.parametrize(("at", "expected"), [
    (datetime(2026, 12, 7, 8, 59, tzinfo=UTC), False),  # a Monday, before the shift
    (datetime(2026, 12, 7, 9, 0, tzinfo=UTC), True),
    (datetime(2026, 12, 7, 16, 59, tzinfo=UTC), True),
    (datetime(2026, 12, 7, 17, 0, tzinfo=UTC), False),  # the end is not in the shift
    (datetime(2026, 12, 8, 10, 0, tzinfo=UTC), False),  # Tuesday
])
def test_a_day_shift_covers_its_hours_on_its_day(personas, at: datetime, expected: bool) -> None:
    shift = _shift(personas["reviewer"].user, 0, time(9), time(17))
    assert covers(shift, at) is expected


@pytest.mark.parametrize(("at", "expected"), [
    (datetime(2026, 12, 11, 21, 59, tzinfo=UTC), False),  # Friday evening
    (datetime(2026, 12, 11, 22, 0, tzinfo=UTC), True),
    (datetime(2026, 12, 12, 3, 0, tzinfo=UTC), True),  # 3 a.m. Saturday: still Friday's night shift
    (datetime(2026, 12, 12, 6, 0, tzinfo=UTC), False),
    (datetime(2026, 12, 13, 3, 0, tzinfo=UTC), False),  # 3 a.m. Sunday: Saturday has no shift
])
def test_a_night_shift_runs_past_midnight(personas, at: datetime, expected: bool) -> None:
    shift = _shift(personas["reviewer"].user, 4, time(22), time(6))
    assert covers(shift, at) is expected


def test_a_shift_follows_its_own_time_zone_and_daylight_saving(personas) -> None:
    shift = _shift(personas["reviewer"].user, 0, time(9), time(17), "America/Chicago")
    # 9:00 in Chicago is 15:00 UTC in winter (CST) and 14:00 UTC in summer (CDT).
    assert covers(shift, datetime(2026, 12, 7, 15, 0, tzinfo=UTC))
    assert not covers(shift, datetime(2026, 12, 7, 14, 30, tzinfo=UTC))
    assert covers(shift, datetime(2026, 7, 6, 14, 30, tzinfo=UTC))


def test_on_call_now_merges_shifts_and_the_override_flag_by_tier(personas) -> None:
    monday_noon = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    _shift(personas["reviewer"].user, 0, time(9), time(17))
    _shift(personas["manager"].user, 0, time(9), time(17), tier=2)
    _shift(personas["responder"].user, 1, time(9), time(17))
    Member.objects.filter(user=personas["viewer"].user).update(on_call=True)
    assert [u.username for u in on_call(1, monday_noon)] == ["rita", "vic"]
    assert [u.username for u in on_call(2, monday_noon)] == ["mona"]
    personas["reviewer"].user.is_active = False
    personas["reviewer"].user.save()
    assert [u.username for u in on_call(1, monday_noon)] == ["vic"]


def test_admins_add_and_delete_shifts_and_it_is_audited(personas) -> None:
    admin = personas["admin"].client
    rita = personas["reviewer"].user
    page = admin.post("/inbox/on-call/", {"shift-person": rita.pk, "shift-weekday": 2, "shift-starts": "20:00",
                                          "shift-ends": "08:00", "shift-time_zone": "Europe/London",
                                          "shift-tier": 1}, follow=True).content.decode()
    shift = OnCallShift.objects.get()
    assert "Shift added" in page and "(next day)" in page and "Europe/London" in page
    assert AuditEntry.objects.filter(action="inbox_on_call_shift_added", actor_name="alice").exists()
    admin.post(f"/inbox/on-call/{shift.pk}/delete/")
    assert not OnCallShift.objects.exists()
    assert AuditEntry.objects.filter(action="inbox_on_call_shift_deleted").exists()


def test_a_bad_time_zone_or_an_empty_shift_is_refused_with_the_reason(personas) -> None:
    admin = personas["admin"].client
    base = {"shift-person": personas["reviewer"].user.pk, "shift-weekday": 0, "shift-starts": "09:00",
            "shift-ends": "17:00", "shift-tier": 1}
    page = admin.post("/inbox/on-call/", {**base, "shift-time_zone": "Mars/Olympus"}).content.decode()
    assert "“Mars/Olympus” is not a time zone name" in page
    page = admin.post("/inbox/on-call/", {**base, "shift-time_zone": "UTC", "shift-ends": "09:00"}).content.decode()
    assert "ends at a different time than it starts" in page
    assert not OnCallShift.objects.exists()


def test_responders_see_who_is_on_call_but_cannot_change_it(personas) -> None:
    ray = personas["responder"].client
    page = ray.get("/inbox/on-call/").content.decode()
    assert "Nobody is on call now." in page and "Add a shift" not in page
    response = ray.post("/inbox/on-call/", {"shift-person": personas["responder"].user.pk, "shift-weekday": 0,
                                            "shift-starts": "09:00", "shift-ends": "17:00", "shift-time_zone": "UTC",
                                            "shift-tier": 1})
    assert response.status_code == 403 and not OnCallShift.objects.exists()
    assert personas["viewer"].client.get("/inbox/on-call/").status_code == 403
