"""A search's spike raises an alert through the inbox's alert rules (trigger
"Listening: mentions far above a search's usual volume"), once per search
and day: each collection run looks again, and the alert's key (rule, search,
day) keeps a spike that keeps growing from alerting twice.

The alert carries counts and names (the search, its organization), never a
mention's text, and links to that day's mentions on the search's page."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from bedside.inbox import alerts
from bedside.listening import analytics
from bedside.listening.models import SavedSearch

TRIGGER = "mention_spike"
WINDOW = 14  # days of baseline, as the page's spikes
# Only a spike of today or yesterday (UTC) is news: a search's first run can
# fetch weeks of history, and a month-old spike is not worth waking anyone.
RECENT_DAYS = 1


def day_link(search: SavedSearch, day: date) -> str:
    """The search's page showing that day's mentions."""
    return (
        settings.PUBLIC_URL
        + reverse("listening_search", args=[search.pk])
        + "?"
        + urlencode({"day": day.isoformat()})
    )


def raise_for(search: SavedSearch, now: datetime | None = None) -> int:
    """Alert every enabled spike rule about ``search``'s recent spikes;
    returns how many alerts were sent now (a spike alerted before: none)."""
    if TRIGGER not in alerts.live_triggers():
        return 0
    now = now or timezone.now()
    days = analytics.volume(search, now - timedelta(days=WINDOW + RECENT_DAYS), now)
    sent = 0
    for spike in analytics.spikes(days, window=WINDOW):
        if spike.day < now.date() - timedelta(days=RECENT_DAYS):
            continue
        note = (
            f"“{search.name}” about {search.organization.name}: {spike.count} mentions on "
            f"{spike.day.isoformat()} against a usual {spike.baseline:g} a day"
        )
        sent += len(
            alerts.fire(
                TRIGGER,
                note=note,
                key_suffix=f"search:{search.pk}:{spike.day.isoformat()}",
                where=day_link(search, spike.day),
            )
        )
    return sent
