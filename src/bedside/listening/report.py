"""Listening's section of the executive report: counts only, never a body."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from bedside.listening import analytics
from bedside.listening.models import Mention, SavedSearch


@dataclass(frozen=True)
class SearchLine:
    name: str
    organization: str
    mentions: int
    positive_pct: float
    negative_pct: float
    spikes: int


@dataclass(frozen=True)
class Summary:
    start: datetime
    end: datetime
    searches: list[SearchLine]
    voice: list[tuple[str, int, float]]
    sources: list[str]
    for_compliance: int


def summary(days: int = 30, now: datetime | None = None) -> Summary | None:
    """The last ``days`` of listening, or None when there are no searches."""
    end = now or timezone.now()
    start = end - timedelta(days=days)
    searches = list(SavedSearch.objects.select_related("organization"))
    if not searches:
        return None
    lines = []
    for search in searches:
        history = analytics.volume(search, start - timedelta(days=14), end)
        shown = history[-(days + 1):]
        total = sum(d.total for d in shown)
        pos, neg = sum(d.positive for d in shown), sum(d.negative for d in shown)
        lines.append(SearchLine(search.name, search.organization.name, total,
                                round(100 * pos / total, 1) if total else 0.0,
                                round(100 * neg / total, 1) if total else 0.0,
                                sum(1 for s in analytics.spikes(history) if s.day >= start.date())))
    sources = sorted({str(s).split(":", 1)[0] for search in searches for s in search.sources})
    return Summary(start, end, lines, analytics.share_of_voice(searches, start, end), sources,
                   Mention.objects.filter(needs_review=True).count())
