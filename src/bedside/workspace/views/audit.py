from __future__ import annotations

from datetime import datetime, time

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bedside.workspace.forms import AuditFilterForm
from bedside.workspace.models import AuditEntry
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can


def filter_entries(data: dict) -> tuple[AuditFilterForm, object]:
    form = AuditFilterForm(data)
    entries = AuditEntry.objects.all()
    if form.is_valid():
        f = form.cleaned_data
        if f["actor"]:
            entries = entries.filter(actor_name__icontains=f["actor"])
        if f["action"]:
            entries = entries.filter(action__icontains=f["action"])
        if f["object_type"]:
            entries = entries.filter(object_type__icontains=f["object_type"])
        tz = timezone.get_current_timezone()
        if f["since"]:
            entries = entries.filter(at__gte=datetime.combine(f["since"], time.min, tz))
        if f["until"]:
            entries = entries.filter(at__lte=datetime.combine(f["until"], time.max, tz))
    else:
        entries = entries.none()
    return form, entries


@requires(Can.VIEW_AUDIT)
def audit_log(request: HttpRequest) -> HttpResponse:
    form, entries = filter_entries(request.GET)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workspace/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )
