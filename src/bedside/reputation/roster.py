"""Storing the roster: a credentialing CSV all-or-nothing, one provider by
NPI from the NPPES registry, and the registry check of a stored provider."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from bedside.networks.cms_clinicians import Clinician
from bedside.networks.errors import NetworkError
from bedside.networks.imports.base import ImportError_
from bedside.networks.nppes import NpiRecord, NppesClient, npi_problem
from bedside.workspace import audit
from bedside.workspace.models import Organization

from . import accuracy, roster_csv, taxonomy
from .models import PracticeLocation, Provider


class RosterRefused(Exception):
    """Nothing was stored; ``errors`` says every reason, one line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Imported:
    created: int
    updated: int
    locations: int


def nppes_client() -> NppesClient:
    """The registry at ``BEDSIDE_NPPES_URL`` (a stand-in in tests), else CMS's."""
    return NppesClient(os.environ.get("BEDSIDE_NPPES_URL") or None)


def our_organization() -> Organization:
    ours = Organization.objects.filter(is_ours=True).first()
    if ours is None:
        raise RosterRefused(["no organization is marked as ours yet: add it first (Organizations)"])
    return ours


def import_file(path: str | Path, *, actor: Any = "cli", request: Any = None) -> Imported:
    """Store every provider in the roster CSV, or nothing (:class:`RosterRefused`)."""
    try:
        roster = roster_csv.read(path)
    except ImportError_ as exc:  # the file as a whole: its message names it
        raise RosterRefused([str(exc)]) from exc
    if not roster.ok:
        lines = [str(e) for e in roster.errors]
        more = getattr(roster.errors, "more", 0)
        if more:
            lines.append(f"… and {more} more problem(s)")
        raise RosterRefused(lines)
    ours = our_organization()
    result = Imported(0, 0, 0)
    with transaction.atomic():
        for row in roster.providers:
            provider, made = Provider.objects.update_or_create(
                npi=row.npi,
                defaults={
                    "organization": ours, "first_name": row.first_name, "middle_name": row.middle_name,
                    "last_name": row.last_name, "suffix": row.suffix, "credentials": row.credentials,
                    "specialties": row.specialties, "department": row.department,
                    "accepting_new_patients": row.accepting_new_patients, "languages": row.languages,
                    "profile_url": row.profile_url, "photo_url": row.photo_url, "status": row.status,
                    "source": "csv",
                },
            )
            result.created += made
            result.updated += not made
            places = []
            for loc in row.locations:
                place, place_made = PracticeLocation.objects.update_or_create(
                    organization=ours, name=loc.name,
                    defaults={"address": loc.address, "city": loc.city, "state": loc.state,
                              "zip_code": loc.zip_code, "phone": loc.phone, "fax": loc.fax, "hours": loc.hours},
                )
                result.locations += place_made
                places.append(place)
            if places:
                provider.locations.set(places)
        audit.record("roster_imported", actor=actor, request=request, object_type="roster",
                     object_repr=Path(path).name,
                     detail={"created": result.created, "updated": result.updated, "locations": result.locations})
    return result


def add_by_npi(npi: str, *, client: NppesClient | None = None, actor: Any = "cli", request: Any = None) -> Provider:
    """A provider made from the registry's record (or the stored one, checked again)."""
    try:
        record = (client or nppes_client()).lookup(npi)
    except NetworkError as exc:
        raise RosterRefused([exc.message]) from exc
    if record.kind != "NPI-1":
        raise RosterRefused([f"NPI {npi} belongs to an organization ({record.organization_name}), not a person"])
    ours = our_organization()
    with transaction.atomic():
        provider, made = Provider.objects.get_or_create(
            npi=record.npi,
            defaults={
                "organization": ours, "first_name": record.first_name.title(),
                "middle_name": record.middle_name.title(), "last_name": record.last_name.title(),
                "credentials": record.credential.replace(".", ""),
                "specialties": [t.code for t in sorted(record.taxonomies, key=lambda t: not t.primary)],
                "status": Provider.Status.ACTIVE if record.active else Provider.Status.DEPARTED,
                "source": "nppes",
            },
        )
        _remember(provider, record)
        audit.record("provider_added" if made else "provider_checked", provider, actor=actor, request=request,
                     detail={"npi": provider.npi, "source": "nppes"})
    return provider


def check_registry(provider: Provider, *, client: NppesClient | None = None) -> list[dict[str, str]]:
    """Compare a stored provider with the registry and keep the differences."""
    try:
        record = (client or nppes_client()).lookup(provider.npi)
    except NetworkError as exc:
        raise RosterRefused([exc.message]) from exc
    return _remember(provider, record)


def differences(provider: Provider, record: NpiRecord) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    ours_name = f"{provider.first_name} {provider.last_name}".casefold()
    theirs_name = f"{record.first_name} {record.last_name}".casefold()
    if ours_name != theirs_name:
        found.append({"field": "name", "ours": f"{provider.first_name} {provider.last_name}",
                      "registry": f"{record.first_name} {record.last_name}".title()})
    codes = {t.code for t in record.taxonomies}
    missing = [c for c in provider.specialties if c not in codes]
    if missing:
        found.append({"field": "specialties", "ours": ", ".join(missing),
                      "registry": ", ".join(f"{t.code} {t.description}" for t in record.taxonomies) or "none"})
    practice = record.practice_address
    if practice is not None:
        registry_address = accuracy.address_key(practice.one_line)
        places = list(provider.locations.all())
        if places and not any(accuracy.address_key(p.one_line) == registry_address for p in places):
            found.append({"field": "practice address", "ours": "; ".join(p.one_line for p in places),
                          "registry": practice.one_line})
    if not record.active and provider.status == Provider.Status.ACTIVE:
        found.append({"field": "status", "ours": "active", "registry": "deactivated"})
    return found


def _remember(provider: Provider, record: NpiRecord) -> list[dict[str, str]]:
    found = differences(provider, record)
    provider.registry_differences = found
    provider.registry_checked_at = timezone.now()
    provider.save(update_fields=["registry_differences", "registry_checked_at", "updated_at"])
    return found


def add_clinicians(found: Iterable[Clinician], organization: Organization, *, actor: Any = "cli") -> int:
    """Keep clinicians read from the CMS file as ``organization``'s providers
    (a peer's, to rank ours against); one already on the roster is left as is."""
    made = 0
    with transaction.atomic():
        for clinician in found:
            if Provider.objects.filter(npi=clinician.npi).exists() or npi_problem(clinician.npi):
                continue
            code = taxonomy.code_for(clinician.primary_specialty)
            provider = Provider.objects.create(
                organization=organization, npi=clinician.npi, first_name=clinician.first_name,
                middle_name=clinician.middle_name, last_name=clinician.last_name,
                credentials=clinician.credential, specialties=[code] if code else [], source="cms")
            place, _ = PracticeLocation.objects.get_or_create(
                organization=organization, name=f"{clinician.address}, {clinician.city}"[:200],
                defaults={"address": clinician.address, "city": clinician.city, "state": clinician.state,
                          "zip_code": clinician.zip, "phone": clinician.phone})
            provider.locations.add(place)
            made += 1
        audit.record("providers_from_cms", organization, actor=actor, detail={"added": made})
    return made
