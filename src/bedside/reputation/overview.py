"""What the Reputation pages, the API and the CLI show: per provider and for
the whole system, read in a fixed handful of queries whatever the roster's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from bedside.inbox.models import Message

from . import listings as listing_ops
from . import ratings, taxonomy
from .models import Listing, ListingCheck, Provider


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


def latest_score() -> Subquery:
    return Subquery(ListingCheck.objects.filter(listing=OuterRef("pk")).order_by("-checked_at", "-pk")
                    .values("score")[:1])


def provider_rows(providers: QuerySet[Provider] | None = None, *, with_locations: bool = False) -> list[ProviderRow]:
    if providers is None:
        providers = Provider.objects.filter(organization__is_ours=True)
    providers = providers.select_related("organization")
    if with_locations:
        providers = providers.prefetch_related("locations")
    rows = {p.pk: ProviderRow(p) for p in providers}
    keys: dict[tuple[str, str], int] = {}
    found = (Listing.objects.filter(status=Listing.Status.CONFIRMED, provider_id__in=list(rows))
             .order_by().annotate(score=latest_score())
             .values("provider_id", "network", "external_id", "handle", "rating", "review_count", "score", "url"))
    for item in found:
        row = rows[item["provider_id"]]
        row.sites[item["network"]] = {"rating": item["rating"], "count": item["review_count"] or 0,
                                      "score": item["score"], "url": item["url"]}
        keys[(item["network"], item["external_id"])] = item["provider_id"]
        if item["handle"]:
            keys[(item["network"], item["handle"])] = item["provider_id"]
    for network, parent, rating, published_at, replied_at, owner_reply in _reviews({n for n, _ in keys}):
        owner = keys.get((network, parent))
        if owner is None:
            continue
        row = rows[owner]
        row.reviews += 1
        if rating is not None and 1 <= round(rating) <= 5:
            row.stars[round(rating) - 1] += 1
        if replied_at is None and not owner_reply:
            row.unanswered += 1
        elif replied_at is not None:
            row.reply_hours.append(max(0.0, (replied_at - published_at).total_seconds() / 3600))
    prior = ratings.median([r.average for r in rows.values() if r.average is not None])
    for row in rows.values():
        row.standing = ratings.standing(row.average, row.count, prior=prior,
                                        stars=row.stars if sum(row.stars) else None)
    return list(rows.values())


def _reviews(networks: set[str]) -> list[tuple[Any, ...]]:
    if not networks:
        return []
    # owner_reply is encrypted at rest: only whether it is empty is used here.
    return list(Message.objects.filter(kind=Message.Kind.REVIEW, network__in=networks)
                .values_list("network", "in_reply_to", "rating", "published_at", "first_replied_at", "owner_reply"))


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
    below: list[ProviderRow]
    at_risk: list[ProviderRow]
    unanswered: int
    fixes: int
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


def summary(rows: list[ProviderRow] | None = None) -> Summary:
    rows = provider_rows() if rows is None else rows
    active = [r for r in rows if r.provider.status == Provider.Status.ACTIVE]
    average, count = ratings.pooled((r.average, r.count) for r in active)
    stars = [sum(r.stars[i] for r in active) for i in range(5)]
    scores = [s["score"] for r in active for s in r.sites.values() if s["score"] is not None]
    fixes = sum(1 for r in active for s in r.sites.values() if s["score"] is not None and s["score"] < 100)
    unanswered = sum(r.unanswered for r in active)
    return Summary(
        providers=len(active),
        listings=sum(len(r.sites) for r in active),
        average=average, review_count=count, stars=stars,
        accuracy=round(sum(scores) / len(scores)) if scores else None,
        missing=sum(len(r.missing) for r in active),
        below=[r for r in active if r.standing and r.standing.below_baseline],
        at_risk=[r for r in active if r.standing and r.standing.at_risk],
        unanswered=unanswered, fixes=fixes,
        missing_by_site={slug: sum(1 for r in active if slug not in r.sites) for slug in listing_ops.SITES},
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
    from . import charts

    found = summary()
    return {"summary": found, "distribution": charts.distribution(found.stars)}
