"""Formatting for benchmark numbers: "no data" wherever a value is None."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from bedside.networks.registry import NETWORKS

register = template.Library()

NO_DATA = mark_safe('<span class="nodata">no data</span>')


@register.filter
def get(mapping: Any, key: Any) -> Any:
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def metric(value: Any, unit: str = "") -> SafeString | str:
    if value is None:
        return NO_DATA
    if unit == "followers":
        return f"{value:,.0f}"
    if unit.startswith("%"):
        # Engagement rates live well under 1%: two decimals keep them apart.
        if abs(value) < 1:
            return f"{value:.2f}%"
        return f"{value:.1f}%" if abs(value) < 100 else f"{value:,.0f}%"
    if unit == "hours":
        return f"{value:.1f} h"
    if unit == "index":
        return f"{value:.0f}"
    return f"{value:.1f}"


@register.filter
def signed(value: Any, unit: str = "followers") -> SafeString | str:
    if value is None:
        return NO_DATA
    text = metric(abs(value), unit)
    return f"{'+' if value >= 0 else '−'}{text}"


@register.filter
def yesno_data(value: bool | None) -> SafeString:
    if value is None:
        return NO_DATA
    return format_html('<span class="{}">{}</span>', "yes" if value else "no", "yes" if value else "no")


@register.filter
def network_label(slug: str) -> str:
    return NETWORKS.get(slug, slug)


_ADJECTIVES = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly"}


@register.filter
def period_adjective(period: str) -> str:
    return _ADJECTIVES.get(period, period)


def span_words(days: int | None) -> str:
    """A growth window in words: "12 months", "1 month", "9 days"."""
    if not days:
        return "no time"
    months = round(days / 30.4375)
    if months >= 1:
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"


@register.filter
def window_words(comparison: Any) -> str:
    """"12 months to 30 Jun 2026", "1 Mar 2026 to 30 Jun 2026" for a chosen window."""
    if comparison.as_of is None or comparison.start is None:
        return ""
    days = (comparison.as_of - comparison.start).days
    end = comparison.as_of.strftime("%-d %b %Y")
    if days in (365, 366):
        return f"12 months to {end}"
    return f"{comparison.start.strftime('%-d %b %Y')} to {end}"


@register.simple_tag
def rank_cells(row: Any, metrics: list[tuple[str, str, str]]) -> SafeString:
    """One organization's cells of a rank table, formatted in Python: a peer
    set of 50 would otherwise cost thousands of template lookups."""
    cells = []
    for key, _label, unit in metrics:
        value = row.values.get(key)
        shown = signed(value) if key == "growth_abs" else metric(value, unit)
        if key == "growth_abs" and value is not None:
            shown = format_html("{} <small>over {}</small>", shown, span_words(row.values.get("growth_days")))
        rank = row.rank.get(key)
        cells.append(format_html('<td class="num">{}{}</td>', shown, format_html(" <small>({})</small>", rank) if rank else ""))
        if key == "audience":
            cells.append(format_html('<td class="num">{}</td>', metric(row.index_median.get(key), "index")))
            cells.append(format_html('<td class="num">{}</td>', metric(row.index_leader.get(key), "index")))
    return mark_safe("".join(cells))  # every part was escaped by format_html


_ABSENT = mark_safe('<span class="absent">not on it</span>')


@register.simple_tag
def network_cells(row: Any, networks: list[str]) -> SafeString:
    """One organization's audience per network: "not on it" where it has no
    channel there, "no data" where it has one without a count."""
    cells = []
    for n in networks:
        shown = metric(row.by_network.get(n), "followers") if n in row.networks else _ABSENT
        cells.append(format_html('<td class="num">{}</td>', shown))
    return mark_safe("".join(cells))  # every part was escaped by format_html


@register.simple_tag
def mix_cells(row: Any, content_types: list[tuple[str, str]]) -> SafeString:
    """One organization's content mix, a cell per type ("no data" without classified posts)."""
    mix = row.content_mix
    cells = [format_html('<td class="num">{}</td>', metric(mix.get(key), "%") if mix else NO_DATA) for key, _ in content_types]
    return mark_safe("".join(cells))  # every part was escaped by format_html
