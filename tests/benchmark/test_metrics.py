"""Audience, growth and periods computed in the database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bedside.benchmark import metrics
from tests.benchmark.conftest import END, channel, history, organization

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "start, end, months, expected",
    [
        (1000, 1100, 12, (100, 0.797, 10.0)),
        (1000, 1000, 12, (0, 0.0, 0.0)),
        (1000, 900, 12, (-100, -0.874, -10.0)),
        (None, 1000, 12, (None, None, None)),
        (1000, None, 12, (None, None, None)),
        (0, 500, 12, (500, None, None)),  # from nothing: no percentage to speak of
    ],
)
def test_growth_is_absolute_monthly_and_compound_annual(start, end, months, expected) -> None:
    absolute, monthly, annual = metrics.growth(start, end, months)
    assert absolute == expected[0]
    for got, want in ((monthly, expected[1]), (annual, expected[2])):
        assert (got is None and want is None) or got == pytest.approx(want, abs=0.001)


def test_a_total_of_nothing_known_is_none_not_zero() -> None:
    assert metrics.total([None, None]) is None
    assert metrics.total([]) is None
    assert metrics.total([None, 0, 5]) == 5


def test_followers_on_a_day_take_the_latest_reading_before_it() -> None:
    org = organization("A")
    ch = channel(org, "x")
    history(ch, 100, 200, days=100)
    reading = metrics.followers_on([ch.pk], END - timedelta(days=50))[ch.pk]
    assert reading.date == END - timedelta(days=50)
    assert reading.followers == 150
    # A day after the history ends still reads the last value...
    assert metrics.followers_on([ch.pk], END + timedelta(days=10))[ch.pk].followers == 200


def test_a_reading_older_than_a_month_is_no_data() -> None:
    ch = channel(organization("A"), "x")
    history(ch, 100, 200, days=10)
    assert metrics.followers_on([ch.pk], END + timedelta(days=40)) == {}


def test_a_network_with_no_follower_count_reads_as_no_data() -> None:
    ch = channel(organization("A"), "youtube")
    history(ch, None, None, days=10)
    assert metrics.followers_on([ch.pk], END) == {}
    assert metrics.audience_series([ch.pk], "month", END - timedelta(days=10), END) == {}


@pytest.mark.parametrize("period", metrics.PERIODS)
def test_each_period_ends_on_its_latest_reading(period: str) -> None:
    ch = channel(organization("A"), "x")
    history(ch, 0, 4000, days=400)
    start = END - timedelta(days=400)
    series = metrics.audience_series([ch.pk], period, start, END)[ch.pk]
    # Same buckets as Python's, each holding the last day's value of its bucket.
    expected: dict[date, int] = {}
    for back in range(400, -1, -1):
        day = END - timedelta(days=back)
        expected[metrics.bucket_start(day, period)] = round(4000 - 4000 * back / 400)
    assert series == expected


def test_a_gap_in_history_leaves_the_period_out() -> None:
    ch = channel(organization("A"), "x")
    # June 2026 ends the history; skip all of April 2026 (61..90 days before 30 June).
    history(ch, 100, 500, days=200, skip=range(61, 91))
    series = metrics.audience_series([ch.pk], "month", END - timedelta(days=200), END)[ch.pk]
    assert date(2026, 4, 1) not in series
    assert date(2026, 3, 1) in series and date(2026, 5, 1) in series


def test_an_unknown_period_is_refused() -> None:
    with pytest.raises(ValueError, match="period must be one of"):
        metrics.audience_series([1], "fortnight", END - timedelta(days=10), END)


@pytest.mark.parametrize(
    "period, start, end, expected",
    [
        ("day", date(2026, 1, 30), date(2026, 2, 1), [(date(2026, 1, 30),) * 2, (date(2026, 1, 31),) * 2, (date(2026, 2, 1),) * 2]),
        ("week", date(2026, 6, 3), date(2026, 6, 15), [(date(2026, 6, 3), date(2026, 6, 7)), (date(2026, 6, 8), date(2026, 6, 14)), (date(2026, 6, 15),) * 2]),
        ("month", date(2025, 12, 15), date(2026, 2, 10), [(date(2025, 12, 15), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 10))]),
        ("quarter", date(2025, 11, 1), date(2026, 4, 1), [(date(2025, 11, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 3, 31)), (date(2026, 4, 1),) * 2]),
    ],
)
def test_periods_are_calendar_days_weeks_months_and_quarters(period, start, end, expected) -> None:
    assert metrics.buckets(period, start, end) == expected
