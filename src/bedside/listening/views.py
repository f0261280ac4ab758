"""Listening pages: the searches, one search's picture, one mention (audited)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from bedside.inbox.triage.intent import LABELS as INTENT_LABELS
from bedside.listening import analytics, collect, export
from bedside.listening.filters import FilterError, Filters
from bedside.listening.forms import SearchForm
from bedside.listening.models import Mention, SavedSearch
from bedside.listening.query import QueryError, Text, parse
from bedside.listening.sources import KINDS
from bedside.workspace import audit
from bedside.workspace.permissions import requires, role_of, user_can
from bedside.workspace.roles import Can, denied_message

PERIOD_DAYS = 30
PREVIEW_FROM = 2_000
DAY_SHOWS = 200  # one day's mentions on the page (a spike alert links there)


def _period() -> tuple[timezone.datetime, timezone.datetime]:
    end = timezone.now()
    return end - timedelta(days=PERIOD_DAYS), end


@requires(Can.VIEW)
def searches(request: HttpRequest) -> HttpResponse:
    start, end = _period()
    rows = []
    all_searches = list(SavedSearch.objects.select_related("organization"))
    for search in all_searches:
        rows.append({"search": search, "count": analytics.total(search, start, end),
                     "review": search.mentions.filter(needs_review=True).count()})
    return render(request, "listening/searches.html", {
        "rows": rows, "days": PERIOD_DAYS,
        "voice": analytics.share_of_voice(all_searches, start, end) if all_searches else [],
        "review_total": Mention.objects.filter(needs_review=True).count(),
    })


@requires(Can.MANAGE_ORGS)
@require_http_methods(["GET", "POST"])
def new_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _preview(form.cleaned_data["query"])
        else:
            search = form.save(commit=False)
            search.created_by = request.user  # type: ignore[assignment]
            search.save()
            audit.record("listening_search_created", search, request=request, detail={"sources": search.sources})
            flash.success(request, f"Saved “{search.name}”. It runs every 15 minutes; “Run now” runs it at once.")
            return redirect("listening_search", pk=search.pk)
    return render(request, "listening/new.html", {"form": form, "preview": preview})


def _preview(source: str) -> dict[str, object]:
    """What the query would have matched among the latest stored mentions:
    counts and where, not bodies (the preview is not an audited read)."""
    query = parse(source)
    latest = Mention.objects.order_by("-published_at")[:PREVIEW_FROM]
    read = matched = 0
    by_source: dict[str, int] = {}
    for mention in latest:
        read += 1
        if query.matches(Text.of(mention.body or "", mention.language, (mention.place or "", mention.author_location or ""))):
            matched += 1
            by_source[mention.source] = by_source.get(mention.source, 0) + 1
    return {"explain": query.explain(), "places": query.explain_places(), "read": read, "matched": matched, "by_source": sorted(by_source.items()),
            "terms": query.search_terms()}


@requires(Can.VIEW)
def search_detail(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch.objects.select_related("organization"), pk=pk)
    start, end = _period()
    days = analytics.volume(search, end - timedelta(days=PERIOD_DAYS + 14), end)
    shown = days[-PERIOD_DAYS:]
    peak = max((d.total for d in shown), default=0) or 1
    try:
        explain = search.parsed().explain()
    except QueryError as exc:
        explain = str(exc)
    day = _day(request)
    try:
        filters = Filters.read(request.GET)
    except FilterError as exc:
        flash.error(request, f"{exc}. Showing every mention.")
        filters = Filters()
    if day is not None:
        # One day's mentions, those for compliance first: where a spike alert points.
        day_start = datetime.combine(day, time.min, tzinfo=UTC)
        on_day = filters.apply(analytics.mentions_of(search, day_start, day_start + timedelta(days=1))).defer("body")
        mentions = list(on_day.order_by("-needs_review", "-published_at")[:DAY_SHOWS])
        day_total = on_day.count()
    else:
        period = filters.apply(analytics.mentions_of(search, start, end)).defer("body")
        mentions = [*period.filter(needs_review=True)[:50],
                    *period.filter(needs_review=False).order_by("-published_at")[:50]][:50]
        day_total = 0
    for m in mentions:
        m.intent_label = INTENT_LABELS.get(m.intent, "–")  # type: ignore[attr-defined]
    return render(request, "listening/search.html", {
        "search": search, "days": shown, "peak": peak, "period": PERIOD_DAYS,
        "spikes": analytics.spikes(days),
        "tops": analytics.tops(search, start, end),
        "mentions": mentions, "day": day, "day_total": day_total,
        "explain": explain,
        "may_read": user_can(request.user, Can.READ_MESSAGES),
        "may_export": export.may_export(request.user),
        "filters": filters, "intents": INTENT_LABELS, "sources": KINDS,
        "intent_counts": [(INTENT_LABELS.get(i, "Not recorded"), i, n)
                          for i, n in analytics.intent_counts(search, start, end)],
        "export_since": (end - timedelta(days=PERIOD_DAYS - 1)).date(), "export_until": end.date(),
    })


@requires(Can.MANAGE_ORGS, Can.APPROVE)
def export_mentions(request: HttpRequest, pk: int) -> HttpResponse:
    """The search's mentions over a range, with the page's filters, as a
    download: decrypted only into the streamed response, audited as a read."""
    if not user_can(request.user, Can.READ_MESSAGES):
        raise PermissionDenied(denied_message(Can.READ_MESSAGES, role=role_of(request.user)))
    search = get_object_or_404(SavedSearch, pk=pk)
    try:
        fmt = export.check_format(request.GET.get("format", "csv"))
        days = export.Range.read(request.GET.get("since"), request.GET.get("until"))
        filters = Filters.read(request.GET)
    except (export.ExportError, FilterError) as exc:
        flash.error(request, f"Export: {exc}.")
        return redirect("listening_search", pk=search.pk)
    found = export.mentions(search, days, filters)
    export.record(search, days, filters, fmt, found.count(), request=request, via="page")
    response = StreamingHttpResponse(export.lines(found, fmt), content_type=export.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export.filename(search, days, fmt)}"'
    response["Cache-Control"] = "no-store"
    return response


def _day(request: HttpRequest) -> date | None:
    raw = request.GET.get("day", "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        flash.error(request, f"day={raw[:20]!r} is not a date; write it as YYYY-MM-DD. Showing the whole period.")
        return None


@requires(Can.MANAGE_ORGS)
@require_POST
def run_now(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch.objects.select_related("organization"), pk=pk)
    outcome = collect.run(search)
    if outcome.errors:
        flash.error(request, "Some sources failed: " + "; ".join(outcome.errors))
    flash.success(request, f"Read {outcome.read}, matched {outcome.matched}, {outcome.stored} new"
                           + (f", {outcome.needs_review} for compliance" if outcome.needs_review else "") + ".")
    return redirect("listening_search", pk=search.pk)


@requires(Can.READ_MESSAGES)
def mention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mention = get_object_or_404(Mention, pk=pk)
    audit.record("mention_read", mention, request=request)
    return render(request, "listening/mention.html", {
        "mention": mention, "searches": mention.searches.select_related("organization"),
        "may_review": user_can(request.user, Can.APPROVE)})


@requires(Can.APPROVE)
@require_POST
def mention_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    mention = get_object_or_404(Mention, pk=pk)
    if mention.needs_review:
        mention.needs_review = False
        mention.reviewed_by = request.user  # type: ignore[assignment]
        mention.reviewed_at = timezone.now()
        mention.save(update_fields=["needs_review", "reviewed_by", "reviewed_at"])
        audit.record("mention_reviewed", mention, request=request, detail={"labels": mention.labels})
    return redirect("listening_mention", pk=mention.pk)
