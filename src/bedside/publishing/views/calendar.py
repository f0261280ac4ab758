"""The calendar: a month, a week or a day of scheduled, published and failed
variants, day by day in the workspace's time zone (a list that reads as well
on a phone as a grid would on a desk), and what each campaign's posts
published in that period did.

A health system can schedule 10,000 posts a month: a month shows each day's
first ``PER_DAY`` posts with how many more there are (the day's link shows
them all), counted and cut in SQL; rows are read as plain values (no model
instances, no encrypted body decrypted). Measured in bench/publishing.py.

A post not yet sent moves to another day by drag and drop or by keyboard
(static/publishing/calendar.js), both of which submit the small form every
such post carries, so moving works without JS too (``move_variant``).
"""

from __future__ import annotations

import calendar as cal
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import parse_qsl

from django.contrib import messages as flash
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import Coalesce, RowNumber, TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from bedside.networks.registry import NETWORKS
from bedside.publishing import approval, metrics, reschedule
from bedside.publishing.approval import PostError
from bedside.publishing.models import Campaign, Post, Variant
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can

#: posts shown per day in the month view; a week shows more, a day all
PER_DAY = {"month": 8, "week": 24, "day": None}
#: the calendar's own query parameters, kept when a move returns to it
PERIOD_KEYS = ("month", "week", "day", "state")
MOVABLE = frozenset(approval.NOT_YET_SENT)


def _date(raw: str, fmt: str) -> date | None:
    try:
        return datetime.strptime(raw, fmt).date()
    except ValueError:
        return None


def _period(request: HttpRequest) -> tuple[str, date, date]:
    """(view, first day, day after the last) from ?day=, ?week= or ?month=."""
    day = _date(request.GET.get("day", ""), "%Y-%m-%d")
    if day:
        return "day", day, day + timedelta(days=1)
    week = _date(request.GET.get("week", ""), "%Y-%m-%d")
    if week:
        monday = week - timedelta(days=week.weekday())
        return "week", monday, monday + timedelta(days=7)
    first = _date(request.GET.get("month", ""), "%Y-%m") or timezone.localdate().replace(day=1)
    return "month", first, first + timedelta(days=cal.monthrange(first.year, first.month)[1])


def _in_period(start: datetime, end: datetime) -> QuerySet[Variant]:
    # When a variant shows: its publication if published, else its scheduled
    # time; the expression is indexed (variant_when_idx).
    return (Variant.objects.annotate(when=Coalesce("published_at", "scheduled_at"))
            .filter(when__gte=start, when__lt=end)
            .annotate(day=TruncDate("when", tzinfo=timezone.get_current_timezone())))


@requires(Can.PUBLISH, Can.APPROVE)
def calendar_page(request: HttpRequest) -> HttpResponse:
    view, first, after = _period(request)
    zone = timezone.get_current_timezone()
    start, end = datetime.combine(first, time.min, tzinfo=zone), datetime.combine(after, time.min, tzinfo=zone)
    state = request.GET.get("state", "")
    rows = _in_period(start, end)
    if state in Variant.State.values:
        rows = rows.filter(state=state)
    cap = PER_DAY[view]
    # One pass: each day's first ``cap`` rows and the day's count beside them.
    shown = rows.annotate(rank=Window(RowNumber(), partition_by=[F("day")], order_by=[F("when").asc(), F("id").asc()]),
                          day_total=Window(Count("id"), partition_by=[F("day")]))
    if cap is not None:
        shown = shown.filter(rank__lte=cap)
    days: dict[date, list[dict[str, Any]]] = {}
    totals: dict[date, int] = {}
    may_move = user_can(request.user, Can.PUBLISH)
    for v in shown.values("id", "post_id", "post__title", "post__state", "network", "state", "error", "when", "day",
                          "day_total"):
        totals[v["day"]] = v["day_total"]
        days.setdefault(v["day"], []).append({
            **v, "when": timezone.localtime(v["when"]), "network_label": NETWORKS.get(v["network"], v["network"]),
            "state_label": Variant.State(v["state"]).label,
            "waiting": v["post__state"] != Post.State.APPROVED,
            "movable": may_move and v["state"] in MOVABLE,
            "post_state_label": Post.State(v["post__state"]).label.lower()})
    for items in days.values():
        items.sort(key=lambda i: (i["when"], i["id"]))
    # A month or a week lists every day once anything is in it: each day is
    # somewhere a post can be dragged to.
    every = ([first + timedelta(days=n) for n in range((after - first).days)] if totals and view != "day"
             else sorted(totals))
    listed = [(day, days.get(day, []), totals.get(day, 0) - len(days.get(day, []))) for day in every]
    # A series' or queue's content (a template) never has a time of its own.
    waiting = Variant.objects.filter(scheduled_at__isnull=True, published_at__isnull=True,
                                     post__is_template=False).values("post_id")
    unscheduled = Post.objects.filter(pk__in=waiting).only("id", "title", "state").order_by("-id")[:50]
    month = first.replace(day=1)
    previous, following = _neighbours(view, first, after)
    return render(request, "publishing/calendar.html", {
        "view": view, "first": first, "last": after - timedelta(days=1), "month": month, "days": listed,
        "time_zone": timezone.get_current_timezone_name(), "previous": previous, "following": following,
        "state": state, "states": Variant.State.choices, "unscheduled": unscheduled, "per_day": cap,
        "here": urlencode({k: request.GET[k] for k in PERIOD_KEYS if request.GET.get(k)}),
        "move_url": reverse("publishing_move", args=[0]).removesuffix("0/move/"), "may_move": may_move,
        "this_week": (first if view == "week" else timezone.localdate()).isoformat(),
        "failed": Variant.objects.filter(state=Variant.State.FAILED).count(),
        # One reverse() for the page, not one per row (thousands a month).
        "post_url": reverse("publishing_post", args=[0]).removesuffix("0/"),
        "campaigns": metrics.by_campaign(start, end),
        "campaign_links": list(Campaign.objects.values("name", "slug")[:100])})


def _neighbours(view: str, first: date, after: date) -> tuple[str, str]:
    """The query strings of the period before and after this one."""
    if view == "day":
        return f"day={first - timedelta(days=1):%Y-%m-%d}", f"day={after:%Y-%m-%d}"
    if view == "week":
        return f"week={first - timedelta(days=7):%Y-%m-%d}", f"week={after:%Y-%m-%d}"
    return f"month={(first - timedelta(days=1)).replace(day=1):%Y-%m}", f"month={after:%Y-%m}"


@requires(Can.PUBLISH)
@require_POST
def move_variant(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a post's variant to another day (``day``, YYYY-MM-DD) and time
    (``time``, HH:MM; empty keeps its time of day), then back to the calendar
    period it was moved from (``next``: the calendar's query string)."""
    variant = get_object_or_404(Variant.objects.select_related("post"), pk=pk)
    try:
        day = reschedule.parse_day(request.POST.get("day", ""))
        variant = reschedule.move(variant, day, reschedule.parse_time(request.POST.get("time", "")), request.user,
                                  request=request)
        flash.success(request, f"Moved “{variant.post.title}” on {NETWORKS.get(variant.network, variant.network)} to "
                               f"{timezone.localtime(variant.scheduled_at):%a %d %b %Y, %H:%M}.")
    except PostError as exc:
        flash.error(request, f"Not moved: {exc}")
    return redirect(reverse("publishing_calendar") + _back(request.POST.get("next", "")))


def _back(query: str) -> str:
    """The calendar's own parameters from ``query``, nothing else (no open redirect)."""
    kept = {k: v for k, v in parse_qsl(query) if k in PERIOD_KEYS}
    return f"?{urlencode(kept)}" if kept else ""
