"""REST API for channels: adding one to an organization (listed with it)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from bedside.channels.handles import HandleError, normalize_handle
from bedside.channels.models import Channel
from bedside.networks.registry import NETWORKS
from bedside.workspace import audit
from bedside.workspace.api import ChannelOut, FieldErrors, ObjectId, need
from bedside.workspace.models import Organization
from bedside.workspace.roles import Can

router = Router(tags=["channels"])


class ChannelIn(Schema):
    # The schema lists the networks; the view refuses others with a field error.
    network: str = Field(..., json_schema_extra={"enum": list(NETWORKS)})
    handle: str = Field(..., min_length=1, max_length=300, pattern=r"\S")
    url: str = Field("", max_length=500)
    official: bool = True


@router.post("/organizations/{org_id}/channels", response={201: ChannelOut})
def add_channel(request: HttpRequest, org_id: ObjectId, payload: ChannelIn) -> object:
    need(request, Can.MANAGE_ORGS)
    org = get_object_or_404(Organization, pk=org_id)
    errors: dict[str, list[str]] = {}
    if payload.network not in NETWORKS:
        errors["network"] = [f"Unknown network; expected one of: {', '.join(NETWORKS)}."]
    else:
        try:
            payload.handle = normalize_handle(payload.network, payload.handle)
        except HandleError as exc:
            errors["handle"] = [str(exc)]
    if errors:
        raise FieldErrors(errors)
    try:
        with transaction.atomic():
            channel = Channel.objects.create(
                organization=org,
                network=payload.network,
                handle=payload.handle,
                url=payload.url,
                official=payload.official,
            )
            audit.record("channel_added", channel, request=request, actor=request.auth)
    except IntegrityError:
        raise FieldErrors({"handle": ["This organization already has that channel."]}) from None
    return Status(201, channel)
