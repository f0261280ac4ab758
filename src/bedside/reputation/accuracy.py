"""A listing checked against the roster, field by field.

Each field is normalized before it is compared, so a listing is wrong only
where a patient would be misled: phones as E.164 (``phonenumbers``), street
addresses in USPS Publication 28 form (``usaddress-scourgify``: "North Main
Street Suite 4" and "N Main St Ste 4" are one address), names without
titles and credentials, specialties by the words review sites print for a
NUCC code. A field the site does not show is not compared (and not counted):
a missing phone is the site's choice, a wrong one is ours to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import phonenumbers
from rapidfuzz import fuzz
from scourgify import normalize_address_record
from scourgify.address_constants import (
    DIRECTIONAL_REPLACEMENTS,
    OCCUPANCY_TYPE_ABBREVIATIONS,
    STREET_TYPE_ABBREVIATIONS,
)
from scourgify.exceptions import AddressNormalizationError

from . import taxonomy

#: how much each field weighs in the score: a wrong phone or address costs a
#: patient the visit; a wrong specialty wording costs less.
WEIGHTS = {"name": 2, "phone": 3, "address": 3, "specialty": 1, "accepting_new_patients": 1}
NAME_AGREES = 90  # rapidfuzz token-set ratio at or above which two names are one
#: USPS Publication 28 abbreviations (scourgify's tables) for the fast comparison
_ABBREVIATIONS = {**STREET_TYPE_ABBREVIATIONS, **DIRECTIONAL_REPLACEMENTS}
#: suite, unit, #: "Suite 300" and "# 300" are one suite
_UNIT_WORDS = frozenset({*OCCUPANCY_TYPE_ABBREVIATIONS, *OCCUPANCY_TYPE_ABBREVIATIONS.values()}
                        - {"FL", "FLOOR", "BLDG", "BUILDING", "DEPT", "DEPARTMENT"})
_TITLES = re.compile(r"\b(dr|doctor|mr|mrs|ms)\b\.?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Truth:
    """What the roster says a listing should show."""

    name: str
    name_parts: tuple[str, ...] = ()  # first, last: both must appear in a provider listing's name
    credentials: str = ""
    phone: str = ""
    address: str = ""  # one line: street, city, ST ZIP
    specialties: tuple[str, ...] = ()
    accepting_new_patients: bool | None = None


@dataclass(frozen=True, slots=True)
class Seen:
    """What a site shows."""

    name: str
    phone: str = ""
    address: str = ""
    specialty: str = ""
    accepting_new_patients: bool | None = None


@dataclass(frozen=True, slots=True)
class FieldCheck:
    field: str
    ours: str
    theirs: str
    ok: bool
    fix: str = ""

    def as_dict(self) -> dict[str, Any]:
        # By hand: dataclasses.asdict deep-copies, a third of a full check's time.
        return {"field": self.field, "ours": self.ours, "theirs": self.theirs, "ok": self.ok, "fix": self.fix}


def check(truth: Truth, seen: Seen) -> tuple[int, list[FieldCheck]]:
    """The score (0–100, weighted share of compared fields that agree) and
    every field compared."""
    fields: list[FieldCheck] = []
    name_ok = _same_name(truth, seen.name)
    fields.append(FieldCheck("name", truth.name, seen.name, name_ok,
                             "" if name_ok else f"Change the name to {truth.name!r}"))
    if seen.phone:
        ours, theirs = phone_key(truth.phone), phone_key(seen.phone)
        ok = bool(ours) and ours == theirs
        fields.append(FieldCheck("phone", truth.phone, seen.phone, ok,
                                 "" if ok else f"Change the phone to {truth.phone}" if truth.phone else
                                 "Remove the phone: the roster has none for this place"))
    if seen.address:
        ok = same_address(truth.address, seen.address)
        fields.append(FieldCheck("address", truth.address, seen.address, ok,
                                 "" if ok else f"Change the address to {usps(truth.address)}"))
    if seen.specialty and truth.specialties:
        agrees = taxonomy.matches(list(truth.specialties), seen.specialty)
        if agrees is not None:
            names = ", ".join(taxonomy.name(c) for c in truth.specialties)
            fields.append(FieldCheck("specialty", names, seen.specialty, agrees,
                                     "" if agrees else f"Change the specialty to {names}"))
    if seen.accepting_new_patients is not None and truth.accepting_new_patients is not None:
        ok = seen.accepting_new_patients == truth.accepting_new_patients
        words = {True: "accepting new patients", False: "not accepting new patients"}
        fields.append(FieldCheck("accepting_new_patients", words[truth.accepting_new_patients],
                                 words[seen.accepting_new_patients], ok,
                                 "" if ok else f"Mark as {words[truth.accepting_new_patients]}"))
    total = sum(WEIGHTS[f.field] for f in fields)
    right = sum(WEIGHTS[f.field] for f in fields if f.ok)
    return round(100 * right / total), fields


def same_address(ours: str, theirs: str) -> bool:
    """Whether two one-line addresses are one place. Most listings are right,
    and then the words agree once USPS abbreviations are applied: that costs
    microseconds, where parsing costs most of a millisecond; only addresses
    that differ in their words are parsed."""
    if not ours.strip():
        return False
    return _words(ours) == _words(theirs) or address_key(ours) == address_key(theirs)


@lru_cache(maxsize=65536)
def _words(value: str) -> tuple[str, ...]:
    tokens = re.sub(r"[^0-9A-Z]+", " ", value.upper()).split()
    if len(tokens) >= 2 and len(tokens[-1]) == 4 and tokens[-1].isdigit() and len(tokens[-2]) == 5:
        tokens = tokens[:-1]  # ZIP+4: the five digits name the place
    return tuple(_ABBREVIATIONS.get(t, t) for t in tokens if t not in _UNIT_WORDS)


@lru_cache(maxsize=65536)
def phone_key(value: str) -> str:
    """E.164, or "" for what is not a phone number."""
    if not value.strip():
        return ""
    try:
        parsed = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=65536)
def address_key(value: str) -> str:
    """The address in USPS form with the ZIP cut to five digits, or the
    lower-cased words when it cannot be parsed (then only an exact match agrees)."""
    normalized = _normalized(value)
    if normalized is None:
        return " ".join(re.sub(r"[^\w ]", " ", value.lower()).split())
    # "STE 300" and "# 300" are one suite: the unit is compared by its number.
    unit = (normalized.get("address_line_2") or "").split()
    return "|".join((normalized.get("address_line_1") or "", unit[-1] if unit else "",
                     normalized.get("city") or "", normalized.get("state") or "",
                     (normalized.get("postal_code") or "")[:5]))


def usps(value: str) -> str:
    """The address as USPS writes it ("123 N MAIN ST STE 4, COLUMBUS, OH 43215")."""
    normalized = _normalized(value)
    if normalized is None:
        return value
    street = " ".join(p for p in (normalized.get("address_line_1"), normalized.get("address_line_2")) if p)
    return f"{street}, {normalized.get('city')}, {normalized.get('state')} {normalized.get('postal_code')}"


def _normalized(value: str) -> dict[str, str] | None:
    found = _parsed(value)
    return None if found is None else dict(found)


@lru_cache(maxsize=65536)
def _parsed(value: str) -> tuple[tuple[str, str], ...] | None:
    # Cached: a roster address is parsed once for its key and once for each
    # fix that names it (thousands of listings share a few hundred offices).
    if not value.strip():
        return None
    try:
        return tuple(dict(normalize_address_record(value)).items())
    except (AddressNormalizationError, ValueError, TypeError, KeyError):
        return None


def _same_name(truth: Truth, theirs: str) -> bool:
    cleaned = _TITLES.sub(" ", theirs)
    if truth.name_parts:
        lowered = cleaned.casefold()
        return all(part.casefold() in lowered for part in truth.name_parts if part)
    return fuzz.token_set_ratio(truth.name.casefold(), cleaned.casefold()) >= NAME_AGREES
