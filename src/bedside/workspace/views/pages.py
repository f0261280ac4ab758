"""The section that is not built yet (reputation). The dashboard is reports.views.dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can

#: Every section of the product with its one-line summary, for the dashboard's cards.
SECTIONS = {
    "benchmark": (
        "Benchmark",
        "Compare audience, growth, engagement, cadence and content mix with your peers, "
        "with presence, cross-promotion and brand-consistency audits.",
    ),
    "inbox": (
        "Inbox",
        "Every comment, mention, message and review in one triaged queue, with PHI and crisis flags "
        "and replies checked by the HIPAA guard.",
    ),
    "publishing": (
        "Publishing",
        "Compose, check every word for PHI, route flagged posts through legal review, schedule and publish.",
    ),
    "reputation": (
        "Reputation",
        "Physicians' listings on review sites, their accuracy, ratings and HIPAA-safe review responses.",
    ),
    "reports": ("Reports", "Dashboards and the executive report as HTML and PDF, and exports."),
}


def _coming(section: str, capability: Can):  # type: ignore[no-untyped-def]
    title, summary = SECTIONS[section]

    @requires(capability)
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, "workspace/coming.html", {"title": title, "summary": summary})

    view.__name__ = section
    return view


reputation = _coming("reputation", Can.VIEW)
