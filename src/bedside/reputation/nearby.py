"""Top rated near a ZIP code, as the review apps' "top 10 near you" lists rank.

Distance is between ZIP centroids (the table the ``zipcodes`` package
ships; its coordinates are GeoNames', CC BY 4.0, credited in the README),
which is what a patient's search by ZIP does;
a provider's ZIP is that of their first practice location. The rank is by
the pooled rating over the sites, among providers with at least
``min_reviews`` reviews, as the apps hide thinly reviewed physicians.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import zipcodes

from . import ratings, taxonomy
from .models import Provider
from .overview import ProviderRow, provider_rows

EARTH_MILES = 3958.8
TOP = 10


class UnknownZip(ValueError):
    pass


@cache
def centroid(zip_code: str) -> tuple[float, float] | None:
    code = zip_code.strip()[:5]
    if len(code) != 5 or not code.isdigit():
        return None
    try:
        found = zipcodes.matching(code)
    except (ValueError, TypeError):
        return None
    if not found:
        return None
    return float(found[0]["lat"]), float(found[0]["long"])


def miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_MILES * math.asin(math.sqrt(h))


@dataclass
class Ranked:
    rank: int
    row: ProviderRow
    miles: float
    ours: bool
    #: for ours outside the top: five-star reviews that would lift them to the last place in it
    to_top: int | None = None


def top_rated(specialty: str, zip_code: str, radius: float, *, min_reviews: int = 5,
              limit: int = TOP) -> tuple[list[Ranked], list[Ranked]]:
    """The top ``limit`` near ``zip_code``, and where each of ours outside it stands."""
    here = centroid(zip_code)
    if here is None:
        raise UnknownZip(f"{zip_code!r} is not a US ZIP code Bedside knows")
    candidates: list[Ranked] = []
    rows = provider_rows(Provider.objects.filter(status=Provider.Status.ACTIVE), with_locations=True)
    for row in rows:
        if specialty and not _practices(row.provider, specialty):
            continue
        average, count = row.average, row.count
        if average is None or count < min_reviews:
            continue
        places = list(row.provider.locations.all())
        where = next((c for p in places if (c := centroid(p.zip_code)) is not None), None)
        if where is None:
            continue
        distance = miles(here, where)
        if distance <= radius:
            candidates.append(Ranked(0, row, round(distance, 1), row.provider.organization.is_ours))
    candidates.sort(key=lambda r: (-(r.row.average or 0), -r.row.count, r.miles))
    for place, item in enumerate(candidates, start=1):
        item.rank = place
    top = candidates[:limit]
    rest = [r for r in candidates[limit:] if r.ours]
    if len(top) == limit:
        floor = top[-1].row.average or 0
        for item in rest:
            item.to_top = ratings.reviews_to_reach(item.row.average or 0, item.row.count, floor + 0.005)
    return top, rest


def _practices(provider: Provider, specialty: str) -> bool:
    if specialty in provider.specialties:
        return True
    if taxonomy.is_code(specialty):
        return False
    words = specialty.casefold()
    return any(words in taxonomy.name(code).casefold() for code in provider.specialties)
