from __future__ import annotations

from datetime import date

import pytest

from bedside.reputation import ratings


def test_the_baseline_floor_is_the_lowest_average_matching_docspot():
    # 65% fives, 10% fours, the rest ones.
    assert pytest.approx(3.9) == ratings.BASELINE_FLOOR


def test_wilson_interval_is_wide_with_few_reviews_and_narrow_with_many():
    low3, high3 = ratings.wilson(1, 3)
    low300, high300 = ratings.wilson(100, 300)
    assert high3 - low3 > 0.5 and high300 - low300 < 0.12
    assert low300 < 1 / 3 < high300


def test_three_reviews_do_not_make_an_outlier_but_three_hundred_do():
    few = ratings.standing(3.0, 3, prior=4.6, stars=[1, 0, 1, 0, 1])
    many = ratings.standing(3.0, 300, prior=4.6, stars=[100, 0, 100, 0, 100])
    assert not few.below_baseline
    assert many.below_baseline and many.verdict == "below baseline"


def test_the_bayesian_average_pulls_a_thin_record_toward_the_system():
    assert ratings.bayesian_average(2.0, 2, prior=4.5) > 4.0
    assert ratings.bayesian_average(3.5, 400, prior=4.5) < 3.55


def test_a_thin_record_one_bad_review_from_the_floor_is_at_risk():
    thin = ratings.standing(4.2, 4, prior=4.5)
    assert thin.at_risk and thin.verdict == "at risk"
    sturdy = ratings.standing(4.2, 80, prior=4.5)
    assert not sturdy.at_risk and sturdy.verdict == "at or above baseline"


def test_an_average_only_record_below_the_floor_is_below_baseline():
    assert ratings.standing(3.2, 150, prior=4.5).below_baseline
    assert not ratings.standing(4.1, 150, prior=4.5).below_baseline


def test_reviews_to_reach_counts_five_star_reviews():
    assert ratings.reviews_to_reach(4.0, 10, 4.5) == 10  # (40 + 50) / 20 = 4.5
    assert ratings.reviews_to_reach(4.8, 10, 4.5) == 0
    assert ratings.reviews_to_reach(4.0, 10, 5.0) is None


def test_pooled_weights_each_site_by_its_reviews():
    assert ratings.pooled([(5.0, 10), (3.0, 30), (None, 4), (4.0, 0)]) == (3.5, 40)


def test_trend_compares_the_latest_reading_with_90_days_before():
    readings = [(date(2026, 1, 1), 4.0), (date(2026, 6, 1), 4.2), (date(2026, 8, 1), 4.5)]
    assert ratings.trend(readings) == 0.3
    assert ratings.trend(readings[:1]) is None
