"""The dashboard: what needs attention across every app (peers, channels to
reconnect, recent audit). It reads several apps, so it sits above them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bedside.channels.models import Channel
from bedside.workspace.models import AuditEntry, Organization
from bedside.workspace.permissions import may_open, requires, user_can
from bedside.workspace.roles import Can
from bedside.workspace.views.pages import PANELS, SECTIONS


@requires(Can.VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    ours = Organization.objects.filter(is_ours=True).first()
    context = {
        "ours": ours,
        "peer_count": Organization.objects.filter(is_ours=False).count(),
        "channel_count": Channel.objects.count(),
        "reconnect": Channel.objects.filter(status=Channel.Status.RECONNECT).select_related("organization"),
        "sample": Organization.objects.filter(is_sample=True).exists(),
        "recent_audit": (
            AuditEntry.objects.all()[:8] if user_can(request.user, Can.VIEW_AUDIT) else None
        ),
        "sections": [(name, s) for name, s in SECTIONS.items() if may_open(request.user, name)],
        "panels": [p for p in (panel(request) for panel in PANELS) if p],
    }
    return render(request, "workspace/dashboard.html", context)
