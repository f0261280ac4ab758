"""The window a comparison covers, as a person gives it: a start and an end
date (ISO, YYYY-MM-DD), both optional. One reading of it for the page, the API
and the CLI, each showing its errors its own way."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from bedside.networks.imports.base import EARLIEST as EARLIEST_READING
from bedside.networks.imports.base import FUTURE_SLACK

# The same bounds the import puts on a reading's date: a window outside them holds nothing.
EARLIEST = EARLIEST_READING.date()


def read_window(start: str | None, end: str | None) -> tuple[date | None, date | None, dict[str, str]]:
    """(start, end, errors by field): a missing date is None (the default
    window: the 12 months to the latest reading)."""
    errors: dict[str, str] = {}
    found: dict[str, date | None] = {}
    latest = timezone.localdate() + FUTURE_SLACK
    for field, text in (("start", start), ("end", end)):
        text = (text or "").strip()
        found[field] = None
        if not text:
            continue
        try:
            day = date.fromisoformat(text)
        except ValueError:
            errors[field] = f"{text!r} is not a date; write it as YYYY-MM-DD."
            continue
        if not EARLIEST <= day <= latest:
            errors[field] = f"{day.isoformat()} is outside {EARLIEST.isoformat()} to {latest.isoformat()}."
            continue
        found[field] = day
    if found["start"] and found["end"] and found["start"] >= found["end"]:
        errors["start"] = "The start must be before the end."
        found["start"] = None
    return found["start"], found["end"], errors
