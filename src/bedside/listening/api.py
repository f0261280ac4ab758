"""/api/listening: saved searches, their mentions (no bodies), one mention
(its body: an audited read), and running a search now."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from bedside.inbox.triage.intent import LABELS as INTENT_LABELS
from bedside.listening import analytics, collect, export
from bedside.listening.filters import FilterError, Filters
from bedside.listening.models import Mention, SavedSearch
from bedside.listening.query import QueryError, parse
from bedside.listening.sources import parse_sources
from bedside.workspace import audit
from bedside.workspace.api import FieldErrors, need
from bedside.workspace.models import Organization
from bedside.workspace.permissions import role_of, user_can
from bedside.workspace.roles import Can, denied_message

router = Router(tags=["listening"])


class SearchOut(Schema):
    id: int
    name: str
    organization: str
    query: str
    sources: list[str]
    active: bool
    last_run_at: datetime | None
    last_error: str

    @staticmethod
    def resolve_organization(obj: SavedSearch) -> str:
        return obj.organization.name


class SearchIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    organization_id: int
    query: str = Field(..., min_length=1, max_length=1000)
    sources: list[str] = Field(..., min_length=1, max_length=20)


class MentionOut(Schema):
    id: int
    source: str
    external_id: str
    author_handle: str
    url: str
    language: str
    published_at: datetime
    sentiment: str
    intent: str
    intents: list[str]
    crisis: bool
    phi: bool
    spam: bool
    needs_review: bool


class MentionBody(MentionOut):
    body: str
    author_name: str


class RunOut(Schema):
    read: int
    matched: int
    stored: int
    needs_review: int
    errors: list[str]


@router.get("/listening/searches", response=list[SearchOut])
def list_searches(request: HttpRequest) -> object:
    need(request, Can.VIEW)
    return list(SavedSearch.objects.select_related("organization"))


@router.post("/listening/searches", response={201: SearchOut})
def create_search(request: HttpRequest, payload: SearchIn) -> object:
    need(request, Can.MANAGE_ORGS)
    errors: dict[str, list[str]] = {}
    try:
        parse(payload.query)
    except QueryError as exc:
        errors["query"] = [str(exc)]
    sources, bad = parse_sources(payload.sources, first=0)
    if bad:
        errors["sources"] = [f"item {n}: {message}" for n, message in bad]
    org = Organization.objects.filter(pk=payload.organization_id).first()
    if org is None:
        errors["organization_id"] = [f"no organization {payload.organization_id}"]
    elif SavedSearch.objects.filter(organization=org, name=payload.name).exists():
        errors["name"] = [f"{org.name} already has a search named {payload.name!r}"]
    if errors:
        raise FieldErrors(errors)
    search = SavedSearch.objects.create(organization=org, name=payload.name, query=payload.query.strip(),
                                        sources=sources, created_by=request.auth)
    audit.record("listening_search_created", search, request=request, actor=request.auth,
                 detail={"sources": search.sources})
    return Status(201, search)


@router.post("/listening/searches/{search_id}/run", response=RunOut)
def run_search(request: HttpRequest, search_id: int) -> object:
    need(request, Can.MANAGE_ORGS)
    outcome = collect.run(get_object_or_404(SavedSearch.objects.select_related("organization"), pk=search_id))
    return RunOut(read=outcome.read, matched=outcome.matched, stored=outcome.stored,
                  needs_review=outcome.needs_review, errors=outcome.errors)


@router.get("/listening/searches/{search_id}/mentions", response=list[MentionOut])
def list_mentions(request: HttpRequest, search_id: int, limit: int = Query(100, ge=1, le=1000),
                  intent: str = "", source: str = "") -> object:
    need(request, Can.VIEW)
    search = get_object_or_404(SavedSearch, pk=search_id)
    try:
        filters = Filters.read({"intent": intent, "source": source})
    except FilterError as exc:
        raise FieldErrors({exc.args[0].split("=", 1)[0]: [str(exc)]}) from None
    return list(filters.apply(search.mentions.all()).order_by("-published_at")[:limit])


@router.get("/listening/searches/{search_id}/export",
            openapi_extra={"responses": {200: {"description": "CSV or JSON Lines, streamed", "content": {
                "text/csv": {}, "application/x-ndjson": {}}}}})
def export_mentions(request: HttpRequest, search_id: int, since: str = "", until: str = "",
                    format: str = "csv", intent: str = "", source: str = "") -> object:
    """The search's mentions posted from ``since`` to ``until`` (YYYY-MM-DD,
    both included; the last 30 days when left out), bodies included: an
    audited read, for admins, social managers and compliance."""
    need(request, Can.READ_MESSAGES)
    if not (user_can(request.auth, Can.MANAGE_ORGS) or user_can(request.auth, Can.APPROVE)):
        raise HttpError(403, denied_message(Can.MANAGE_ORGS, Can.APPROVE, role=role_of(request.auth)))
    search = get_object_or_404(SavedSearch, pk=search_id)
    errors: dict[str, list[str]] = {}
    fmt, days, filters = "csv", None, Filters()
    try:
        fmt = export.check_format(format)
    except export.ExportError as exc:
        errors["format"] = [str(exc)]
    try:
        days = export.Range.read(since, until)
    except export.ExportError as exc:
        errors["since" if str(exc).startswith("since") else "until"] = [str(exc)]
    try:
        filters = Filters.read({"intent": intent, "source": source})
    except FilterError as exc:
        errors[str(exc).split("=", 1)[0]] = [str(exc)]
    if errors or days is None:
        raise FieldErrors(errors)
    found = export.mentions(search, days, filters)
    export.record(search, days, filters, fmt, found.count(), request=request, actor=request.auth, via="api")
    response = StreamingHttpResponse(export.lines(found, fmt), content_type=export.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export.filename(search, days, fmt)}"'
    response["Cache-Control"] = "no-store"
    return response


class IntentCount(Schema):
    intent: str  # "" for mentions stored before intents were kept
    label: str
    mentions: int


@router.get("/listening/searches/{search_id}/intents", response=list[IntentCount])
def intent_counts(request: HttpRequest, search_id: int, days: int = Query(30, ge=1, le=366)) -> object:
    """The search's mentions of the last ``days`` days per intent, most first."""
    need(request, Can.VIEW)
    search = get_object_or_404(SavedSearch, pk=search_id)
    end = timezone.now()
    return [IntentCount(intent=i, label=INTENT_LABELS.get(i, "Not recorded"), mentions=n)
            for i, n in analytics.intent_counts(search, end - timedelta(days=days), end)]


@router.get("/listening/mentions/{mention_id}", response=MentionBody)
def read_mention(request: HttpRequest, mention_id: int) -> object:
    need(request, Can.READ_MESSAGES)
    mention = get_object_or_404(Mention, pk=mention_id)
    audit.record("mention_read", mention, request=request, actor=request.auth, detail={"via": "api"})
    return mention
