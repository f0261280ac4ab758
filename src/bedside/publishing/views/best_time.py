"""The best time to post, per network, from our own published posts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bedside.networks.registry import NETWORKS
from bedside.publishing import best_time
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can


@requires(Can.PUBLISH, Can.APPROVE)
def best_time_page(request: HttpRequest) -> HttpResponse:
    found = best_time.best_times()
    rows = [(NETWORKS.get(network, network), counted, slots) for network, (counted, slots) in found.items()]
    return render(request, "publishing/best_time.html", {
        "rows": rows, "min_posts": best_time.MIN_POSTS, "time_zone": timezone.get_current_timezone_name()})
