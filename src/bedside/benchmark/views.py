"""The benchmark page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bedside.benchmark.comparison import METRICS
from bedside.benchmark.contentmix import CLASSES, LABELS
from bedside.benchmark.definitions import DEFINITIONS
from bedside.benchmark.metrics import PERIODS
from bedside.benchmark.overview import Overview, build
from bedside.benchmark.window import read_window
from bedside.networks.registry import NETWORKS
from bedside.workspace.models import Organization
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can

_GROUPS = [
    ("audience", "Audience and growth", ["audience", "growth_abs", "growth_month", "cagr"]),
    (
        "engagement",
        "Engagement, cadence and conversation",
        ["engagement", "talking_about", "cadence", "video_share", "reply_rate", "reply_hours", "share_of_voice"],
    ),
]


def metric_groups() -> list[dict[str, Any]]:
    by_key = {k: (k, label, unit) for k, label, unit, _ in METRICS}
    return [{"id": gid, "title": title, "metrics": [by_key[k] for k in keys]} for gid, title, keys in _GROUPS]


def read_settings(params: Any) -> tuple[dict[str, Any], list[str]]:
    """Period, network and leader from a query string, with what was wrong in it."""
    errors = []
    period = params.get("period") or "month"
    if period not in PERIODS:
        errors.append(f"Period must be one of {', '.join(PERIODS)}; showing months.")
        period = "month"
    network = params.get("network") or None
    if network and network not in NETWORKS:
        errors.append(f"Unknown network {network!r}; showing all networks.")
        network = None
    leader = None
    raw = params.get("leader") or ""
    if raw:
        leader = Organization.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        if leader is None:
            errors.append("No such leader organization; the largest peer leads.")
    start, end, wrong = read_window(params.get("start"), params.get("end"))
    errors += [f"{'From' if field == 'start' else 'To'}: {message} Using the default window." for field, message in wrong.items()]
    log_scale = params.get("scale") == "log"
    return {"period": period, "network": network, "leader": leader, "start": start, "end": end,
            "log_scale": log_scale}, errors


def page_context(overview: Overview) -> dict[str, Any]:
    return {
        "overview": overview,
        "charts": overview.charts,
        "metric_groups": metric_groups(),
        "content_types": [(k, LABELS[k]) for k in CLASSES],
        "definitions": list(DEFINITIONS.values()),
    }


@requires(Can.VIEW)
def benchmark(request: HttpRequest) -> HttpResponse:
    settings, errors = read_settings(request.GET)
    overview = build(**settings)
    query = urlencode(
        {k: v for k, v in {"period": settings["period"], "network": settings["network"] or "",
                           "leader": settings["leader"].pk if settings["leader"] else "",
                           "start": settings["start"] or "", "end": settings["end"] or "",
                           "scale": "log" if settings["log_scale"] else ""}.items() if v}
    )
    context = page_context(overview) | {
        "errors": errors,
        "periods": PERIODS,
        "networks": list(NETWORKS.items()),
        "organizations": Organization.objects.all(),
        "form": {**settings, "leader": settings["leader"].pk if settings["leader"] else None},
        "query": query,
    }
    return render(request, "benchmark/page.html", context)
