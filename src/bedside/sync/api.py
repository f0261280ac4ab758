"""REST API for sync: a channel's runs, all recent runs, and Sync now."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from bedside.channels.models import Channel
from bedside.sync import tasks
from bedside.sync.models import SyncRun
from bedside.workspace import audit
from bedside.workspace.api import FieldErrors, ObjectId, need
from bedside.workspace.roles import Can

router = Router(tags=["sync"])


class SyncRunOut(Schema):
    id: int
    channel_id: int
    started_at: datetime
    finished_at: datetime | None
    seconds: float | None
    status: str
    trigger: str
    counts: dict
    timings: dict
    errors: list[str]
    #: records skipped as unreadable (the rest of their page was stored)
    problems: list[dict]
    problem_count: int
    permanent: bool
    retry_at: datetime | None


class SyncQueuedOut(Schema):
    channel_id: int
    queued: bool
    task_id: str | None
    detail: str


@router.get("/channels/{channel_id}/sync-runs", response=list[SyncRunOut])
def channel_runs(request: HttpRequest, channel_id: ObjectId, limit: int = Query(20, ge=1, le=500)) -> object:
    need(request, Can.VIEW)
    channel = get_object_or_404(Channel, pk=channel_id)
    return channel.sync_runs.all()[:limit]


@router.get("/sync-runs", response=list[SyncRunOut])
def recent_runs(request: HttpRequest, status: str = "", limit: int = Query(50, ge=1, le=500)) -> object:
    need(request, Can.VIEW)
    runs = SyncRun.objects.all()
    if status:
        if status not in SyncRun.Status.values:
            raise FieldErrors({"status": [f"Expected one of: {', '.join(SyncRun.Status.values)}."]})
        runs = runs.filter(status=status)
    return runs[:limit]


@router.post("/channels/{channel_id}/sync", response={202: SyncQueuedOut})
def sync_now(request: HttpRequest, channel_id: ObjectId) -> object:
    need(request, Can.MANAGE_ORGS)
    channel = get_object_or_404(Channel, pk=channel_id)
    task_id = tasks.enqueue(channel, trigger="api")
    if task_id is not None:
        audit.record("sync_requested", channel, request=request, actor=request.auth, detail={"task": task_id})
    return Status(202, {
        "channel_id": channel.pk,
        "queued": task_id is not None,
        "task_id": task_id,
        "detail": "queued" if task_id else "a sync of this channel is already queued",
    })
