"""The Reputation section: overview, providers, a provider, locations, top rated nearby."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.spreadsheets import writer
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can

from . import candidates, charts, nearby, overview, ratings, roster, taxonomy, uploads
from . import listings as listing_ops
from .models import Listing, PracticeLocation, Provider

SORTS: dict[str, Callable[[overview.Figures], Any]] = {
    "name": lambda r: (r.values["last_name"].casefold(), r.values["first_name"].casefold()),
    "rating": lambda r: (r.average is None, -(r.average or 0)),
    "rating_low": lambda r: (r.average is None, r.average or 0),
    "accuracy": lambda r: (r.accuracy is None, r.accuracy or 0),
    "reviews": lambda r: -r.count,
}
PER_PAGE = 100
ACT_ON_SHOWN = 20  # providers shown per standing on the overview


@requires(Can.VIEW)
def overview_page(request: HttpRequest) -> HttpResponse:
    found = overview.summary()
    # The worst few of each: a system can have hundreds below the baseline,
    # and the providers list, filtered by standing, has them all.
    def worst(rows: list[overview.Figures]) -> list[overview.Figures]:
        return sorted(rows, key=lambda r: (r.standing.adjusted if r.standing and r.standing.adjusted is not None
                                           else 0, -r.count))[:ACT_ON_SHOWN]

    return render(request, "reputation/overview.html", {
        "summary": found, "below": worst(found.below), "at_risk": worst(found.at_risk),
        "answers": _labelled(found.answers_by_site),
        "distribution": charts.distribution(found.stars),
        "sites": listing_ops.SITES,
        "baseline": {"top": ratings.BASELINE_TOP, "positive": ratings.BASELINE_POSITIVE,
                     "floor": ratings.BASELINE_FLOOR},
        "can_manage": user_can(request.user, Can.MANAGE_ROSTER),
        "sample": Provider.objects.filter(source="sample").exists(),
    })


def _labelled(by_site: dict[str, overview.SiteAnswers]) -> list[tuple[str, overview.SiteAnswers]]:
    return [(listing_ops.SITES.get(network, network), answers) for network, answers in sorted(by_site.items())]


@requires(Can.VIEW)
def providers_page(request: HttpRequest) -> HttpResponse:
    rows = everyone = overview.figures()
    prior = ratings.median([r.average for r in rows if r.average is not None])
    chosen = {key: request.GET.get(key, "").strip() for key in ("department", "specialty", "site", "missing",
                                                                 "verdict", "location", "sort")}
    if chosen["department"]:
        rows = [r for r in rows if r.values["department"] == chosen["department"]]
    if chosen["specialty"]:
        rows = [r for r in rows if chosen["specialty"] in r.values["specialties"]]
    if chosen["site"]:
        rows = [r for r in rows if chosen["site"] in r.networks]
    if chosen["missing"]:
        # a finding for providers who practise here now, as the overview counts it
        rows = [r for r in rows if chosen["missing"] not in r.networks and r.values["status"] == Provider.Status.ACTIVE]
    if chosen["verdict"]:
        rows = [r for r in rows if r.standing and r.standing.verdict == chosen["verdict"]]
    if chosen["location"]:
        at = set(Provider.locations.through.objects.filter(practicelocation_id__in=[
            int(chosen["location"]) if chosen["location"].isdigit() else 0]).values_list("provider_id", flat=True))
        rows = [r for r in rows if r.values["id"] in at]
    rows.sort(key=SORTS.get(chosen["sort"], SORTS["name"]))
    if request.GET.get("format") == "csv":
        return _providers_csv(rows, prior)
    # A page of rows: a health system's 5,000 providers in one table took
    # seconds to render and scroll; the CSV export keeps them all.
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reputation/providers.html", {
        "rows": page.object_list, "page": page, "total": len(rows), "query": query.urlencode(),
        "chosen": chosen,
        "departments": sorted({r.values["department"] for r in everyone if r.values["department"]}),
        "specialties": sorted({(c, taxonomy.name(c)) for r in everyone for c in r.values["specialties"]},
                              key=lambda pair: pair[1]),
        "locations": PracticeLocation.objects.filter(organization__is_ours=True),
        "sites": listing_ops.SITES,
        "verdicts": ["below baseline", "at risk", "at or above baseline", "no ratings"],
        "sorts": [("name", "Name"), ("rating", "Rating, best first"), ("rating_low", "Rating, worst first"),
                  ("accuracy", "Accuracy, worst first"), ("reviews", "Most reviews")],
        "can_manage": user_can(request.user, Can.MANAGE_ROSTER),
    })


def _providers_csv(chosen: list[overview.Figures], prior: float | None) -> HttpResponse:
    # The export has every site's rating: the full rows, in the list's order.
    full = {r.provider.pk: r for r in overview.provider_rows(
        Provider.objects.filter(pk__in=[r.values["id"] for r in chosen]), prior=prior)}
    rows = [full[r.values["id"]] for r in chosen]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="providers.csv"'
    out = writer(response)
    out.writerow(["npi", "name", "department", "specialties", "status", "rating", "reviews", "bayesian_average",
                  "standing", "accuracy", "missing_on", *[f"{slug}_rating" for slug in listing_ops.SITES]])
    for r in rows:
        s = r.standing
        out.writerow([r.provider.npi, r.provider.display_name, r.provider.department,
                      ";".join(r.provider.specialties), r.provider.status,
                      "" if r.average is None else round(r.average, 2), r.count,
                      "" if s is None or s.adjusted is None else round(s.adjusted, 2), s.verdict if s else "",
                      "" if r.accuracy is None else r.accuracy, ";".join(r.missing),
                      *["" if slug not in r.sites or r.sites[slug]["rating"] is None else r.sites[slug]["rating"]
                        for slug in listing_ops.SITES]])
    return response


@requires(Can.VIEW)
def provider_page(request: HttpRequest, npi: str) -> HttpResponse:
    provider = get_object_or_404(Provider, npi=npi)
    [row] = overview.provider_rows(Provider.objects.filter(pk=provider.pk), prior=overview.system_prior())
    confirmed = list(provider.listings.filter(status=Listing.Status.CONFIRMED).order_by("network"))
    latest = listing_ops.latest_checks(confirmed)
    shown = []
    for listing in confirmed:
        readings = [(r.date, r.rating) for r in listing.readings.all()]
        shown.append({"listing": listing, "site": listing_ops.SITES.get(listing.network, listing.network),
                      "check": latest.get(listing.pk), "history": listing_ops.history(listing)[-6:],
                      "trend": ratings.trend(readings), "sparkline": charts.sparkline(readings)})
    found = list(provider.listings.filter(status=Listing.Status.CANDIDATE).order_by("network", "name"))
    for candidate in found:
        candidate.site_label = listing_ops.SITES.get(candidate.network, candidate.network)  # type: ignore[attr-defined]
    reviews = overview.reviews_of(provider).only("pk", "network", "rating", "published_at", "state",
                                                 "first_replied_at")[:20]
    return render(request, "reputation/provider.html", {
        "provider": provider, "row": row, "listings": shown, "answers": _labelled(row.by_site), "reviews": reviews, "candidates": found,
        "searchable": {slug: listing_ops.SITES[slug] for slug in candidates.SEARCHABLE},
        "distribution": charts.distribution(row.stars) if sum(row.stars) else None,
        "specialties": [(c, taxonomy.name(c)) for c in provider.specialties],
        "sites": listing_ops.SITES, "can_manage": user_can(request.user, Can.MANAGE_ROSTER),
        "can_read": user_can(request.user, Can.READ_MESSAGES),
    })


@requires(Can.VIEW)
def locations_page(request: HttpRequest) -> HttpResponse:
    places = PracticeLocation.objects.filter(organization__is_ours=True).prefetch_related("providers", "listings")
    latest = listing_ops.latest_checks([lst for p in places for lst in p.listings.all()])
    return render(request, "reputation/locations.html", {
        "places": [{"place": p, "providers": [x for x in p.providers.all() if x.status == "active"],
                    "listings": [(lst, latest.get(lst.pk)) for lst in p.listings.all()]} for p in places],
    })


@requires(Can.VIEW)
def nearby_page(request: HttpRequest) -> HttpResponse:
    form = {"zip": request.GET.get("zip", "").strip(), "specialty": request.GET.get("specialty", "").strip(),
            "radius": request.GET.get("radius", "25").strip() or "25",
            "min_reviews": request.GET.get("min_reviews", "5").strip() or "5"}
    context: dict[str, Any] = {"form": form, "specialties": sorted(
        ((c, name) for c, (name, _) in taxonomy.NAMES.items()), key=lambda pair: pair[1])}
    if form["zip"]:
        try:
            radius, minimum = float(form["radius"]), int(form["min_reviews"])
            if not (0 < radius <= 500) or minimum < 0:
                raise ValueError
        except ValueError:
            context["error"] = "Radius is a number of miles from 1 to 500; minimum reviews a whole number."
        else:
            try:
                context["top"], context["rest"] = nearby.top_rated(form["specialty"], form["zip"], radius,
                                                                   min_reviews=minimum)
            except nearby.UnknownZip as exc:
                context["error"] = str(exc)
    status = 400 if context.get("error") else 200
    return render(request, "reputation/nearby.html", context, status=status)


@requires(Can.VIEW)
def fixes_csv(request: HttpRequest, site: str) -> HttpResponse:
    if site not in listing_ops.SITES:
        return HttpResponse(f"unknown review site {site!r}", status=404, content_type="text/plain")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fixes-{site}.csv"'
    out = writer(response)
    out.writerow(["provider or location", "npi", "listing", "field", "shows", "should show", "fix"])
    for item in overview.fix_list(site):
        out.writerow([item["owner"], item["npi"], item["listing"], item["field"], item["shows"],
                      item["should_show"], item["fix"]])
    return response


@require_POST
@requires(Can.MANAGE_ROSTER)
def import_roster(request: HttpRequest) -> HttpResponse:
    loaded = uploads.load_csv(request, what="roster", default_name="roster.csv", refused=roster.RosterRefused,
                              load=lambda path: roster.import_file(path, request=request))
    if loaded is not None:
        name, result = loaded
        messages.success(request, f"Imported {name}: {result.created} new provider(s), {result.updated} updated, "
                                  f"{result.locations} new location(s).")
    return redirect("reputation_providers")


@require_POST
@requires(Can.MANAGE_ROSTER)
def add_provider(request: HttpRequest) -> HttpResponse:
    npi = request.POST.get("npi", "").strip()
    try:
        provider = roster.add_by_npi(npi, request=request)
    except roster.RosterRefused as exc:
        messages.error(request, f"NPI {npi or '(empty)'}: " + "; ".join(exc.errors))
        return redirect("reputation_providers")
    messages.success(request, f"{provider.display_name} is on the roster (checked against the NPPES registry).")
    return redirect("reputation_provider", npi=provider.npi)


@require_POST
@requires(Can.MANAGE_ROSTER)
def attach_listing(request: HttpRequest, npi: str) -> HttpResponse:
    provider = get_object_or_404(Provider, npi=npi)
    site = request.POST.get("site", "")
    handle = request.POST.get("handle", "").strip()
    if not handle:
        messages.error(request, "Give the listing's address (page URL or business id).")
        return redirect("reputation_provider", npi=npi)
    try:
        listing = listing_ops.attach(site, handle, provider=provider, request=request)
    except listing_ops.ListingRefused as exc:
        messages.error(request, str(exc))
        return redirect("reputation_provider", npi=npi)
    messages.success(request, f"Attached {listing.name} on {listing_ops.SITES[site]}.")
    return redirect("reputation_provider", npi=npi)


@require_POST
@requires(Can.MANAGE_ROSTER)
def find_candidates(request: HttpRequest, npi: str) -> HttpResponse:
    provider = get_object_or_404(Provider, npi=npi)
    site = request.POST.get("site", "yelp")
    try:
        found = candidates.find(provider, site)
    except listing_ops.ListingRefused as exc:
        messages.error(request, str(exc))
        return redirect("reputation_provider", npi=npi)
    if found:
        messages.success(request, f"{len(found)} possible listing(s) on {listing_ops.SITES[site]}: confirm the "
                                  "provider's own below.")
    else:
        messages.info(request, f"No likely listing on {listing_ops.SITES[site]}.")
    return redirect("reputation_provider", npi=npi)


@require_POST
@requires(Can.MANAGE_ROSTER)
def decide_candidate(request: HttpRequest, npi: str, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk, provider__npi=npi)
    confirm = request.POST.get("decision") == "confirm"
    try:
        candidates.decide(listing, confirm=confirm, request=request)
    except listing_ops.ListingRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{listing.name} {'confirmed and checked' if confirm else 'rejected'}.")
    return redirect("reputation_provider", npi=npi)
