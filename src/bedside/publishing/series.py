"""Making and changing a recurring post: its content (a template post,
through the one approval machine) and its rule. The pages, the API and the
demo call these; the generator (recurring.py) turns the rule into posts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from bedside.benchmark.contentmix import PATIENT_STORY
from bedside.publishing import approval, recurring
from bedside.publishing.approval import Authorization, PostError, VariantInput
from bedside.publishing.models import Campaign, Post, Series
from bedside.publishing.recurrence import WEEKDAYS, Rule
from bedside.workspace import audit


@dataclass
class RuleInput:
    frequency: str = "weekly"
    weekdays: Sequence[int] = ()
    day_of_month: int | None = None
    interval: int = 1
    at: time | None = None
    time_zone: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    count: int | None = None

    def rule(self) -> Rule:
        return Rule(self.frequency, self.at or time(0), self.time_zone or timezone.get_current_timezone_name(),
                    self.starts_on or timezone.localdate(), tuple(sorted(set(self.weekdays))), self.day_of_month,
                    self.interval, self.ends_on, self.count)


@dataclass
class ContentInput:
    """What the first version of a series' template says (the composer edits it later)."""

    title: str
    variants: Sequence[VariantInput]
    link: str = ""
    content_type: str = ""
    campaign: Campaign | None = None
    authorization: Authorization = field(default_factory=Authorization)


def problems(name: str, data: RuleInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name.strip() or len(name) > 100:
        errors["name"] = ["Name the series (1 to 100 characters), e.g. Weekly health tip."]
    if data.at is None:
        errors["time"] = ["Give the time of day it goes out (HH:MM)."]
    if data.starts_on is None:
        errors["starts_on"] = ["Give the date it starts (YYYY-MM-DD)."]
    for where, found in data.rule().problems().items():
        errors.setdefault(where, []).extend(found)
    return errors


def authorization_problems(template: Post, rule: Rule) -> list[str]:
    """A patient story recurs only while the patient's authorization lasts."""
    if template.content_type != PATIENT_STORY:
        return []
    expires = template.authorization_expires
    if expires is None:
        return ["A patient story repeats only within its authorization: give the authorization's expiry."]
    last = rule.last_day()
    if last is None or last > expires:
        return [f"A patient story cannot recur beyond its authorization's expiry ({expires:%Y-%m-%d}): "
                "give an end date or a number of occurrences that ends by then."]
    return []


def _apply(series: Series, data: RuleInput) -> None:
    rule = data.rule()
    series.frequency, series.weekdays, series.day_of_month = rule.frequency, list(rule.weekdays), rule.day_of_month
    series.interval, series.time, series.time_zone = rule.interval, rule.at, rule.time_zone
    series.starts_on, series.ends_on, series.count = rule.starts_on, rule.ends_on, rule.count
    if rule.frequency == "weekly":
        series.day_of_month = None
    else:
        series.weekdays = []


def create(author: Any, name: str, data: RuleInput, content: ContentInput, *, submit: bool = True,
           request: Any = None) -> Series:
    """A series and its template; ``submit`` sends the template to the guard
    and the approval chain at once. Every problem is raised together."""
    errors = problems(name, data)
    with transaction.atomic():
        try:
            template = approval.save(author, title=content.title, variants=content.variants, link=content.link,
                                     content_type=content.content_type, campaign=content.campaign,
                                     authorization=content.authorization, request=request, template=True)
        except PostError as exc:
            raise PostError({**exc.errors, **errors}) from None
        if errors:
            raise PostError(errors)
        found = authorization_problems(template, data.rule())
        if found:
            raise PostError({"authorization": found})
        series = Series(name=name.strip(), template=template, created_by=author)
        _apply(series, data)
        series.save()
        audit.record("series_created", series, request=request, actor=author, detail={"template": template.pk})
    if submit:
        approval.submit(template, author, request=request)  # approval makes the occurrences
    return series


def change_rule(series: Series, actor: Any, name: str, data: RuleInput, *, request: Any = None) -> Series:
    """A new rule: the occurrences still to come are withdrawn and made again.
    The content is unchanged, so it needs no new approval."""
    errors = problems(name, data)
    if errors:
        raise PostError(errors)
    with transaction.atomic():
        series = Series.objects.select_for_update().select_related("template").get(pk=series.pk)
        if series.state == Series.State.ENDED:
            raise PostError("This series has ended; make a new one.")
        found = authorization_problems(series.template, data.rule())
        if found:
            raise PostError({"authorization": found})
        series.name = name.strip()
        _apply(series, data)
        series.save()
        withdrawn = recurring.withdraw(series.occurrences.all())
        audit.record("series_changed", series, request=request, actor=actor, detail={"withdrawn": withdrawn})
    recurring.generate_series(series)
    return series


def describe(item: Series) -> str:
    """The rule in words, as the pages and the CLI show it."""
    every = "" if item.interval == 1 else f" every {item.interval}"
    if item.frequency == Series.Frequency.WEEKLY:
        days = ", ".join(WEEKDAYS[d] for d in sorted(item.weekdays or []))
        when = f"Weekly{' (' + every.strip() + ' weeks)' if every else ''} on {days}"
    else:
        when = f"Monthly{' (' + every.strip() + ' months)' if every else ''} on day {item.day_of_month}"
    end = (f", until {item.ends_on:%Y-%m-%d}" if item.ends_on else "") + (f", {item.count} times" if item.count
                                                                         else "")
    return f"{when} at {item.time:%H:%M} ({item.time_zone}), from {item.starts_on:%Y-%m-%d}{end}"
