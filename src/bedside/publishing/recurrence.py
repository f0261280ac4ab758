"""When a recurring post or an evergreen slot falls: plain date arithmetic on
local wall-clock times, turned into UTC instants one by one, so 10:00 in
New York stays 10:00 across a DST change (the UTC instant moves instead).

A wall-clock time that does not exist on a spring-forward day (02:30) is
read with the offset before the change, i.e. an hour later by the new
clock (03:30); one that happens twice on a fall-back day is the first one.
No Django here: the rule is data, and the tests drive it directly.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SHORT = {name[:3].lower(): i for i, name in enumerate(WEEKDAYS)}
#: a rule with neither an end date nor a count still stops being read here
FAR = timedelta(days=366 * 20)


class RuleError(ValueError):
    """A rule that cannot be followed; ``where`` names the field."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise RuleError("time_zone", f"{name[:64]!r} is not a time zone (e.g. America/New_York).") from None


def instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock ``at`` on ``day`` in ``tz`` (fold=0)."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class Rule:
    frequency: str  # weekly | monthly
    at: time
    time_zone: str
    starts_on: date
    weekdays: tuple[int, ...] = ()
    day_of_month: int | None = None
    interval: int = 1
    ends_on: date | None = None
    count: int | None = None

    def problems(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        try:
            zone(self.time_zone)
        except RuleError as exc:
            found.setdefault(exc.where, []).append(str(exc))
        if self.frequency == "weekly":
            if not self.weekdays:
                found.setdefault("weekdays", []).append("Pick at least one weekday.")
            elif any(not 0 <= d <= 6 for d in self.weekdays):
                found.setdefault("weekdays", []).append("Weekdays are 0 (Monday) to 6 (Sunday).")
        elif self.frequency == "monthly":
            if self.day_of_month is None or not 1 <= self.day_of_month <= 31:
                found.setdefault("day_of_month", []).append("Give the day of the month, 1 to 31.")
        else:
            found.setdefault("frequency", []).append(f"{self.frequency!r} is not weekly or monthly.")
        if not 1 <= self.interval <= 52:
            found.setdefault("interval", []).append("Repeat every 1 to 52 weeks or months.")
        if self.ends_on is not None and self.ends_on < self.starts_on:
            found.setdefault("ends_on", []).append("The end date is before the start date.")
        if self.count is not None and not 1 <= self.count <= 1000:
            found.setdefault("count", []).append("The number of occurrences is 1 to 1000.")
        return found

    def _days(self) -> Iterator[date]:
        if self.frequency == "weekly":
            monday = self.starts_on - timedelta(days=self.starts_on.weekday())
            week = 0
            while True:
                first = monday + timedelta(weeks=week * self.interval)
                for d in sorted(set(self.weekdays)):
                    day = first + timedelta(days=d)
                    if day >= self.starts_on:
                        yield day
                week += 1
        else:
            year, month = self.starts_on.year, self.starts_on.month
            while True:
                last = calendar.monthrange(year, month)[1]
                day = date(year, month, min(self.day_of_month or 1, last))
                if day >= self.starts_on:
                    yield day
                month += self.interval
                year, month = year + (month - 1) // 12, (month - 1) % 12 + 1

    def times(self, until: datetime) -> Iterator[datetime]:
        """Every occurrence (UTC) from the start, in order, up to ``until``
        (exclusive), the end date (inclusive) and the count."""
        tz = zone(self.time_zone)
        stop = min(until, instant(self.starts_on, self.at, tz) + FAR)
        for n, day in enumerate(self._days()):
            if self.count is not None and n >= self.count:
                return
            if self.ends_on is not None and day > self.ends_on:
                return
            when = instant(day, self.at, tz)
            if when >= stop:
                return
            yield when

    def last_day(self) -> date | None:
        """The local day of the last occurrence, or None if it never ends."""
        if self.count is None:
            return self.ends_on
        last = None
        for n, day in enumerate(self._days()):
            if n >= self.count or (self.ends_on is not None and day > self.ends_on):
                break
            last = day
        return last


@dataclass(frozen=True)
class Slots:
    """An evergreen queue's weekly slots, e.g. Tuesday and Thursday 10:00."""

    slots: Sequence[tuple[int, time]]
    time_zone: str

    def times(self, start: datetime, until: datetime) -> list[datetime]:
        """The slots' instants (UTC) in [start, until), in order."""
        tz = zone(self.time_zone)
        day = start.astimezone(tz).date() - timedelta(days=1)
        out: list[datetime] = []
        while True:
            for weekday, at in self.slots:
                if day.weekday() == weekday:
                    when = instant(day, at, tz)
                    if start <= when < until:
                        out.append(when)
            if instant(day, time(0), tz) >= until:
                break
            day += timedelta(days=1)
        return sorted(set(out))


def parse_slots(raw: str) -> list[tuple[int, time]]:
    """Slots written as "Tue 10:00, Thu 10:00" (the form's and the CLI's
    way); RuleError saying which part is wrong."""
    out: list[tuple[int, time]] = []
    for n, part in enumerate(p.strip() for p in raw.replace(";", ",").split(",")):
        if not part:
            continue
        bits = part.split()
        if len(bits) != 2 or bits[0][:3].lower() not in SHORT:
            raise RuleError("slots", f"slot {n + 1}: write a weekday and a time, e.g. Tue 10:00 (got {part[:40]!r}).")
        try:
            at = time.fromisoformat(bits[1])
        except ValueError:
            raise RuleError("slots", f"slot {n + 1}: {bits[1][:20]!r} is not a time (HH:MM).") from None
        out.append((SHORT[bits[0][:3].lower()], at.replace(second=0, microsecond=0)))
    if len(out) > 50:
        raise RuleError("slots", "A queue has at most 50 slots a week.")
    return sorted(set(out))


def slots_text(slots: Sequence[tuple[int, time]]) -> str:
    return ", ".join(f"{WEEKDAYS[d][:3]} {t:%H:%M}" for d, t in slots)
