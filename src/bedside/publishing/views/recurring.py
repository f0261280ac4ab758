"""Pages for recurring posts (series) and evergreen queues: make one, change
its rule or slots, pause it, and see the occurrences it has made. Content is
edited in the composer (the series' or queue post's template), where an
edit sends it back for approval like any post."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from bedside.networks.registry import NETWORKS
from bedside.publishing import evergreen, recurring
from bedside.publishing import series as series_ops
from bedside.publishing.approval import PostError, VariantInput
from bedside.publishing.models import CONTENT_TYPES, Campaign, EvergreenQueue, Post, QueueEntry, Series
from bedside.publishing.recurrence import WEEKDAYS, slots_text
from bedside.publishing.views.compose import _authorization, publishable_channels
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can


def _int(raw: str, where: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 6:
        raise PostError({where: [f"{raw[:20]!r} is not a whole number."]})
    return int(raw)


def _day(raw: str, where: str) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise PostError({where: [f"{raw[:40]!r} is not a date (YYYY-MM-DD)."]}) from None


def _time(raw: str) -> time | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return time.fromisoformat(raw).replace(second=0, microsecond=0)
    except ValueError:
        raise PostError({"time": [f"{raw[:20]!r} is not a time (HH:MM)."]}) from None


def rule_input(data: Any, name: str) -> series_ops.RuleInput:
    """The rule from a form; PostError naming every bad field, the name's
    and the rule's own problems with those that could not be read."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    readers = {"day_of_month": lambda r: _int(r, "day_of_month"), "interval": lambda r: _int(r, "interval"),
               "count": lambda r: _int(r, "count"), "at": lambda r: _time(r),
               "starts_on": lambda r: _day(r, "starts_on"), "ends_on": lambda r: _day(r, "ends_on")}
    for key, read in readers.items():
        try:
            values[key] = read(data.get("time" if key == "at" else key, ""))
        except PostError as exc:
            for where, found in exc.errors.items():
                errors.setdefault(where, []).extend(found)
    weekdays = [int(d) for d in data.getlist("weekdays") if d.isdigit() and int(d) < 7]
    rule = series_ops.RuleInput(frequency=data.get("frequency", "weekly"), weekdays=weekdays,
                                day_of_month=values.get("day_of_month"), interval=values.get("interval") or 1,
                                at=values.get("at"), time_zone=data.get("time_zone", "").strip()[:64],
                                starts_on=values.get("starts_on"), ends_on=values.get("ends_on"),
                                count=values.get("count"))
    if errors:
        raise PostError({**series_ops.problems(name, rule), **errors})
    return rule


def _upcoming(posts: Any) -> list[Post]:
    return list(posts.filter(occurrence_at__gte=timezone.now()).order_by("occurrence_at")[:40])


def _form_context(request: HttpRequest, item: Series | None, errors: dict[str, list[str]]) -> dict[str, Any]:
    if request.method == "POST":
        values: Any = request.POST
        weekdays = {int(d) for d in request.POST.getlist("weekdays") if d.isdigit()}
        picked = {int(c) for c in request.POST.getlist("channel") if c.isdigit()}
    elif item is not None:
        values = {"name": item.name, "frequency": item.frequency, "day_of_month": item.day_of_month or "",
                  "interval": item.interval, "time": f"{item.time:%H:%M}", "time_zone": item.time_zone,
                  "starts_on": item.starts_on.isoformat(), "ends_on": item.ends_on.isoformat() if item.ends_on else "",
                  "count": item.count or ""}
        weekdays, picked = set(item.weekdays or []), set()
    else:
        values = {"frequency": "weekly", "interval": 1, "time": "10:00",
                  "time_zone": timezone.get_current_timezone_name(), "starts_on": timezone.localdate().isoformat()}
        weekdays, picked = {1}, set()
    channels = publishable_channels()
    return {"item": item, "values": values, "errors": errors, "weekdays": list(enumerate(WEEKDAYS)),
            "picked_days": weekdays, "picked": picked, "campaigns": Campaign.objects.all(),
            "channels": [(c, f"{NETWORKS.get(c.network, c.network)} {c.handle}") for c in channels],
            "content_types": CONTENT_TYPES, "error_list": [m for ms in errors.values() for m in ms],
            "networks": sorted({(c.network, NETWORKS.get(c.network, c.network)) for c in channels})}


@requires(Can.PUBLISH, Can.APPROVE)
def series_list(request: HttpRequest) -> HttpResponse:
    rows = [{"series": s, "rule": series_ops.describe(s), "next": _upcoming(s.occurrences.all())[:1],
             "waiting": recurring.ready(s.template)}
            for s in Series.objects.select_related("template")]
    return render(request, "publishing/series_list.html", {"rows": rows,
                                                           "may_publish": user_can(request.user, Can.PUBLISH)})


@requires(Can.PUBLISH)
@require_http_methods(["GET", "POST"])
def series_new(request: HttpRequest) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        picked = {int(c) for c in request.POST.getlist("channel") if c.isdigit()}
        channels = [c for c in publishable_channels() if c.pk in picked]
        pk = request.POST.get("campaign", "")
        try:
            rule = rule_input(request.POST, request.POST.get("name", ""))
            content = series_ops.ContentInput(
                title=request.POST.get("title", ""), link=request.POST.get("link", ""),
                content_type=request.POST.get("content_type", ""),
                campaign=Campaign.objects.filter(pk=int(pk)).first() if pk.isdigit() else None,
                authorization=_authorization(request),
                variants=[VariantInput(c, request.POST.get("body", "")) for c in channels])
            made = series_ops.create(request.user, request.POST.get("name", ""), rule, content, request=request)
            made.template.refresh_from_db()
            flash.success(request, "Series saved: " + (
                "its content is approved and its posts are on the calendar." if made.template.state == "approved"
                else "its content waits for approval; its posts are made once it is approved."))
            return redirect("publishing_series_detail", made.pk)
        except PostError as exc:
            errors = exc.errors
    return render(request, "publishing/series_form.html", _form_context(request, None, errors))


@requires(Can.PUBLISH, Can.APPROVE)
def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Series.objects.select_related("template"), pk=pk)
    past = list(item.occurrences.filter(occurrence_at__lt=timezone.now()).order_by("-occurrence_at")[:20])
    return render(request, "publishing/series.html", {
        "item": item, "rule": series_ops.describe(item), "waiting": recurring.ready(item.template),
        "upcoming": _upcoming(item.occurrences.all()), "past": past,
        "may_publish": user_can(request.user, Can.PUBLISH)})


@requires(Can.PUBLISH)
@require_http_methods(["GET", "POST"])
def series_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Series.objects.select_related("template"), pk=pk)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            name = request.POST.get("name", "")
            series_ops.change_rule(item, request.user, name, rule_input(request.POST, name), request=request)
            flash.success(request, "Rule changed: the posts still to come were made again.")
            return redirect("publishing_series_detail", item.pk)
        except PostError as exc:
            errors = exc.errors
    return render(request, "publishing/series_form.html", _form_context(request, item, errors))


@requires(Can.PUBLISH)
@require_POST
def series_state(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Series, pk=pk)
    wanted = request.POST.get("state", "")
    if wanted not in Series.State.values:
        flash.error(request, f"{wanted[:20]!r} is not active, paused or ended.")
    else:
        try:
            recurring.set_series_state(item, wanted, request.user, request=request)
            flash.success(request, {"active": "Resumed.", "paused": "Paused: its posts still to come were removed.",
                                    "ended": "Ended: its posts still to come were removed."}[wanted])
        except ValueError as exc:
            flash.error(request, str(exc))
    return redirect("publishing_series_detail", item.pk)


# -- evergreen queues ----------------------------------------------------------
def _queue_values(request: HttpRequest, queue: EvergreenQueue | None) -> dict[str, Any]:
    if request.method == "POST":
        return {"name": request.POST.get("name", ""), "slots": request.POST.get("slots", ""),
                "min_gap_days": request.POST.get("min_gap_days", ""), "time_zone": request.POST.get("time_zone", ""),
                "picked": {int(c) for c in request.POST.getlist("channel") if c.isdigit()}}
    if queue is not None:
        return {"name": queue.name, "slots": slots_text(recurring.slots_of(queue).slots),
                "min_gap_days": queue.min_gap_days, "time_zone": queue.time_zone,
                "picked": set(queue.channels.values_list("pk", flat=True))}
    return {"name": "", "slots": "Tue 10:00, Thu 10:00", "min_gap_days": 30,
            "time_zone": timezone.get_current_timezone_name(), "picked": set()}


@requires(Can.PUBLISH, Can.APPROVE)
def queue_list(request: HttpRequest) -> HttpResponse:
    rows = [{"queue": q, "slots": slots_text(recurring.slots_of(q).slots), "entries": q.entries.count(),
             "next": _upcoming(q.occurrences.all())[:1]} for q in EvergreenQueue.objects.all()]
    return render(request, "publishing/queue_list.html", {"rows": rows,
                                                          "may_publish": user_can(request.user, Can.PUBLISH)})


@requires(Can.PUBLISH)
@require_http_methods(["GET", "POST"])
def queue_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    queue = get_object_or_404(EvergreenQueue, pk=pk) if pk else None
    errors: dict[str, list[str]] = {}
    values = _queue_values(request, queue)
    if request.method == "POST":
        channels = [c for c in publishable_channels() if c.pk in values["picked"]]
        try:
            gap = _int(values["min_gap_days"], "min_gap_days")
            saved = evergreen.save(request.user, name=values["name"], channels=channels, slots=values["slots"],
                                   min_gap_days=30 if gap is None else gap, time_zone=values["time_zone"].strip(),
                                   queue=queue, request=request)
            flash.success(request, "Queue saved.")
            return redirect("publishing_queue", saved.pk)
        except PostError as exc:
            errors = exc.errors
    labelled = [(c, f"{NETWORKS.get(c.network, c.network)} {c.handle}") for c in publishable_channels()]
    return render(request, "publishing/queue_form.html", {
        "queue": queue, "values": values, "channels": labelled, "errors": errors,
        "error_list": [m for ms in errors.values() for m in ms]})


@requires(Can.PUBLISH, Can.APPROVE)
def queue_page(request: HttpRequest, pk: int) -> HttpResponse:
    queue = get_object_or_404(EvergreenQueue, pk=pk)
    entries = [{"entry": e, "waiting": recurring.ready(e.post)}
               for e in QueueEntry.objects.filter(queue=queue).select_related("post")]
    return render(request, "publishing/queue.html", {
        "queue": queue, "slots": slots_text(recurring.slots_of(queue).slots), "entries": entries,
        "channels": list(queue.channels.all()), "upcoming": _upcoming(queue.occurrences.all()),
        "content_types": CONTENT_TYPES, "may_publish": user_can(request.user, Can.PUBLISH)})


@requires(Can.PUBLISH)
@require_POST
def queue_add(request: HttpRequest, pk: int) -> HttpResponse:
    queue = get_object_or_404(EvergreenQueue, pk=pk)
    try:
        entry = evergreen.add_post(queue, request.user, title=request.POST.get("title", ""),
                                   text=request.POST.get("body", ""), link=request.POST.get("link", ""),
                                   content_type=request.POST.get("content_type", ""), request=request)
        entry.post.refresh_from_db()
        flash.success(request, "Added to the rotation." if entry.post.state == "approved" else
                      "Added: it takes its turn once it is approved.")
    except PostError as exc:
        for found in exc.errors.values():
            for message in found:
                flash.error(request, message)
    return redirect("publishing_queue", queue.pk)


@requires(Can.PUBLISH)
@require_POST
def queue_entry(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    """Move an entry up or down, or take it out of the rotation."""
    found = get_object_or_404(QueueEntry.objects.select_related("queue"), pk=entry, queue_id=pk)
    action = request.POST.get("action", "")
    if action in ("up", "down"):
        evergreen.move(found, -1 if action == "up" else 1, request.user, request=request)
    elif action == "remove":
        evergreen.remove(found, request.user, request=request)
        flash.success(request, "Taken out of the rotation; its slots still to come go to the others.")
    return redirect("publishing_queue", pk)


@requires(Can.PUBLISH)
@require_POST
def queue_pause(request: HttpRequest, pk: int) -> HttpResponse:
    queue = get_object_or_404(EvergreenQueue, pk=pk)
    paused = request.POST.get("paused") == "1"
    recurring.set_queue_paused(queue, paused, request.user, request=request)
    flash.success(request, "Paused: its slots still to come were emptied." if paused else "Resumed.")
    return redirect("publishing_queue", queue.pk)

