"""/api/providers and /api/reputation: the roster, listings, accuracy and ratings."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from bedside.workspace.api import FieldErrors, need
from bedside.workspace.roles import Can

from . import candidates, nearby, overview, roster, stars
from . import listings as listing_ops
from .models import Listing, Provider, SurveyResult

router = Router(tags=["reputation"])
MAX_ROSTER_BYTES = 20 * 1024 * 1024


class ProviderOut(Schema):
    npi: str
    name: str
    department: str
    specialties: list[str]
    status: str
    average: float | None
    review_count: int
    adjusted: float | None
    verdict: str
    accuracy: int | None
    missing: list[str]
    sites: dict[str, dict[str, Any]]
    stars: list[int]
    reviews_in_inbox: int
    unanswered: int
    response_rate: float | None
    median_reply_hours: float | None


class FieldCheckOut(Schema):
    field: str
    ours: str
    theirs: str
    ok: bool
    fix: str


class ListingOut(Schema):
    network: str
    external_id: str
    name: str
    url: str
    rating: float | None
    review_count: int | None
    score: int | None
    fields: list[FieldCheckOut]


class ProviderDetailOut(ProviderOut):
    listings: list[ListingOut]
    registry_differences: list[dict[str, str]]


class NpiIn(Schema):
    npi: str


class ListingIn(Schema):
    site: str
    handle: str


class ImportOut(Schema):
    created: int
    updated: int
    locations: int


class SummaryOut(Schema):
    providers: int
    listings: int
    average: float | None
    review_count: int
    stars: list[int]
    top_share: float | None
    positive_share: float | None
    baseline_top_share: float
    baseline_positive_share: float
    accuracy: int | None
    missing: int
    missing_by_site: dict[str, int]
    below_baseline: list[str]
    at_risk: list[str]
    unanswered_reviews: int
    fixes: int


class StarsProviderOut(Schema):
    npi: str
    name: str
    period_end: date
    ratings: int
    average: float
    on_website: bool  # enough ratings and practising here


class StarsOut(Schema):
    minimum_ratings: int
    with_results: int
    shown: int
    withheld: int
    average: float | None
    ratings: int
    comments_approved: int
    comments_waiting: int
    comments_blocked: int
    latest_period_end: date | None
    providers: list[StarsProviderOut]


class FixOut(Schema):
    owner: str
    npi: str
    listing: str
    field: str
    shows: str
    should_show: str
    fix: str


class RankedOut(Schema):
    rank: int
    npi: str
    name: str
    organization: str
    ours: bool
    miles: float
    average: float | None
    review_count: int
    reviews_to_top: int | None


class NearbyOut(Schema):
    top: list[RankedOut]
    ours_outside: list[RankedOut]


@router.get("/providers", response=list[ProviderOut])
def list_providers(request: HttpRequest) -> object:
    """Our providers with their pooled rating, standing against the baseline and listing accuracy."""
    need(request, Can.VIEW)
    return [row.as_dict() for row in overview.provider_rows()]


@router.post("/providers/import", response=ImportOut)
def import_roster(request: HttpRequest, file: UploadedFile | None = File(None)) -> object:  # noqa: B008
    """Import the roster CSV, all or nothing; 422 lists every bad cell as FILE, row N, COLUMN: message."""
    need(request, Can.MANAGE_ROSTER)  # before the upload is looked at: a refusal says so, not "file missing"
    if file is None:
        raise FieldErrors({"file": ["send the roster CSV as the multipart field 'file'"]})
    if file.size and file.size > MAX_ROSTER_BYTES:
        raise FieldErrors({"file": [f"the file is over {MAX_ROSTER_BYTES // (1024 * 1024)} MB"]})
    result = _import_upload(file, request)
    return {"created": result.created, "updated": result.updated, "locations": result.locations}


@router.get("/providers/{npi}", response=ProviderDetailOut)
def provider_detail(request: HttpRequest, npi: str) -> object:
    need(request, Can.VIEW)
    provider = get_object_or_404(Provider, npi=npi)
    return _detail(provider)


@router.post("/providers", response={201: ProviderDetailOut, 200: ProviderDetailOut})
def add_provider(request: HttpRequest, payload: NpiIn) -> object:
    """Add a provider from the NPPES registry by NPI (or check one already on the roster)."""
    need(request, Can.MANAGE_ROSTER)
    existed = Provider.objects.filter(npi=payload.npi.strip()).exists()
    try:
        provider = roster.add_by_npi(payload.npi, request=request)
    except roster.RosterRefused as exc:
        raise FieldErrors({"npi": exc.errors}) from None
    return Status(200 if existed else 201, _detail(provider))


@router.post("/providers/{npi}/listings", response={201: ListingOut})
def attach_listing(request: HttpRequest, npi: str, payload: ListingIn) -> object:
    """Attach the listing at ``handle`` on ``site`` to the provider; it is read and checked at once."""
    need(request, Can.MANAGE_ROSTER)
    provider = get_object_or_404(Provider, npi=npi)
    try:
        listing = listing_ops.attach(payload.site, payload.handle, provider=provider, request=request)
    except listing_ops.ListingRefused as exc:
        raise FieldErrors({"handle": [str(exc)]}) from None
    return Status(201, _listing(listing))


class CandidateOut(Schema):
    id: int
    network: str
    name: str
    url: str
    address: str
    phone: str
    match_score: int | None
    status: str


class DecisionIn(Schema):
    confirm: bool


def _candidate(listing: Listing) -> dict[str, Any]:
    return {"id": listing.pk, "network": listing.network, "name": listing.name, "url": listing.url,
            "address": listing.address, "phone": listing.phone, "match_score": listing.extra.get("match_score"),
            "status": listing.status}


@router.post("/providers/{npi}/candidates", response=list[CandidateOut])
def find_candidates(request: HttpRequest, npi: str, site: str = "yelp") -> object:
    """Search the site for the provider's listing; likely results are kept as candidates for a person to decide."""
    need(request, Can.MANAGE_ROSTER)
    provider = get_object_or_404(Provider, npi=npi)
    try:
        return [_candidate(c) for c in candidates.find(provider, site)]
    except listing_ops.ListingRefused as exc:
        raise FieldErrors({"site": [str(exc)]}) from None


@router.post("/providers/{npi}/candidates/{listing_id}", response=CandidateOut)
def decide_candidate(request: HttpRequest, npi: str, listing_id: int, payload: DecisionIn) -> object:
    need(request, Can.MANAGE_ROSTER)
    listing = get_object_or_404(Listing, pk=listing_id, provider__npi=npi)
    try:
        return _candidate(candidates.decide(listing, confirm=payload.confirm, request=request))
    except listing_ops.ListingRefused as exc:
        raise FieldErrors({"listing": [str(exc)]}) from None


@router.get("/reputation/overview", response=SummaryOut)
def summary(request: HttpRequest) -> object:
    need(request, Can.VIEW)
    found = overview.summary()
    return {
        "providers": found.providers, "listings": found.listings, "average": found.average,
        "review_count": found.review_count, "stars": found.stars, "top_share": found.top_share,
        "positive_share": found.positive_share, "baseline_top_share": overview.ratings.BASELINE_TOP,
        "baseline_positive_share": overview.ratings.BASELINE_POSITIVE, "accuracy": found.accuracy,
        "missing": found.missing, "missing_by_site": found.missing_by_site, "below_baseline": [r.values["npi"] for r in found.below],
        "at_risk": [r.values["npi"] for r in found.at_risk], "unanswered_reviews": found.unanswered,
        "fixes": found.fixes,
    }


@router.get("/reputation/stars", response=StarsOut)
def survey_stars(request: HttpRequest) -> object:
    """Patient-survey stars for our website: figures per provider, never a comment's text."""
    need(request, Can.VIEW)
    found = stars.standing()
    shown = found.shown_results
    latest: dict[int, SurveyResult] = {}
    for result in SurveyResult.objects.select_related("provider").order_by("provider_id", "-period_end"):
        latest.setdefault(result.provider_id, result)
    providers = [{"npi": r.provider.npi, "name": r.provider.display_name, "period_end": r.period_end,
                  "ratings": r.ratings, "average": r.average, "on_website": r.pk in shown}
                 for r in sorted(latest.values(), key=lambda r: (r.provider.last_name, r.provider.npi))]
    figures = {k: v for k, v in vars(found).items() if k != "shown_results"}
    return figures | {"minimum_ratings": stars.MIN_RATINGS, "providers": providers}


@router.get("/reputation/fixes/{site}", response=list[FixOut])
def fixes(request: HttpRequest, site: str) -> object:
    """Every correction to make on one review site, from each listing's latest check."""
    need(request, Can.VIEW)
    if site not in listing_ops.SITES:
        raise HttpError(404, f"unknown review site {site!r}")
    return overview.fix_list(site)


@router.get("/reputation/nearby", response=NearbyOut)
def top_rated_nearby(request: HttpRequest, zip: str, specialty: str = "", radius: float = 25,
                     min_reviews: int = 5) -> object:
    """The top 10 rated providers Bedside knows near a ZIP code, and where ours outside it stand."""
    need(request, Can.VIEW)
    try:
        top, rest = nearby.top_rated(specialty, zip, radius, min_reviews=min_reviews)
    except nearby.UnknownZip as exc:
        raise FieldErrors({"zip": [str(exc)]}) from None
    return {"top": [_ranked(r) for r in top], "ours_outside": [_ranked(r) for r in rest]}


def _import_upload(file: UploadedFile, request: HttpRequest) -> roster.Imported:
    name = Path(file.name or "roster.csv").name
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        try:
            return roster.import_file(path, request=request)
        except roster.RosterRefused as exc:
            # The temporary folder is no business of the reader: name the upload.
            raise FieldErrors({"file": [e.replace(str(path), name) for e in exc.errors]}) from None


def _detail(provider: Provider) -> dict[str, Any]:
    [row] = overview.provider_rows(Provider.objects.filter(pk=provider.pk), prior=overview.system_prior())
    confirmed = list(provider.listings.filter(status=Listing.Status.CONFIRMED))
    latest = listing_ops.latest_checks(confirmed)
    return {**row.as_dict(), "registry_differences": provider.registry_differences,
            "listings": [_listing(listing, latest.get(listing.pk)) for listing in confirmed]}


def _listing(listing: Listing, check: Any = None) -> dict[str, Any]:
    check = check if check is not None else listing.checks.first()
    return {"network": listing.network, "external_id": listing.external_id, "name": listing.name,
            "url": listing.url, "rating": listing.rating, "review_count": listing.review_count,
            "score": check.score if check else None, "fields": check.fields if check else []}


def _ranked(item: nearby.Ranked) -> dict[str, Any]:
    return {"rank": item.rank, "npi": item.row.provider.npi, "name": item.row.provider.display_name,
            "organization": item.row.provider.organization.name, "ours": item.ours, "miles": item.miles,
            "average": item.row.average, "review_count": item.row.count, "reviews_to_top": item.to_top}
