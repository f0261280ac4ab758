"""The NPPES NPI Registry API (version 2.1): a provider's record by NPI.

Public and keyless (https://npiregistry.cms.hhs.gov/api-page). Bedside reads
it to check the roster: the NPI's check digit first (no request is spent on a
mistyped number), then name, credential, taxonomies and practice address as
CMS holds them. Not a channel's network: nobody connects an account to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import NotFound, PayloadError, PermanentError
from .http import HttpTransport
from .parsing import items, obj

SLUG = "nppes"
DEFAULT_BASE_URL = "https://npiregistry.cms.hhs.gov"
VERSION = "2.1"
_NPI = re.compile(r"\d{10}")


def npi_problem(npi: str) -> str:
    """Why ``npi`` is not a valid NPI, or "" when it is.

    The tenth digit is a Luhn check digit computed over the nine before it
    with the card-issuer prefix 80840 in front (CMS, "Requirements for
    National Provider Identifier Check Digit"); the prefix adds 24 to the sum.
    """
    if not _NPI.fullmatch(npi):
        return f"{npi!r} is not an NPI (10 digits)"
    total = 24
    for position, digit in enumerate(reversed(npi[:9])):
        value = int(digit)
        if position % 2 == 0:
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    check = (10 - total % 10) % 10
    if check != int(npi[9]):
        return f"{npi} fails the NPI check digit (a digit is mistyped)"
    return ""


@dataclass(frozen=True, slots=True)
class Taxonomy:
    code: str
    description: str = ""
    primary: bool = False


@dataclass(frozen=True, slots=True)
class Address:
    purpose: str  # LOCATION (practice) or MAILING
    line_1: str = ""
    line_2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    phone: str = ""
    fax: str = ""

    @property
    def one_line(self) -> str:
        street = ", ".join(p for p in (self.line_1, self.line_2) if p)
        region = " ".join(p for p in (self.state, self.postal_code[:5]) if p)
        return ", ".join(p for p in (street, self.city, region) if p)


@dataclass(frozen=True, slots=True)
class NpiRecord:
    npi: str
    kind: str  # NPI-1 (a person) or NPI-2 (an organization)
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    credential: str = ""
    organization_name: str = ""
    active: bool = True
    taxonomies: tuple[Taxonomy, ...] = ()
    addresses: tuple[Address, ...] = field(default_factory=tuple)

    @property
    def practice_address(self) -> Address | None:
        return next((a for a in self.addresses if a.purpose == "LOCATION"), None)

    @property
    def primary_taxonomy(self) -> Taxonomy | None:
        return next((t for t in self.taxonomies if t.primary), self.taxonomies[0] if self.taxonomies else None)


class NppesClient:
    """``lookup(npi)`` against the registry at ``base_url`` (a setting, so a
    stand-in on 127.0.0.1 can answer in tests)."""

    def __init__(self, base_url: str | None = None, *, transport: HttpTransport | None = None) -> None:
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.http = transport or HttpTransport(SLUG)

    def lookup(self, npi: str) -> NpiRecord:
        """The registry's record; :class:`PermanentError` for an invalid NPI
        (checked here, before any request), :class:`NotFound` for one the
        registry does not know (never issued, or deactivated)."""
        npi = npi.strip()
        problem = npi_problem(npi)
        if problem:
            raise PermanentError(SLUG, problem)
        data = obj(SLUG, self.http.get_json(f"{self.base_url}/api/", params={"version": VERSION, "number": npi}),
                   "response")
        errors = data.get("Errors")
        if errors:
            first = obj(SLUG, items(SLUG, errors, "Errors")[0], "Errors[0]")
            raise PermanentError(SLUG, f"the registry refused {npi}: {first.get('description') or 'no reason given'}")
        results = items(SLUG, data.get("results") or [], "results")
        if not results:
            raise NotFound(SLUG, f"NPI {npi} is not in the NPPES registry (never issued, or deactivated)")
        return _record(obj(SLUG, results[0], "results[0]"))


def _record(data: Mapping[str, Any]) -> NpiRecord:
    basic = obj(SLUG, data.get("basic") or {}, "results[0].basic")
    number = str(data.get("number") or "")
    if not number:
        raise PayloadError(SLUG, "results[0].number", "missing")
    taxonomies = tuple(
        Taxonomy(code=_s(t.get("code")), description=_s(t.get("desc")), primary=bool(t.get("primary")))
        for i, raw in enumerate(items(SLUG, data.get("taxonomies") or [], "results[0].taxonomies"))
        if (t := obj(SLUG, raw, f"results[0].taxonomies[{i}]")) and _s(t.get("code"))
    )
    addresses = tuple(
        Address(
            purpose=_s(a.get("address_purpose")).upper(),
            line_1=_s(a.get("address_1")),
            line_2=_s(a.get("address_2")),
            city=_s(a.get("city")),
            state=_s(a.get("state")),
            postal_code=_s(a.get("postal_code")),
            phone=_s(a.get("telephone_number")),
            fax=_s(a.get("fax_number")),
        )
        for i, raw in enumerate(items(SLUG, data.get("addresses") or [], "results[0].addresses"))
        if (a := obj(SLUG, raw, f"results[0].addresses[{i}]")) is not None
    )
    return NpiRecord(
        npi=number,
        kind=_s(data.get("enumeration_type")),
        first_name=_s(basic.get("first_name")),
        middle_name=_s(basic.get("middle_name")),
        last_name=_s(basic.get("last_name")),
        credential=_s(basic.get("credential")),
        organization_name=_s(basic.get("organization_name")),
        active=_s(basic.get("status") or "A").upper() == "A",
        taxonomies=taxonomies,
        addresses=addresses,
    )


def _s(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""
