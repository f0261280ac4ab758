"""What the guard must know of our organization: its own public identifiers,
which a reply or post may say (names, website, the addresses and phone
numbers of its locations, its campuses), its vocabulary (units, service
lines, staff who may be named, people who sign replies) and, when one was
imported, the lookup into the hospital's patient index."""

from __future__ import annotations

from typing import Any

from bedside.workspace import patient_index
from bedside.workspace.models import Location, Organization
from bedside.workspace.vocabulary import guard_vocabulary


def _address_lines(loc: Location) -> list[str]:
    """"123 Main St, Springfield, IL 62701": the street line with the town,
    state and ZIP, as a post would write it."""
    place = " ".join(p for p in (loc.state, loc.zip_code) if p)
    full = ", ".join(p for p in (loc.address, loc.city, place) if p)
    return [full] if loc.address else []


def our_public_identifiers() -> dict[str, Any]:
    """Keyword arguments for :class:`bedside.guard.Context`; empty before our
    organization exists."""
    ours = Organization.objects.filter(is_ours=True).first()
    if ours is None:
        return {"org_names": (), "org_websites": (), "org_phones": (), "org_addresses": (),
                **guard_vocabulary(None)}
    names = [ours.name]
    phones, addresses = [], []
    # A location's name is not added to the names: "St. Mary's" would let
    # every "Mary" through; its address and phone are what posts repeat.
    for loc in Location.objects.filter(organization=ours):
        if loc.phone:
            phones.append(loc.phone)
        addresses.extend(_address_lines(loc))
    vocabulary = guard_vocabulary(ours)
    return {
        "org_names": tuple(dict.fromkeys(names)),
        "org_websites": (ours.website,) if ours.website else (),
        "org_phones": tuple(dict.fromkeys(phones)),
        "org_addresses": tuple(dict.fromkeys(addresses)),
        **vocabulary,
        "patient_index": patient_index.lookup(),
    }
