"""An organization's channels: the list with its add form, and removal.

The organization page is where channels are added, so it lives here, above
the workspace app that holds organizations (its URL is unchanged).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.channels.forms import ChannelForm
from bedside.channels.models import Channel
from bedside.workspace import audit
from bedside.workspace.models import Organization
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can


@requires(Can.VIEW)
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organization, pk=pk)
    can_manage = user_can(request.user, Can.MANAGE_ORGS)
    form = ChannelForm(organization=org)
    if request.method == "POST":
        if not can_manage:
            return HttpResponse("Your role cannot change channels.", status=403)
        form = ChannelForm(request.POST, organization=org)
        if form.is_valid():
            with transaction.atomic():
                channel = form.save()
                audit.record("channel_added", channel, request=request)
            messages.success(request, f"Added {channel}.")
            return redirect("organization_detail", pk=org.pk)
    return render(
        request,
        "workspace/organization_detail.html",
        {
            "org": org,
            "channels": org.channels.all(),
            "locations": org.locations.all(),
            "form": form,
            "can_manage": can_manage,
            "can_delete": user_can(request.user, Can.DELETE_ORGS),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@requires(Can.MANAGE_ORGS)
def channel_delete(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_object_or_404(Channel, pk=pk)
    with transaction.atomic():
        audit.record("channel_deleted", channel, request=request)
        channel.delete()
    messages.success(request, f"Removed {channel}.")
    return redirect("organization_detail", pk=channel.organization_id)
