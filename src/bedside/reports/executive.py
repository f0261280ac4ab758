"""The executive report: one template, rendered as HTML or printed to PDF.

The PDF is the HTML printed by WeasyPrint, so both always show the same data;
charts are the same server-drawn SVGs as on the benchmark page.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from bedside.benchmark.overview import Overview
from bedside.benchmark.views import page_context
from bedside.listening import report as listening
from bedside.reputation import overview as reputation_overview


def _css() -> str:
    return resources.files("bedside.benchmark").joinpath("static/benchmark/benchmark.css").read_text()


def render_html(overview: Overview) -> str:
    context = page_context(overview) | {"css": _css(), "generated": timezone.now(), "listening": listening.summary(),
                                        "reputation": reputation_overview.report_context()}
    return render_to_string("reports/executive.html", context)


def print_document(overview: Overview) -> Any:
    """The report laid out in pages (a WeasyPrint document)."""
    # Imported here: WeasyPrint loads Pango at import, which only printing needs.
    from weasyprint import HTML

    return HTML(string=render_html(overview)).render()


def render_pdf(overview: Overview) -> bytes:
    return print_document(overview).write_pdf()
