"""Finding a provider's listing on a site: search, score, and a person decides.

Every review site is searched for the provider's name near their first
office: Yelp's Business Search and Google's Places Text Search through their
APIs, Healthgrades, Vitals, WebMD Care and Zocdoc through their public search
pages, read politely (robots.txt, a delay). Each result is scored against the
roster (name, then phone and address) and kept as a *candidate*; it counts
for nothing (accuracy, ratings, missing) until a person confirms it. Where a
site's robots.txt keeps Bedside off its search, the refusal says so and a
person pastes the page address instead (``listings.attach``).
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from rapidfuzz import fuzz

from bedside.channels.clients import ready_client
from bedside.channels.models import Channel
from bedside.networks.base import NetworkClient
from bedside.networks.errors import NetworkError
from bedside.networks.website import RobotsDisallowed

from . import accuracy
from . import listings as listing_ops
from .models import Listing, PracticeLocation, Provider

#: site -> the category that narrows the search to doctors ("" where the site lists only providers)
SEARCHABLE = {"google": "doctor", "healthgrades": "", "vitals": "", "webmd": "", "yelp": "physicians", "zocdoc": ""}
KEEP_FROM = 50  # candidates scoring under this are not worth a person's look
_TITLES = re.compile(r"\b(dr|doctor)\b\.?|,?\s*\b(md|do|np|pa-c|dds)\b\.?", re.IGNORECASE)


def score(provider: Provider, found: Any) -> int:
    """0–100: how likely the listing is the provider's (name 60, phone 20, address 20)."""
    ours = f"{provider.first_name} {provider.last_name}".casefold()
    theirs = " ".join(_TITLES.sub(" ", found.name).split()).casefold()
    points = 0.6 * fuzz.token_sort_ratio(ours, theirs)
    places = list(provider.locations.all())
    if found.phone and any(accuracy.phone_key(p.phone) == accuracy.phone_key(found.phone) for p in places):
        points += 20
    if found.address and any(accuracy.same_address(p.one_line, found.address) for p in places):
        points += 20
    return round(points)


def score_location(location: PracticeLocation, found: Any) -> int:
    """0–100: how likely the listing is the location's (name 60, phone 20, address 20)."""
    points = 0.6 * fuzz.token_sort_ratio(location.name.casefold(), " ".join(found.name.split()).casefold())
    if found.phone and location.phone and accuracy.phone_key(location.phone) == accuracy.phone_key(found.phone):
        points += 20
    if found.address and accuracy.same_address(location.one_line, found.address):
        points += 20
    return round(points)


def find(provider: Provider, network: str = "yelp", *, batch: Batch | None = None) -> list[Listing]:
    """Search ``network`` for the provider near their first office and keep the likely ones as candidates.

    Searching many providers, pass one :class:`Batch`: each site's client is
    made once, so robots.txt is read once and the polite delay holds between
    one provider's search and the next."""
    _known(network)
    place = provider.locations.first()
    if place is None:
        raise listing_ops.ListingRefused(f"{provider} has no practice location to search near")
    channel, client, found = _search(network, f"{provider.first_name} {provider.last_name}",
                                     f"{place.city}, {place.state}", SEARCHABLE[network], batch)
    return _keep(found, lambda item: score(provider, item), channel, client, provider=provider)


def find_location(location: PracticeLocation, network: str = "yelp", *, batch: Batch | None = None) -> list[Listing]:
    """The same for a hospital or clinic: its name in its city, scored
    against its own name, phone and address."""
    _known(network)
    channel, client, found = _search(network, location.name, f"{location.city}, {location.state}", "", batch)
    return _keep(found, lambda item: score_location(location, item), channel, client, location=location)


def _known(network: str) -> None:
    if network not in SEARCHABLE:
        raise listing_ops.ListingRefused(f"unknown review site {network!r}; expected one of "
                                         f"{', '.join(SEARCHABLE)}")


def _search(network: str, term: str, near: str, categories: str,
            batch: Batch | None) -> tuple[Channel | None, NetworkClient, list[Any]]:
    channel, client = (batch if batch is not None else Batch()).client(network)
    try:
        found = client.search_listings(term, near, categories=categories)  # type: ignore[attr-defined]
    except RobotsDisallowed as exc:
        raise SiteRefused(
            f"{listing_ops.SITES[network]} search: {exc.message}; Bedside keeps off pages a site asks robots to "
            "leave alone: find the listing on the site yourself and paste its page address") from exc
    except NetworkError as exc:
        raise listing_ops.ListingRefused(f"{listing_ops.SITES[network]} search: {exc.message}") from exc
    return channel, client, list(found)


def _keep(found: list[Any], points_of: Any, channel: Channel | None, client: NetworkClient, *,
          provider: Provider | None = None, location: PracticeLocation | None = None) -> list[Listing]:
    """Keep the likely results as candidates of ``provider`` or ``location``."""
    kept = []
    with transaction.atomic():
        for item in found:
            points = points_of(item)
            if points < KEEP_FROM:
                continue
            existing = Listing.objects.filter(network=item.network, external_id=item.external_id).first()
            if existing is not None and (
                existing.status != Listing.Status.CANDIDATE
                or existing.provider_id not in (None, provider.pk if provider else None)
                or existing.location_id not in (None, location.pk if location else None)
            ):
                continue  # decided already, or someone else's candidate
            listing, _ = Listing.objects.update_or_create(
                network=item.network, external_id=item.external_id,
                defaults={"channel": channel, "name": item.name[:300], "url": item.url[:1000],
                          "address": item.address[:300], "phone": item.phone[:40], "rating": item.rating,
                          "review_count": item.review_count, "specialty": item.specialty[:200],
                          "extra": {**item.extra, "match_score": points},
                          # the handle the site's client reads the listing by: its page for page sites
                          "handle": (item.url if client.handle_is_url else item.external_id)[:1000],
                          "provider": provider, "location": location, "status": Listing.Status.CANDIDATE})
            kept.append(listing)
    return sorted(kept, key=lambda c: -c.extra.get("match_score", 0))


class SiteRefused(listing_ops.ListingRefused):
    """The site refuses every search, not only this provider's (no channel of
    ours on it, or its robots.txt keeps robots off its search)."""


class Batch:
    """The clients of one run of searches, one per site."""

    def __init__(self) -> None:
        self._clients: dict[str, tuple[Channel, NetworkClient]] = {}

    def client(self, network: str) -> tuple[Channel, NetworkClient]:
        if network not in self._clients:
            try:
                channel = listing_ops.channel_for(network)
            except listing_ops.ListingRefused as exc:
                raise SiteRefused(str(exc)) from exc
            self._clients[network] = (channel, ready_client(channel, by="reputation"))
        return self._clients[network]


def decide(listing: Listing, *, confirm: bool, actor: Any = "cli", request: Any = None) -> Listing:
    """A person says whether a candidate is the provider's (or location's) listing."""
    from bedside.workspace import audit

    if listing.status != Listing.Status.CANDIDATE:
        raise listing_ops.ListingRefused(f"{listing} was already {listing.get_status_display().lower()}")
    with transaction.atomic():
        listing.status = Listing.Status.CONFIRMED if confirm else Listing.Status.REJECTED
        listing.save(update_fields=["status"])
        if confirm:
            listing_ops.check(listing)
        audit.record("listing_confirmed" if confirm else "listing_rejected", listing, actor=actor,
                     request=request, detail={"network": listing.network, "owner": str(listing.provider or listing.location)})
    return listing
