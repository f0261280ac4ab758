"""What the Reputation pages, the API and the CLI show: per provider and for
the whole system, read in a fixed handful of queries whatever the roster's size."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import Count, F, FloatField, Q, QuerySet, Sum

from bedside.inbox.models import Message

from . import listings as listing_ops
from . import ratings, taxonomy
from .models import Listing, Provider


@dataclass
class ProviderRow:
    provider: Provider
    sites: dict[str, dict[str, Any]] = field(default_factory=dict)  # network -> {rating, count, score, url}
    stars: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])
    standing: ratings.Standing | None = None
    unanswered: int = 0
    reviews: int = 0
    #: hours from each review to our first reply, for those answered through Bedside
    reply_hours: list[float] = field(default_factory=list)
    by_site: dict[str, SiteAnswers] = field(default_factory=dict)

    @property
    def response_rate(self) -> float | None:
        return (self.reviews - self.unanswered) / self.reviews if self.reviews else None

    @property
    def median_reply_hours(self) -> float | None:
        return ratings.median(self.reply_hours)

    @cached_property
    def _pooled(self) -> tuple[float | None, int]:
        # Read after the rows are filled (provider_rows fills sites first).
        return ratings.pooled((s["rating"], s["count"]) for s in self.sites.values())

    @property
    def average(self) -> float | None:
        return self._pooled[0]

    @property
    def count(self) -> int:
        return self._pooled[1]

    @property
    def accuracy(self) -> int | None:
        scores = [s["score"] for s in self.sites.values() if s["score"] is not None]
        return round(sum(scores) / len(scores)) if scores else None

    @property
    def missing(self) -> list[str]:
        return [label for slug, label in listing_ops.SITES.items() if slug not in self.sites]

    @property
    def specialty_names(self) -> list[str]:
        return [taxonomy.name(c) for c in self.provider.specialties]

    def as_dict(self) -> dict[str, Any]:
        s = self.standing
        return {
            "npi": self.provider.npi, "name": self.provider.display_name, "department": self.provider.department,
            "specialties": self.provider.specialties, "status": self.provider.status,
            "average": round(self.average, 2) if self.average is not None else None, "review_count": self.count,
            "adjusted": round(s.adjusted, 2) if s and s.adjusted is not None else None,
            "verdict": s.verdict if s else "no ratings", "accuracy": self.accuracy, "missing": self.missing,
            "sites": self.sites, "stars": self.stars, "reviews_in_inbox": self.reviews,
            "unanswered": self.unanswered,
            "response_rate": round(self.response_rate, 3) if self.response_rate is not None else None,
            "median_reply_hours": round(self.median_reply_hours, 1) if self.median_reply_hours is not None else None,
        }


@dataclass
class SiteAnswers:
    """How the reviews of a provider's listing(s) on one site were answered."""

    reviews: int = 0
    answered: int = 0
    #: hours from each review to our first reply, for those answered through Bedside
    hours: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.answered / self.reviews if self.reviews else None

    @property
    def median_hours(self) -> float | None:
        return ratings.median(self.hours)

    def add(self, other: SiteAnswers) -> None:
        self.reviews += other.reviews
        self.answered += other.answered
        self.hours += other.hours


@dataclass
class ReviewFigures:
    """One provider's reviews in the inbox, counted: stars, answers, per site."""

    stars: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])
    reviews: int = 0
    unanswered: int = 0
    reply_hours: list[float] = field(default_factory=list)
    by_site: dict[str, SiteAnswers] = field(default_factory=dict)


def review_figures(provider_ids: list[int] | None = None) -> dict[int, ReviewFigures]:
    """Per provider, the inbox's reviews of their confirmed listings. Only the
    listings that have reviews are looked up (a review names its listing by
    the site's id or by our handle for it), not every listing."""
    reviews = _reviews()
    if not reviews:
        return {}
    parents: dict[str, set[str]] = {}
    for network, parent, *_ in reviews:
        parents.setdefault(network, set()).add(parent)
    keys: dict[tuple[str, str], int] = {}
    for network, ids in parents.items():
        found = Listing.objects.filter(status=Listing.Status.CONFIRMED, provider__isnull=False, network=network)
        if provider_ids is not None:
            found = found.filter(provider_id__in=provider_ids)
        found = found.filter(Q(external_id__in=ids) | Q(handle__in=ids))
        for provider_id, external_id, handle in found.values_list("provider_id", "external_id", "handle"):
            keys[(network, external_id)] = provider_id
            if handle:
                keys[(network, handle)] = provider_id
    out: dict[int, ReviewFigures] = {}
    for network, parent, rating, published_at, replied_at, owner_reply in reviews:
        owner = keys.get((network, parent))
        if owner is None:
            continue
        figures = out.setdefault(owner, ReviewFigures())
        site = figures.by_site.setdefault(network, SiteAnswers())
        figures.reviews += 1
        site.reviews += 1
        if rating is not None and 1 <= round(rating) <= 5:
            figures.stars[round(rating) - 1] += 1
        if replied_at is None and not owner_reply:
            figures.unanswered += 1
        else:
            site.answered += 1
        if replied_at is not None:
            hours = max(0.0, (replied_at - published_at).total_seconds() / 3600)
            figures.reply_hours.append(hours)
            site.hours.append(hours)
    return out


def provider_rows(providers: QuerySet[Provider] | None = None, *, with_locations: bool = False,
                  prior: float | None = None) -> list[ProviderRow]:
    """Every figure of each provider, with their listings site by site (the
    provider page, the API, the CLI and the CSV; the overview and the list
    read :func:`figures`). ``prior`` is the rating the Bayesian average pulls
    toward: the median of these rows' averages unless given."""
    if providers is None:
        providers = Provider.objects.filter(organization__is_ours=True)
    providers = providers.select_related("organization")
    if with_locations:
        providers = providers.prefetch_related("locations")
    rows = {p.pk: ProviderRow(p) for p in providers}
    found = (Listing.objects.filter(status=Listing.Status.CONFIRMED, provider_id__in=list(rows))
             .order_by().values("provider_id", "network", "rating", "review_count", "score", "url"))
    for item in found:
        row = rows[item["provider_id"]]
        row.sites[item["network"]] = {"rating": item["rating"], "count": item["review_count"] or 0,
                                      "score": item["score"], "url": item["url"]}
    for owner, counted in review_figures(list(rows)).items():
        row = rows[owner]
        row.stars, row.reviews, row.unanswered = counted.stars, counted.reviews, counted.unanswered
        row.reply_hours, row.by_site = counted.reply_hours, counted.by_site
    if prior is None:
        prior = ratings.median([r.average for r in rows.values() if r.average is not None])
    for row in rows.values():
        row.standing = ratings.standing(row.average, row.count, prior=prior,
                                        stars=row.stars if sum(row.stars) else None)
    return list(rows.values())


def _reviews() -> list[tuple[Any, ...]]:
    # owner_reply is encrypted at rest: only whether it is empty is used here.
    return list(Message.objects.filter(kind=Message.Kind.REVIEW)
                .values_list("network", "in_reply_to", "rating", "published_at", "first_replied_at", "owner_reply"))


@dataclass
class Figures:
    """One provider's figures for the overview and the providers list, from
    aggregates computed in SQL (no listing is read one by one)."""

    values: dict[str, Any]
    average: float | None
    count: int
    accuracy: int | None
    networks: frozenset[str]  # shared between rows with the same sites: never changed in place
    listed: int  # sites with a confirmed listing
    scores: int  # the sum and number of listing scores, for the system's accuracy
    scored: int
    fixes: int
    stars: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])
    unanswered: int = 0
    by_site: dict[str, SiteAnswers] = field(default_factory=dict)
    standing: ratings.Standing | None = None

    @cached_property
    def provider(self) -> Provider:
        # Built only for the rows a page shows: a model instance per provider
        # of a 5,000-provider roster was a third of the page's time.
        return Provider(**self.values)

    @property
    def missing(self) -> list[str]:
        return [label for slug, label in listing_ops.SITES.items() if slug not in self.networks]


FIGURE_FIELDS = ("id", "npi", "first_name", "middle_name", "last_name", "suffix", "credentials", "department",
                 "specialties", "status")


def figures(providers: QuerySet[Provider] | None = None) -> list[Figures]:
    """Every provider's rating, accuracy and standing in two aggregate
    queries and one read of the reviews, whatever the number of listings.
    The rows are read through the cursor: Django's per-row converters and a
    dict per row were most of the time at 5,000 providers."""
    if providers is None:
        providers = Provider.objects.filter(organization__is_ours=True)
    _, people = _raw(providers.order_by().values(*FIGURE_FIELDS))
    rated = Q(rating__isnull=False, review_count__gt=0)
    present = {f"on_{i}": Count("pk", filter=Q(network=slug)) for i, slug in enumerate(listing_ops.SITES)}
    _, aggregates = _raw(
        Listing.objects.filter(status=Listing.Status.CONFIRMED, provider__isnull=False).order_by()
        .values("provider_id").annotate(
            weighted=Sum(F("rating") * F("review_count"), filter=rated, output_field=FloatField()),
            counted=Sum("review_count", filter=rated), scores=Sum("score"), scored=Count("score"),
            fixes=Count("pk", filter=Q(score__lt=100)), listed=Count("network", distinct=True), **present))
    sums = {row[0]: row[1:] for row in aggregates}
    sites = list(listing_ops.SITES)
    counted = review_figures()
    decoded: dict[Any, list[str]] = {}
    nothing = (None, 0, 0, 0, 0, 0, *(0 for _ in sites))
    # Providers share a handful of "on which sites" patterns: each set is made once.
    on_sites: dict[tuple[int, ...], frozenset[str]] = {}
    out = []
    for person in people:
        values = dict(zip(FIGURE_FIELDS, person, strict=True))
        raw = values["specialties"]
        if not isinstance(raw, list):  # JSON text: providers share a few lists, decoded once each
            if raw not in decoded:
                decoded[raw] = json.loads(raw) if raw else []
            values["specialties"] = decoded[raw]
        weighted, total, scores, scored, fixes, listed, *on = sums.get(values["id"], nothing)
        total, scored = total or 0, scored or 0
        pattern = tuple(on)
        networks = on_sites.get(pattern)
        if networks is None:
            networks = on_sites[pattern] = frozenset(slug for slug, n in zip(sites, on, strict=True) if n)
        row = Figures(
            values=values, average=weighted / total if total else None, count=total,
            accuracy=round(scores / scored) if scored else None,
            networks=networks,
            listed=listed or 0, scores=scores or 0, scored=scored, fixes=fixes or 0)
        reviews = counted.get(values["id"])
        if reviews is not None:
            row.stars, row.unanswered, row.by_site = reviews.stars, reviews.unanswered, reviews.by_site
        out.append(row)
    prior = ratings.median([r.average for r in out if r.average is not None])
    for row in out:
        row.standing = ratings.standing(row.average, row.count, prior=prior,
                                        stars=row.stars if sum(row.stars) else None)
    return out


def _raw(query: QuerySet[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The query's rows as the database returns them (column order as selected)."""
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [c[0] for c in cursor.description], cursor.fetchall()


def system_prior() -> float | None:
    """The median of our providers' pooled averages: what a thin record is pulled toward."""
    return ratings.median([r.average for r in figures() if r.average is not None])


def reviews_of(provider: Provider) -> QuerySet[Message]:
    """The inbox's reviews of ``provider``'s listings (bodies stay encrypted; opening one is the inbox's job)."""
    confirmed = provider.listings.filter(status=Listing.Status.CONFIRMED)
    match = Q(pk__in=[])
    for network, external_id, handle in confirmed.values_list("network", "external_id", "handle"):
        match |= Q(network=network, in_reply_to__in=[k for k in (external_id, handle) if k])
    return Message.objects.filter(match, kind=Message.Kind.REVIEW).order_by("-published_at")


@dataclass
class Summary:
    providers: int
    listings: int
    average: float | None
    review_count: int
    stars: list[int]
    accuracy: int | None
    missing: int
    below: list[Figures]
    at_risk: list[Figures]
    unanswered: int
    fixes: int
    #: network -> how our providers' reviews there were answered
    answers_by_site: dict[str, SiteAnswers] = field(default_factory=dict)
    #: site -> how many active providers have no confirmed listing there, every site named
    missing_by_site: dict[str, int] = field(default_factory=dict)

    @property
    def missing_per_site(self) -> list[tuple[str, str, int]]:
        """(slug, label, count) for each site with a provider missing, in display order."""
        return [(slug, label, self.missing_by_site[slug]) for slug, label in listing_ops.SITES.items()
                if self.missing_by_site.get(slug)]

    @property
    def top_share(self) -> float | None:
        total = sum(self.stars)
        return self.stars[4] / total if total else None

    @property
    def positive_share(self) -> float | None:
        total = sum(self.stars)
        return (self.stars[3] + self.stars[4]) / total if total else None


def summary(rows: list[Figures] | None = None) -> Summary:
    rows = figures() if rows is None else rows
    active = [r for r in rows if r.values["status"] == Provider.Status.ACTIVE]
    average, count = ratings.pooled((r.average, r.count) for r in active)
    stars = [sum(r.stars[i] for r in active) for i in range(5)]
    scored = sum(r.scored for r in active)
    by_site: dict[str, SiteAnswers] = {}
    for r in active:
        for network, answers in r.by_site.items():
            by_site.setdefault(network, SiteAnswers()).add(answers)
    return Summary(
        providers=len(active),
        listings=sum(r.listed for r in active),
        average=average, review_count=count, stars=stars,
        accuracy=round(sum(r.scores for r in active) / scored) if scored else None,
        missing=sum(len(r.missing) for r in active),
        below=[r for r in active if r.standing and r.standing.below_baseline],
        at_risk=[r for r in active if r.standing and r.standing.at_risk],
        unanswered=sum(r.unanswered for r in active), fixes=sum(r.fixes for r in active),
        answers_by_site=dict(sorted(by_site.items())),
        missing_by_site={slug: sum(1 for r in active if slug not in r.networks) for slug in listing_ops.SITES},
    )


def fix_list(network: str) -> list[dict[str, str]]:
    """Every correction to make on one site, from each listing's latest check."""
    out: list[dict[str, str]] = []
    confirmed = (Listing.objects.filter(network=network, status=Listing.Status.CONFIRMED)
                 .select_related("provider", "location"))
    latest = listing_ops.latest_checks(confirmed)
    for listing in confirmed:
        found = latest.get(listing.pk)
        if found is None:
            continue
        for item in found.fields:
            if not item["ok"]:
                owner = listing.provider or listing.location
                out.append({"owner": str(owner), "npi": listing.provider.npi if listing.provider else "",
                            "listing": listing.url or listing.handle, "field": item["field"],
                            "shows": item["theirs"], "should_show": item["ours"], "fix": item["fix"]})
    return out



def report_context() -> dict[str, Any]:
    """What the executive report's reputation section shows."""
    from . import charts, stars

    found = summary()
    return {"summary": found, "distribution": charts.distribution(found.stars), "stars": stars.standing(),
            "minimum_ratings": stars.MIN_RATINGS}
