"""Daily counts kept as mentions are linked to searches (see SearchDay,
OrganizationDay): adding is one UPDATE per (search, day) touched, so a batch
of a few hundred mentions over a few days costs a handful of statements."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from bedside.listening.models import Mention, OrganizationDay, SearchDay, SearchDayIntent


def _day(mention: Mention) -> date:
    return mention.published_at.date()


def add_links(search_id: int, organization_id: int, mentions: Iterable[Mention],
              already_in_org: set[int]) -> None:
    """Count ``mentions`` newly linked to a search; those in ``already_in_org``
    were found before by another search of the same organization."""
    per_day: dict[date, Counter[str]] = {}
    org_days: Counter[date] = Counter()
    intents: Counter[tuple[date, str]] = Counter()
    for m in mentions:
        counter = per_day.setdefault(_day(m), Counter())
        counter["total"] += 1
        intents[(_day(m), m.intent)] += 1
        if m.sentiment in ("positive", "negative"):
            counter[m.sentiment] += 1
        if m.pk not in already_in_org:
            org_days[_day(m)] += 1
    for day, c in per_day.items():
        _bump(SearchDay, {"search_id": search_id, "day": day},
              {"total": c["total"], "positive": c["positive"], "negative": c["negative"]})
    for (day, intent), n in intents.items():
        _bump(SearchDayIntent, {"search_id": search_id, "day": day, "intent": intent}, {"n": n})
    for day, n in org_days.items():
        _bump(OrganizationDay, {"organization_id": organization_id, "day": day}, {"mentions": n})


def _bump(model: type[SearchDay] | type[OrganizationDay] | type[SearchDayIntent], key: dict[str, object],
          add: dict[str, int]) -> None:
    changes = {name: F(name) + n for name, n in add.items() if n}
    if not changes:
        return
    if model.objects.filter(**key).update(**changes):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **add)
    except IntegrityError:  # another worker created the row first
        model.objects.filter(**key).update(**changes)
