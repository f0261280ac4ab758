"""The benchmark over the REST API: the same overview the page shows, as JSON."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from bedside.benchmark.metrics import PERIODS
from bedside.benchmark.overview import as_json, build
from bedside.benchmark.window import read_window
from bedside.networks.registry import NETWORKS
from bedside.workspace.api import MAX_ID, FieldErrors, need
from bedside.workspace.models import Organization
from bedside.workspace.roles import Can

router = Router(tags=["benchmark"])


def _org(value: int | None, field: str, errors: dict[str, list[str]]) -> Organization | None:
    if value is None:
        return None
    found = Organization.objects.filter(pk=value).first()
    if found is None:
        errors[field] = [f"No organization with id {value}."]
    return found


@router.get("/benchmark", response=dict[str, Any])
def benchmark(
    request: HttpRequest,
    period: str = "month",
    network: str = "",
    leader: int | None = Query(None, ge=1, le=MAX_ID),
    org: int | None = Query(None, ge=1, le=MAX_ID),
    start: str = "",
    end: str = "",
) -> Any:
    """Metrics, ranks, indices, time series and the three audits; null means "no data".
    ``start`` and ``end`` (YYYY-MM-DD) choose the window; by default the 12 months
    to the latest reading."""
    need(request, Can.VIEW)
    errors: dict[str, list[str]] = {}
    if period not in PERIODS:
        errors["period"] = [f"Expected one of: {', '.join(PERIODS)}."]
    if network and network not in NETWORKS:
        errors["network"] = [f"Unknown network; expected one of: {', '.join(NETWORKS)}."]
    chosen_leader = _org(leader, "leader", errors)
    subject = _org(org, "org", errors)
    window_start, window_end, wrong = read_window(start, end)
    errors.update({field: [message] for field, message in wrong.items()})
    if errors:
        raise FieldErrors(errors)
    overview = build(
        subject=subject, period=period, network=network or None, leader=chosen_leader, with_charts=False,
        start=window_start, end=window_end,
    )
    return as_json(overview)
