"""A campaign's report page, and the same rows as CSV and as PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from bedside import spreadsheets
from bedside.publishing import report as campaign_report
from bedside.publishing.models import Campaign
from bedside.workspace import audit
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can


@requires(Can.PUBLISH, Can.APPROVE)
def campaign_page(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    built = campaign_report.build(campaign)
    if request.GET.get("format") == "csv":
        audit.record("campaign_report_exported", campaign, request=request, detail={"rows": len(built.rows)})
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.slug}.csv"'
        out = spreadsheets.writer(response)
        out.writerow(campaign_report.CSV_COLUMNS)
        for row in built.rows:
            out.writerow([_cell(row[c]) for c in campaign_report.CSV_COLUMNS])
        return response
    if request.GET.get("format") == "pdf":
        audit.record("campaign_report_exported", campaign, request=request,
                     detail={"rows": len(built.rows), "format": "pdf"})
        response = HttpResponse(campaign_report.render_pdf(built), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.slug}.pdf"'
        return response
    return render(request, "publishing/campaign.html", {"report": built, "campaign": campaign})


def _cell(value: object) -> object:
    if value is None:
        return ""
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if isoformat else value
