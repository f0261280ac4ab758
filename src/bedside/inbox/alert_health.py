"""Whether crisis alerts can reach a person, said where people look: the
system checks (`bedside deploy-check`), `/healthz` and the dashboard."""

from __future__ import annotations

from typing import Any

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from bedside.inbox import alerts, escalation, oncall
from bedside.inbox.models import AlertDelivery, AlertRule
from bedside.inbox.models import alerting as ad
from bedside.inbox.overdue import overdue_count
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can


def crisis_reach_problem() -> str:
    """Why a crisis arriving now would reach nobody through its rules ("" when it would reach someone)."""
    rules = list(AlertRule.objects.filter(enabled=True, trigger="crisis", queue__isnull=True))
    if not rules:
        return "no enabled alert rule for crisis messages (in every queue): a crisis alerts nobody"
    for rule in rules:
        if any(not t.problem for t in alerts.targets(rule)):
            return ""
    if not oncall.on_call(tier=1):
        return "the crisis alert rules reach nobody: nobody is on call now and they have no address or webhook"
    return "the crisis alert rules reach nobody: the people on call have no e-mail address"


def problems() -> list[str]:
    """For /healthz: a live incident only (a crisis or PHI message that
    reached nobody). Configuration gaps are deploy-check's and the
    dashboard's: a fresh install is not "degraded"."""
    unreached = escalation.unreached().count()
    return [f"{unreached} open crisis or PHI message(s) reached nobody"] if unreached else []


@register(Tags.database)
def check_alerts_reach_a_person(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Run by `bedside deploy-check` (it asks for the database checks), which
    exits 1 on them. Warnings, not errors: an error would stop `migrate` and
    every other command that runs the database checks."""
    try:
        reach = crisis_reach_problem()
        admins_reachable = any(u.email for u in oncall.admins())
        unreached = escalation.unreached().count()
    except DatabaseError:
        return []  # not migrated yet: check_database and migrate say so
    found: list[Warning] = []
    if reach:
        found.append(Warning(f"Crisis alerts: {reach}.", id="bedside.W301",
                           hint="Add on-call shifts (Inbox › On call), or an address or webhook on the crisis "
                           "alert rule (Inbox › Queues, routing and alerts), and send it a test alert."))
    if not admins_reachable:
        found.append(Warning("No admin has an e-mail address: an alert that reached nobody cannot escalate.",
                             id="bedside.W302", hint="Give every admin an e-mail address."))
    if unreached:
        found.append(Warning(f"{unreached} open crisis or PHI message(s) reached nobody.", id="bedside.W303",
                           hint="Open the inbox: they are marked in red."))
    return found


def dashboard_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The dashboard's inbox tile: alerts that reached nobody (red), crises
    nobody acknowledged, and messages past their queue's target."""
    if not user_can(request.user, Can.READ_MESSAGES):
        return None
    from bedside.inbox.views.listing import own_channels

    now = timezone.now()
    unreached = escalation.unreached().filter(channel__in=own_channels()).count()
    waiting = escalation.unacknowledged_crises(now).filter(channel__in=own_channels()).count()
    overdue = overdue_count(own_channels())
    reach = crisis_reach_problem()
    failed = AlertDelivery.objects.filter(status=ad.FAILED,
                                          created_at__gte=now - escalation.LOOKBACK).count()
    inbox = reverse("inbox")
    lines = []
    if reach:
        lines.append({"text": f"Crisis alerts: {reach}.", "url": reverse("inbox_on_call"), "alarm": True})
    if unreached:
        lines.append({"text": f"{unreached} crisis or PHI message(s) reached nobody", "url": inbox + "?flag=crisis",
                      "alarm": True, "id": "dashboard-unreached"})
    lines.append({"text": f"{waiting} crisis message(s) not acknowledged", "url": inbox + "?flag=crisis",
                  "alarm": bool(waiting)})
    lines.append({"text": f"{overdue} message(s) overdue (past their queue's response target)", "url": inbox,
                  "alarm": False, "id": "dashboard-overdue"})
    if failed:
        lines.append({"text": f"{failed} alert deliveries failed in the last 7 days", "url": inbox, "alarm": False})
    return {"title": "Inbox alerts", "lines": lines}
