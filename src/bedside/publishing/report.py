"""A campaign's report: what was planned and what was published, on which
network and when, with the counts each network reports, as a page, CSV and
PDF. The PDF is the report's own print template laid out by WeasyPrint (as
the executive report is), so the page and the PDF show the same rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from bedside.publishing import metrics
from bedside.publishing.models import Campaign, Variant

#: the networks' counts are joined a chunk of published variants at a time
#: (metrics.for_variants builds one OR per chunk)
CHUNK = 400
CSV_COLUMNS = ("post", "title", "network", "state", "scheduled_at", "published_at", "url", *metrics.FIELDS)


@dataclass
class Report:
    campaign: Campaign
    rows: list[dict[str, Any]] = field(default_factory=list)
    planned: int = 0  # variants scheduled or published, i.e. the plan
    published: int = 0
    failed: int = 0
    totals: metrics.Measured = field(default_factory=metrics.Measured)


def build(campaign: Campaign) -> Report:
    variants = list(Variant.objects.filter(post__campaign=campaign).select_related("post")
                    .defer("body", "guard_detail").order_by("scheduled_at", "pk"))
    measured: dict[int, metrics.Measured] = {}
    published = [v for v in variants if v.state == Variant.State.PUBLISHED]
    for start in range(0, len(published), CHUNK):
        measured.update(metrics.for_variants(published[start:start + CHUNK]))
    report = Report(campaign)
    for v in variants:
        m = measured.get(v.pk, metrics.Measured())
        report.rows.append({"post": v.post_id, "title": v.post.title, "network": v.network, "state": v.state,
                            "state_label": v.get_state_display(), "scheduled_at": v.scheduled_at,
                            "published_at": v.published_at, "url": v.url,
                            **{name: getattr(m, name) for name in metrics.FIELDS}})
    report.planned = sum(1 for v in variants if v.scheduled_at is not None or v.published_at is not None)
    report.published = len(published)
    report.failed = sum(1 for v in variants if v.state == Variant.State.FAILED)
    report.totals = metrics.total(measured.get(v.pk, metrics.Measured(posts=1)) for v in published)
    return report


def render_pdf(report: Report) -> bytes:
    """The report printed: Letter landscape, numbered pages."""
    # Imported here: WeasyPrint loads Pango at import, which only printing needs.
    from weasyprint import HTML

    html = render_to_string("publishing/campaign_print.html", {"report": report, "campaign": report.campaign,
                                                                "generated": timezone.localtime()})
    return bytes(HTML(string=html).write_pdf())
