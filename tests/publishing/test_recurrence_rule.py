"""The rule of a recurring post and an evergreen queue's slots: local
wall-clock times, across DST changes, ends and counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bedside.publishing.recurrence import Rule, RuleError, Slots, parse_slots, slots_text

NY = "America/New_York"
FAR = datetime(2030, 1, 1, tzinfo=UTC)


def test_weekly_on_chosen_weekdays_at_a_local_time() -> None:
    # Tuesday and Thursday 10:00 in New York, from Wednesday 2026-01-07 (EST, UTC-5).
    rule = Rule("weekly", time(10), NY, date(2026, 1, 7), weekdays=(1, 3), count=4)
    assert list(rule.times(FAR)) == [datetime(2026, 1, 8, 15, tzinfo=UTC), datetime(2026, 1, 13, 15, tzinfo=UTC),
                                     datetime(2026, 1, 15, 15, tzinfo=UTC), datetime(2026, 1, 20, 15, tzinfo=UTC)]


def test_the_local_time_holds_across_the_spring_dst_change() -> None:
    # US clocks go forward on Sunday 2026-03-08: 10:00 is 15:00 UTC before, 14:00 UTC after.
    rule = Rule("weekly", time(10), NY, date(2026, 3, 1), weekdays=(5, 6, 0), ends_on=date(2026, 3, 9))
    got = [t.isoformat() for t in rule.times(FAR)]
    assert got == ["2026-03-01T15:00:00+00:00", "2026-03-02T15:00:00+00:00", "2026-03-07T15:00:00+00:00",
                   "2026-03-08T14:00:00+00:00", "2026-03-09T14:00:00+00:00"]


def test_the_local_time_holds_across_the_autumn_dst_change() -> None:
    # Clocks go back on Sunday 2026-11-01.
    rule = Rule("weekly", time(9, 30), NY, date(2026, 10, 31), weekdays=(5, 6), count=2)
    assert [t.isoformat() for t in rule.times(FAR)] == ["2026-10-31T13:30:00+00:00", "2026-11-01T14:30:00+00:00"]


def test_a_time_the_spring_change_skips_goes_out_an_hour_later_and_a_doubled_one_once() -> None:
    skipped = Rule("weekly", time(2, 30), NY, date(2026, 3, 8), weekdays=(6,), count=1)
    [when] = skipped.times(FAR)
    assert when == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT
    doubled = Rule("weekly", time(1, 30), NY, date(2026, 11, 1), weekdays=(6,), count=1)
    assert list(doubled.times(FAR)) == [datetime(2026, 11, 1, 5, 30, tzinfo=UTC)]  # the first 01:30 (EDT)


def test_monthly_on_a_day_uses_the_last_day_of_a_shorter_month() -> None:
    rule = Rule("monthly", time(8), "UTC", date(2026, 1, 15), day_of_month=31, ends_on=date(2026, 4, 30))
    assert [t.date() for t in rule.times(FAR)] == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31),
                                                    date(2026, 4, 30)]


def test_every_second_week_and_an_end_date() -> None:
    rule = Rule("weekly", time(12), "UTC", date(2026, 1, 5), weekdays=(0,), interval=2, ends_on=date(2026, 2, 2))
    assert [t.date() for t in rule.times(FAR)] == [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 2)]


def test_the_count_is_counted_from_the_start_whenever_the_times_are_read() -> None:
    rule = Rule("weekly", time(12), "UTC", date(2026, 1, 5), weekdays=(0,), count=3)
    assert len(list(rule.times(datetime(2026, 1, 13, tzinfo=UTC)))) == 2
    assert len(list(rule.times(FAR))) == 3
    assert rule.last_day() == date(2026, 1, 19)
    assert Rule("weekly", time(12), "UTC", date(2026, 1, 5), weekdays=(0,)).last_day() is None


@pytest.mark.parametrize(("rule", "where"), [
    (Rule("weekly", time(9), NY, date(2026, 1, 1)), "weekdays"),
    (Rule("weekly", time(9), NY, date(2026, 1, 1), weekdays=(7,)), "weekdays"),
    (Rule("monthly", time(9), NY, date(2026, 1, 1), day_of_month=32), "day_of_month"),
    (Rule("daily", time(9), NY, date(2026, 1, 1)), "frequency"),
    (Rule("weekly", time(9), "Mars/Olympus", date(2026, 1, 1), weekdays=(1,)), "time_zone"),
    (Rule("weekly", time(9), NY, date(2026, 1, 1), weekdays=(1,), ends_on=date(2025, 12, 1)), "ends_on"),
    (Rule("weekly", time(9), NY, date(2026, 1, 1), weekdays=(1,), count=0), "count"),
])
def test_a_rule_that_cannot_be_followed_says_which_field(rule: Rule, where: str) -> None:
    assert where in rule.problems()


def test_slots_are_read_written_and_placed_in_local_time() -> None:
    slots = parse_slots("Tue 10:00, thursday 10:00; Tue 10:00")
    assert slots == [(1, time(10)), (3, time(10))]
    assert slots_text(slots) == "Tue 10:00, Thu 10:00"
    # The week of the spring change: Thursday 2026-03-05 is EST, Tuesday 2026-03-10 EDT.
    got = Slots(slots, NY).times(datetime(2026, 3, 4, tzinfo=UTC), datetime(2026, 3, 13, tzinfo=UTC))
    assert [t.isoformat() for t in got] == ["2026-03-05T15:00:00+00:00", "2026-03-10T14:00:00+00:00",
                                            "2026-03-12T14:00:00+00:00"]


@pytest.mark.parametrize("raw", ["Tue", "Someday 10:00", "Tue 25:00", "Tue 10:00 Thu"])
def test_a_bad_slot_is_named(raw: str) -> None:
    with pytest.raises(RuleError, match="slot 1"):
        parse_slots(raw)
