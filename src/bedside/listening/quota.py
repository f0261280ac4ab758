"""Listening's share of a network's daily API quota (YouTube's 10,000 units a
day, where one search.list page costs 100), kept per quota day in the
database so every run of the day draws from the same share."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bedside.listening.models import QuotaDay

# Google's quotas reset at midnight Pacific time.
_RESETS = {"youtube": ZoneInfo("America/Los_Angeles")}
# Half the default 10,000 units: channel sync and replies use the same key.
_DEFAULT_SHARE = {"youtube": 5_000}


def daily(network: str) -> int:
    """Units listening may spend on ``network`` a day
    (``BEDSIDE_<NETWORK>_LISTENING_UNITS`` overrides the default share)."""
    raw = os.environ.get(f"BEDSIDE_{network.upper()}_LISTENING_UNITS", "").strip()
    if raw:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(
                f"BEDSIDE_{network.upper()}_LISTENING_UNITS: {raw!r} is not a whole number"
            ) from None
        if value < 0:
            raise ValueError(f"BEDSIDE_{network.upper()}_LISTENING_UNITS: {raw!r} must be 0 or more")
        return value
    return _DEFAULT_SHARE[network]


def quota_day(network: str, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(_RESETS[network]).date()


def spent(network: str, now: datetime | None = None) -> int:
    row = QuotaDay.objects.filter(network=network, day=quota_day(network, now)).first()
    return row.units if row else 0


def left(network: str, now: datetime | None = None) -> int:
    return max(0, daily(network) - spent(network, now))


def spend(network: str, units: int, now: datetime | None = None) -> None:
    if units <= 0:
        return
    with transaction.atomic():
        row, _ = QuotaDay.objects.get_or_create(network=network, day=quota_day(network, now))
        QuotaDay.objects.filter(pk=row.pk).update(units=F("units") + units)
