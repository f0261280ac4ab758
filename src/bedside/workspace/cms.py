"""The CMS list of U.S. hospitals, shipped with Bedside, to pick peers from."""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Hospital:
    facility_id: str
    name: str
    address: str
    city: str
    state: str
    zip: str
    county: str
    phone: str
    hospital_type: str
    ownership: str
    emergency: str
    rating: int | None

    @property
    def title(self) -> str:
        return _tidy(self.name)

    @property
    def street(self) -> str:
        return _tidy(self.address)

    @property
    def town(self) -> str:
        return _tidy(self.city)


def _tidy(upper: str) -> str:
    # CMS names are upper case with stray double spaces; ", THE" suffixes too.
    text = " ".join(upper.split()).title()
    if text.endswith(", The"):
        text = "The " + text[: -len(", The")]
    return text


@cache
def hospitals() -> tuple[Hospital, ...]:
    source = resources.files("bedside.workspace").joinpath("data/cms_hospitals.csv.gz")
    with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Hospital(
            **{k: v for k, v in row.items() if k != "rating"},
            rating=int(row["rating"]) if row["rating"].isdigit() else None,
        )
        for row in rows
    )


@cache
def _by_id() -> dict[str, Hospital]:
    return {h.facility_id: h for h in hospitals()}


def get(facility_id: str) -> Hospital | None:
    return _by_id().get(facility_id.strip())


def search(query: str = "", state: str = "", limit: int = 25) -> list[Hospital]:
    """Hospitals whose name or city contains every word of ``query``."""
    words = [w for w in query.upper().split() if w]
    state = state.strip().upper()
    found = []
    for hospital in hospitals():
        if state and hospital.state != state:
            continue
        haystack = f"{hospital.name} {hospital.city} {hospital.facility_id}"
        if all(word in haystack for word in words):
            found.append(hospital)
            if len(found) >= limit:
                break
    return found
