"""The channel page: status, sync runs, Sync now, credentials and connect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.channels import connect, credentials
from bedside.channels.models import Channel
from bedside.networks.base import Credentials
from bedside.networks.registry import client_class
from bedside.sync import engine, tasks
from bedside.sync.forms import CredentialsForm
from bedside.sync.models import Cursor, SyncRun
from bedside.workspace import audit
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can

RUNS_SHOWN = 20


def _channel(pk: int) -> Channel:
    return get_object_or_404(Channel.objects.select_related("organization"), pk=pk)


def describe_run(run: SyncRun) -> dict[str, Any]:
    streams = [k for k in run.counts if not k.endswith("_new")]
    return {
        "run": run,
        "stored": [(s, run.counts[s], run.counts.get(f"{s}_new", 0)) for s in streams],
        "timings": sorted(run.timings.items()),
    }


@requires(Can.VIEW)
def channel_detail(request: HttpRequest, pk: int, form: CredentialsForm | None = None) -> HttpResponse:
    channel = _channel(pk)
    can_manage = user_can(request.user, Can.MANAGE_ORGS)
    context = {
        "channel": channel,
        "runs": [describe_run(r) for r in channel.sync_runs.all()[:RUNS_SHOWN]],
        "streams": engine.streams_for(channel),
        "capabilities": sorted(client_class(channel.network).capabilities),
        "resuming": list(Cursor.objects.filter(channel=channel).exclude(value="").values_list("stream", flat=True)),
        "can_manage": can_manage,
        "queued": channel.pk in tasks.queued_channel_ids(),
        # Only our own accounts can be connected: a peer's belongs to another organization.
        "can_connect": connect.supports(channel) and channel.organization.is_ours,
    }
    if can_manage:
        context["credentials"] = credentials.describe(channel)
        context["form"] = form or CredentialsForm()
    return render(request, "sync/channel_detail.html", context, status=400 if form is not None else 200)


@require_POST
@requires(Can.MANAGE_ORGS)
def channel_sync(request: HttpRequest, pk: int) -> HttpResponse:
    channel = _channel(pk)
    task_id = tasks.enqueue(channel, trigger="page")
    if task_id is None:
        messages.info(request, f"A sync of {channel} is already queued.")
    else:
        audit.record("sync_requested", channel, request=request, detail={"task": task_id})
        messages.success(request, f"Sync of {channel} queued; the runs below update when it finishes.")
    return redirect("channel_detail", pk=channel.pk)


@require_POST
@requires(Can.MANAGE_ORGS)
def channel_credentials(request: HttpRequest, pk: int) -> HttpResponse:
    channel = _channel(pk)
    if request.POST.get("clear"):
        credentials.clear(channel, request=request)
        messages.success(request, f"Removed the stored credentials of {channel}.")
        return redirect("channel_detail", pk=channel.pk)
    form = CredentialsForm(request.POST)
    if not form.is_valid():
        return channel_detail(request, channel.pk, form=form)
    data = form.cleaned_data
    credentials.save(
        channel, Credentials(token=data["token"], client_id=data["client_id"], client_secret=data["client_secret"]),
        how="page", request=request,
    )
    messages.success(request, f"Saved the credentials of {channel}, encrypted. The next sync uses them.")
    return redirect("channel_detail", pk=channel.pk)


@require_POST
@requires(Can.MANAGE_ORGS)
def channel_connect(request: HttpRequest, pk: int) -> HttpResponse:
    channel = _channel(pk)
    try:
        return redirect(connect.start(request, channel))
    except connect.ConnectError as exc:
        messages.error(request, str(exc))
        return redirect("channel_detail", pk=channel.pk)


@requires(Can.MANAGE_ORGS)
def oauth_callback(request: HttpRequest, network: str) -> HttpResponse:
    try:
        channel = connect.finish(request, network)
    except connect.ConnectError as exc:
        messages.error(request, str(exc))
        return redirect("organizations")
    messages.success(request, f"Connected {channel}. The next sync uses the new access.")
    return redirect("channel_detail", pk=channel.pk)
