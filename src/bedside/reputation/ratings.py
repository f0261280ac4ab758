"""Ratings against the baseline, with statistics that stay honest with few reviews.

The baseline is DocSpot's study of online reviews of healthcare
professionals: 65% give the top rating and 75% give 4 or 5 of 5. Most sites
show only an average and a count, so two tests are used:

* with the star distribution (reviews in the inbox), the share of 4–5 star
  reviews and its Wilson score interval: a provider is below the baseline
  only when the interval's upper end is under 75%, so three reviews never
  make an outlier on their own;
* with an average only, the average any distribution matching the baseline
  must reach: 65% fives, 10% fours and the other 25% all ones average 3.9,
  the lowest such a distribution can. The average compared is a Bayesian
  average pulled toward the system's median by :data:`PRIOR_REVIEWS`
  pseudo-reviews, so a 2.0 from two reviews does not outrank a 3.8 from 400.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

BASELINE_TOP = 0.65  # share of reviews with the top rating
BASELINE_POSITIVE = 0.75  # share with 4 or 5 of 5
#: the lowest average of a distribution with 65% fives and 75% fours or fives
BASELINE_FLOOR = 0.65 * 5 + 0.10 * 4 + 0.25 * 1
PRIOR_REVIEWS = 10
FEW_REVIEWS = 10
Z95 = 1.959964


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion (0, 1 with no data)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


def bayesian_average(average: float, count: int, prior: float, weight: int = PRIOR_REVIEWS) -> float:
    return (prior * weight + average * count) / (weight + count)


def pooled(pairs: Iterable[tuple[float | None, int | None]]) -> tuple[float | None, int]:
    """One average over several sites, each weighted by its review count."""
    total = 0
    weighted = 0.0
    for rating, count in pairs:
        if rating is None or not count:
            continue
        total += count
        weighted += rating * count
    return (weighted / total if total else None), total


def median(values: Sequence[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True, slots=True)
class Standing:
    average: float | None
    count: int
    adjusted: float | None  # the Bayesian average
    below_baseline: bool
    at_risk: bool
    #: from the star distribution, where known: (share 4–5, Wilson low, Wilson high)
    positive: tuple[float, float, float] | None = None
    top_share: float | None = None

    @property
    def verdict(self) -> str:
        if self.average is None:
            return "no ratings"
        if self.below_baseline:
            return "below baseline"
        if self.at_risk:
            return "at risk"
        return "at or above baseline"


def standing(average: float | None, count: int, *, prior: float | None,
             stars: Sequence[int] | None = None) -> Standing:
    """Where a provider stands. ``stars`` is the count of reviews with 1..5
    stars (index 0 is one star), where the reviews themselves are known."""
    if average is None or count <= 0:
        return Standing(None, 0, None, False, False)
    adjusted = bayesian_average(average, count, prior if prior is not None else average)
    positive = None
    top_share = None
    below = adjusted < BASELINE_FLOOR
    if stars is not None and sum(stars) > 0:
        n = sum(stars)
        good = stars[3] + stars[4]
        low, high = wilson(good, n)
        positive = (good / n, low, high)
        top_share = stars[4] / n
        below = high < BASELINE_POSITIVE
    # One more one-star review would take a thin record below the floor.
    at_risk = not below and count < FEW_REVIEWS and (average * count + 1) / (count + 1) < BASELINE_FLOOR
    return Standing(average, count, adjusted, below, at_risk, positive, top_share)


def reviews_to_reach(average: float, count: int, target: float) -> int | None:
    """How many more five-star reviews lift ``average`` to ``target`` (None if
    no number can: a target of 5 with any lower review)."""
    if average >= target:
        return 0
    if target >= 5:
        return None
    return math.ceil(count * (target - average) / (5 - target) - 1e-9)


def trend(readings: Sequence[tuple[date, float | None]], days: int = 90) -> float | None:
    """Change of the rating over the last ``days`` (latest minus the reading
    nearest to ``days`` before it); None with fewer than two readings."""
    known = [(d, r) for d, r in readings if r is not None]
    if len(known) < 2:
        return None
    last_day, last = known[-1]
    since = last_day - timedelta(days=days)
    earlier = [(d, r) for d, r in known[:-1] if d >= since] or [known[-2]]
    return round(last - earlier[0][1], 2)
