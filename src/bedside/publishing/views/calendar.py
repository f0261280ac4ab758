"""The calendar: a month of scheduled, published and failed variants, day by
day in the workspace's time zone (a list that reads as well on a phone as a
grid would on a desk), and what each campaign's published posts did."""

from __future__ import annotations

import calendar as cal
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bedside.networks.registry import NETWORKS
from bedside.publishing import metrics
from bedside.publishing.models import Post, Variant
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can


def _month(raw: str) -> date:
    try:
        year, month = (int(x) for x in raw.split("-", 1))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@requires(Can.PUBLISH, Can.APPROVE)
def calendar_page(request: HttpRequest) -> HttpResponse:
    first = _month(request.GET.get("month", ""))
    days_in = cal.monthrange(first.year, first.month)[1]
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = start + timedelta(days=days_in)
    state = request.GET.get("state", "")
    # When a variant shows: its publication if published, else its scheduled time.
    rows = (Variant.objects.filter(Q(published_at__gte=start, published_at__lt=end)
                                   | Q(published_at__isnull=True, scheduled_at__gte=start, scheduled_at__lt=end))
            .select_related("post", "channel").defer("body", "guard_detail", "post__review_note",
                                                     "post__justification"))
    if state in Variant.State.values:
        rows = rows.filter(state=state)
    days: dict[date, list[dict[str, Any]]] = {}
    for v in rows:
        when = timezone.localtime(v.published_at or v.scheduled_at)
        days.setdefault(when.date(), []).append({
            "variant": v, "when": when, "network": NETWORKS.get(v.network, v.network),
            "waiting": v.post.state != Post.State.APPROVED})
    for items in days.values():
        items.sort(key=lambda i: (i["when"], i["variant"].pk))
    unscheduled = (Post.objects.filter(variants__scheduled_at__isnull=True, variants__published_at__isnull=True)
                   .exclude(variants__state=Variant.State.PUBLISHED).distinct().select_related("author")[:50])
    previous = (first - timedelta(days=1)).replace(day=1)
    following = first + timedelta(days=days_in)
    return render(request, "publishing/calendar.html", {
        "first": first, "days": sorted(days.items()), "time_zone": timezone.get_current_timezone_name(),
        "previous": previous.strftime("%Y-%m"), "following": following.strftime("%Y-%m"),
        "state": state, "states": Variant.State.choices, "unscheduled": unscheduled,
        "failed": Variant.objects.filter(state=Variant.State.FAILED).count(),
        "campaigns": metrics.by_campaign()})
