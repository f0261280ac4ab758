"""The reports section: the executive report and the exports, for download."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from bedside.benchmark.metrics import PERIODS
from bedside.benchmark.overview import build
from bedside.benchmark.views import read_settings
from bedside.reports import executive, export
from bedside.reports.dashboard import build_dashboard
from bedside.reports.models import ScheduledReport
from bedside.workspace import audit
from bedside.workspace.middleware import content_security_policy, inline_style_hashes
from bedside.workspace.models import Organization
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can
from bedside.workspace.views.pages import PANELS

FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


@requires(Can.VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    """The page a social media director opens first (see reports/dashboard.py)."""
    return render(request, "reports/dashboard.html", {
        "board": build_dashboard(request.user),
        "panels": [p for p in (panel(request) for panel in PANELS) if p],
        "can_manage": user_can(request.user, Can.MANAGE_ORGS),
    })


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ScheduledReport
        fields = ["name", "frequency", "recipients"]
        labels = {"frequency": "Every", "recipients": "Send to"}
        widgets = {"recipients": forms.TextInput(attrs={"placeholder": "director@hospital.org, cmo@hospital.org"})}


@requires(Can.VIEW)
def reports(request: HttpRequest) -> HttpResponse:
    may_schedule = user_can(request.user, Can.MANAGE_SETTINGS)
    form = ScheduleForm(request.POST or None) if may_schedule else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Your role does not allow you to schedule reports. An administrator can.")
        if form.is_valid():
            with transaction.atomic():
                made = form.save(commit=False)
                made.created_by = request.user.get_username()
                made.save()
                audit.record("report_scheduled", made, request=request)
            messages.success(request, f"Scheduled {made.name}: the worker sends it after each period ends.")
            return redirect("reports")
    return render(
        request,
        "reports/index.html",
        {
            "organizations": Organization.objects.all(),
            "ours": Organization.objects.filter(is_ours=True).first(),
            "periods": PERIODS,
            "formats": list(FORMATS),
            "schedules": [(s, s.deliveries.first()) for s in ScheduledReport.objects.prefetch_related("deliveries")],
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@requires(Can.VIEW)
def benchmark_report(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format") or "html"
    if fmt not in FORMATS:
        return HttpResponse(f"format must be one of {', '.join(FORMATS)}", status=400, content_type="text/plain")
    settings, errors = read_settings(request.GET)
    subject = None
    raw = request.GET.get("org") or ""
    if raw:
        subject = Organization.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        if subject is None:
            return HttpResponse("org: no such organization", status=400, content_type="text/plain")
    if errors:
        return HttpResponse("; ".join(errors), status=400, content_type="text/plain")
    overview = build(
        subject=subject, with_charts=fmt in ("html", "pdf"), chart_kind="png" if fmt == "pdf" else "svg", **settings
    )
    if fmt == "html":
        body: str | bytes = executive.render_html(overview)
    elif fmt == "pdf":
        body = executive.render_pdf(overview)
    elif fmt == "csv":
        body = export.to_csv(overview)
    else:
        body = export.to_json(overview)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    if fmt == "html":
        # The report is one self-contained file (it is also saved and mailed),
        # so its style is inline: allow exactly that style block by its hash.
        response["Content-Security-Policy"] = content_security_policy(style_hashes=inline_style_hashes(str(body)))
    if fmt != "html":
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="benchmark-{stamp}.{fmt}"'
    return response
