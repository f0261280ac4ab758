"""The alerts of a message through the REST API: who was alerted, by what,
whether it arrived, and acknowledging a crisis."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from bedside.inbox import alerts, escalation
from bedside.inbox.models import Acknowledgement, Message
from bedside.workspace.api import ObjectId, need
from bedside.workspace.roles import Can

router = Router(tags=["inbox"])


class DeliveryOut(Schema):
    transport: str
    target: str
    person: str | None
    status: str
    attempts: int
    last_error: str
    sent_at: datetime | None


class AlertOut(Schema):
    trigger: str
    label: str
    sent_at: datetime
    rule: str | None
    deliveries: list[DeliveryOut]


class AlertsOut(Schema):
    reach: str  # "reached", "trying", "unreached", or "" when no alert was needed
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    alerts: list[AlertOut]


class AcknowledgementOut(Schema):
    by: str
    at: datetime


@router.get("/inbox/messages/{message_id}/alerts", response=AlertsOut)
def message_alerts(request: HttpRequest, message_id: ObjectId) -> object:
    need(request, Can.READ_MESSAGES)
    message = get_object_or_404(Message, pk=message_id)
    ack = Acknowledgement.objects.filter(message=message).first()
    raised = message.alerts.select_related("rule").prefetch_related("deliveries__person").order_by("sent_at")
    return {
        "reach": escalation.reach(message).state,
        "acknowledged_by": ack.by_name if ack else None,
        "acknowledged_at": ack.at if ack else None,
        "alerts": [{
            "trigger": a.trigger, "label": alerts.LABELS.get(a.trigger, a.trigger), "sent_at": a.sent_at,
            "rule": a.rule.name if a.rule else None,
            "deliveries": [{
                "transport": d.transport, "target": d.target,
                "person": d.person.get_username() if d.person else None, "status": d.status,
                "attempts": d.attempts, "last_error": d.last_error, "sent_at": d.sent_at,
            } for d in a.deliveries.all()],
        } for a in raised],
    }


@router.post("/inbox/messages/{message_id}/acknowledge", response={201: AcknowledgementOut})
def acknowledge(request: HttpRequest, message_id: ObjectId) -> object:
    need(request, Can.REPLY)
    message = get_object_or_404(Message, pk=message_id)
    try:
        ack = escalation.acknowledge(message, request.auth, request=request)
    except escalation.AlreadyAcknowledged as exc:
        raise HttpError(409, str(exc)) from None
    return Status(201, {"by": ack.by_name, "at": ack.at})
