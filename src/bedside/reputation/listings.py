"""Listings: attach one to a provider or location, read it, check it, find what is missing.

Reads go through the channel our organization has on the site
(``channels.clients.ready_client``), like every other network call; the
listing's handle (a page URL, a business id) says which page of the site.
Checks need no network: they compare what was last read with the roster, so
all listings are checked in one pass and every check is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from bedside.channels.clients import ready_client
from bedside.channels.models import Channel
from bedside.networks import records
from bedside.networks.errors import NetworkError
from bedside.workspace import audit

from . import accuracy
from .models import Listing, ListingCheck, PracticeLocation, Provider, RatingReading, display_name

#: the review sites a provider or location is expected on, in display order
SITES: dict[str, str] = {
    "google": "Google Business Profile",
    "healthgrades": "Healthgrades",
    "vitals": "Vitals",
    "webmd": "WebMD Care",
    "yelp": "Yelp",
    "zocdoc": "Zocdoc",
}


class ListingRefused(Exception):
    pass


def channel_for(network: str) -> Channel:
    channel = (Channel.objects.filter(network=network, organization__is_ours=True)
               .select_related("organization").first())
    if channel is None:
        raise ListingRefused(f"our organization has no {SITES.get(network, network)} channel: add one under "
                             "Organizations first, then attach listings")
    return channel


def attach(network: str, handle: str, *, provider: Provider | None = None,
           location: PracticeLocation | None = None, actor: Any = "cli", request: Any = None) -> Listing:
    """Read the listing at ``handle`` and keep it as ``provider``'s (or
    ``location``'s), confirmed: the person who named it said whose it is."""
    if (provider is None) == (location is None):
        raise ListingRefused("a listing belongs to a provider or to a location")
    if network not in SITES:
        raise ListingRefused(f"unknown review site {network!r}; expected one of {', '.join(SITES)}")
    channel = channel_for(network)
    try:
        read = ready_client(channel, by="reputation").listing(handle.strip())
    except NetworkError as exc:
        raise ListingRefused(f"{SITES[network]} listing {handle}: {exc.message}") from exc
    taken = Listing.objects.filter(network=read.network, external_id=read.external_id,
                                   status=Listing.Status.CONFIRMED).select_related("provider", "location").first()
    if taken is not None and (taken.provider_id, taken.location_id) != (
            provider.pk if provider else None, location.pk if location else None):
        raise ListingRefused(f"{SITES[network]} listing {read.name!r} is already confirmed as "
                             f"{taken.provider or taken.location}'s; nothing was changed")
    with transaction.atomic():
        listing = _store(channel, read, handle.strip())
        listing.provider = provider
        listing.location = location
        listing.status = Listing.Status.CONFIRMED
        listing.save(update_fields=["provider", "location", "status"])
        check(listing)
        audit.record("listing_attached", listing, actor=actor, request=request,
                     detail={"network": network, "owner": str(provider or location)})
    return listing


def refresh(listing: Listing) -> Listing:
    """Read the listing again and check it (a rating reading for today too)."""
    try:
        read = ready_client(listing.channel, by="reputation").listing(listing.handle or listing.external_id)
    except NetworkError as exc:
        raise ListingRefused(f"{SITES.get(listing.network, listing.network)} listing {listing.handle}: "
                             f"{exc.message}") from exc
    with transaction.atomic():
        stored = _store(listing.channel, read, listing.handle)
        check(stored)
    return stored


def _store(channel: Channel, read: records.Listing, handle: str) -> Listing:
    listing, _ = Listing.objects.update_or_create(
        network=read.network, external_id=read.external_id,
        defaults={
            "channel": channel, "name": read.name[:300], "url": read.url[:1000], "address": read.address[:300],
            "phone": read.phone[:40], "rating": read.rating, "review_count": read.review_count,
            "specialty": read.specialty[:200], "extra": dict(read.extra), "handle": handle[:1000],
        },
    )
    RatingReading.objects.update_or_create(
        listing=listing, date=timezone.localdate(),
        defaults={"rating": read.rating, "review_count": read.review_count},
    )
    return listing


def truth_for(listing: Listing, places: list[PracticeLocation] | None = None) -> accuracy.Truth:
    """What the roster says ``listing`` should show."""
    if listing.location_id is not None and listing.location is not None and listing.provider_id is None:
        place = listing.location
        return accuracy.Truth(name=place.name, phone=place.phone, address=place.one_line)
    provider = listing.provider
    if provider is None:
        raise ListingRefused(f"{listing} belongs to no provider or location yet")
    if places is None:
        places = list(provider.locations.all())
    place = listing.location
    if place is None and places:
        place = next((p for p in places if accuracy.same_address(p.one_line, listing.address)), places[0])
    return accuracy.Truth(
        name=provider.display_name, name_parts=(provider.first_name, provider.last_name),
        credentials=provider.credentials, phone=place.phone if place else "",
        address=place.one_line if place else "", specialties=tuple(provider.specialties),
        accepting_new_patients=provider.accepting_new_patients,
    )


def seen_in(listing: Listing) -> accuracy.Seen:
    accepting = listing.extra.get("accepting_new_patients") if isinstance(listing.extra, dict) else None
    return accuracy.Seen(name=listing.name, phone=listing.phone, address=listing.address,
                         specialty=listing.specialty,
                         accepting_new_patients=accepting if isinstance(accepting, bool) else None)


def check(listing: Listing, *, at: Any = None) -> ListingCheck:
    score, fields = accuracy.check(truth_for(listing), seen_in(listing))
    at = at or timezone.now()
    with transaction.atomic():
        made = ListingCheck.objects.create(listing=listing, checked_at=at, score=score,
                                           fields=[f.as_dict() for f in fields])
        Listing.objects.filter(pk=listing.pk).update(score=score)
    listing.score = score
    return made


def check_all() -> int:
    """Check every confirmed listing against the roster in one pass; returns how many.

    Read as plain rows, not model instances: for 30,000 listings building the
    instances cost more than the checks themselves.
    """
    now = timezone.now()
    places = {pk: (name, phone, f"{address}, {city}, {state} {zip_code}")
              for pk, name, phone, address, city, state, zip_code in PracticeLocation.objects.values_list(
                  "pk", "name", "phone", "address", "city", "state", "zip_code")}
    where: dict[int, list[int]] = {}
    for provider_id, place_id in Provider.locations.through.objects.values_list("provider_id",
                                                                               "practicelocation_id"):
        where.setdefault(provider_id, []).append(place_id)
    people = {row[0]: row[1:] for row in Provider.objects.values_list(
        "pk", "first_name", "middle_name", "last_name", "suffix", "credentials", "specialties",
        "accepting_new_patients")}
    made = []
    rows = Listing.objects.filter(status=Listing.Status.CONFIRMED).values_list(
        "pk", "provider_id", "location_id", "name", "phone", "address", "specialty", "extra", "score")
    before: dict[int, int | None] = {}
    for pk, provider_id, location_id, name, phone, address, specialty, extra, score in rows.iterator(
            chunk_size=5000):
        before[pk] = score
        if provider_id is None:
            if location_id is None:
                continue
            place_name, place_phone, line = places[location_id]
            truth = accuracy.Truth(name=place_name, phone=place_phone, address=line)
        else:
            first, middle, last, suffix, credentials, specialties, accepting = people[provider_id]
            own = [places[i] for i in where.get(provider_id, [])]
            chosen = places.get(location_id) if location_id is not None else None
            if chosen is None and own:
                chosen = next((p for p in own if accuracy.same_address(p[2], address)), own[0])
            truth = accuracy.Truth(
                name=display_name(first, middle, last, suffix, credentials), name_parts=(first, last),
                credentials=credentials, phone=chosen[1] if chosen else "", address=chosen[2] if chosen else "",
                specialties=tuple(specialties), accepting_new_patients=accepting)
        accepting_seen = extra.get("accepting_new_patients") if isinstance(extra, dict) else None
        seen = accuracy.Seen(name=name, phone=phone, address=address, specialty=specialty,
                             accepting_new_patients=accepting_seen if isinstance(accepting_seen, bool) else None)
        score, fields = accuracy.check(truth, seen)
        made.append((pk, score, [f.as_dict() for f in fields]))
    with transaction.atomic():
        _insert_checks(made, now)
        # Each listing keeps its latest score: one UPDATE per score (at most
        # 101; most listings share a few), in chunks of ids SQLite accepts,
        # touching only the listings whose score changed (a rewritten row is
        # a dead one for PostgreSQL to vacuum).
        by_score: dict[int, list[int]] = {}
        for pk, score, _ in made:
            if score != before.get(pk):
                by_score.setdefault(score, []).append(pk)
        for score, ids in by_score.items():
            for start in range(0, len(ids), 5000):
                Listing.objects.filter(pk__in=ids[start:start + 5000]).update(score=score)
    return len(made)


def _insert_checks(made: list[tuple[int, int, list[dict[str, Any]]]], now: Any) -> None:
    """Write the checks. On PostgreSQL through COPY: Django's bulk insert
    sends a JSON column as an array that psycopg quotes character by
    character on the client (15 of 22 seconds for 30,000 checks); COPY
    streams the rows as they are."""
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        table = connection.ops.quote_name(ListingCheck._meta.db_table)
        columns = "listing_id, checked_at, score, fields"
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk, score, fields in made:
                copy.write_row((pk, now, score, Jsonb(fields)))
        return
    ListingCheck.objects.bulk_create(
        [ListingCheck(listing_id=pk, checked_at=now, score=score, fields=fields) for pk, score, fields in made],
        batch_size=2000)


@dataclass(frozen=True)
class Missing:
    provider: Provider
    network: str

    @property
    def label(self) -> str:
        return f"missing on {SITES[self.network]}"


def missing(providers: Iterable[Provider] | None = None) -> list[Missing]:
    """Active providers with no confirmed listing on a site."""
    if providers is None:
        providers = Provider.objects.filter(status=Provider.Status.ACTIVE, organization__is_ours=True)
    have: set[tuple[int, str]] = set(
        Listing.objects.filter(status=Listing.Status.CONFIRMED, provider__isnull=False)
        .values_list("provider_id", "network")
    )
    return [Missing(p, site) for p in providers for site in SITES if (p.pk, site) not in have]


def latest_checks(listings: Iterable[Listing]) -> dict[int, ListingCheck]:
    """The newest check of each listing."""
    ids = [listing.pk for listing in listings]
    latest: dict[int, ListingCheck] = {}
    for found in ListingCheck.objects.filter(listing_id__in=ids).order_by("listing_id", "-checked_at", "-pk"):
        latest.setdefault(found.listing_id, found)
    return latest


def history(listing: Listing) -> list[tuple[date, int]]:
    return [(c.checked_at.date(), c.score) for c in listing.checks.order_by("checked_at", "pk")]
