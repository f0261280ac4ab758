"""The roster CSV from credentialing or HR (documented in docs/guide/provider-roster-csv.md).

One row per provider and practice location: a provider who sees patients in
two offices has two rows, with the same NPI and the same name. Read
all-or-nothing like the snapshot CSV: every bad cell is reported as
``FILE, row N, COLUMN: message`` in one pass, and nothing is stored unless
the whole file is good. Plain Python: the caller stores what comes back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers

from bedside.networks.imports.base import FileError, Problems, Row, RowError
from bedside.networks.imports.reader import load
from bedside.networks.nppes import npi_problem
from bedside.spreadsheets import unescape

from . import taxonomy

REQUIRED = ("npi", "first_name", "last_name")
LOCATION = ("location", "address", "city", "state", "zip")
OPTIONAL = (
    "middle_name", "suffix", "credentials", "specialties", "department", "phone", "fax", "hours",
    "accepting_new_patients", "languages", "profile_url", "photo_url", "status",
)
COLUMNS = (*REQUIRED, *LOCATION, *OPTIONAL)
STATES = frozenset(
    ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "VI", "GU", "AS", "MP"]
)
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
_ZIP = re.compile(r"\d{5}(-?\d{4})?")


@dataclass
class RosterLocation:
    name: str
    address: str
    city: str
    state: str
    zip_code: str
    phone: str = ""
    fax: str = ""
    hours: str = ""


@dataclass
class RosterProvider:
    npi: str
    first_name: str
    last_name: str
    middle_name: str = ""
    suffix: str = ""
    credentials: str = ""
    specialties: list[str] = field(default_factory=list)
    department: str = ""
    accepting_new_patients: bool | None = None
    languages: list[str] = field(default_factory=list)
    profile_url: str = ""
    photo_url: str = ""
    status: str = "active"
    locations: list[RosterLocation] = field(default_factory=list)
    row: int = 0


@dataclass
class Roster:
    providers: list[RosterProvider]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


def read(path: str | Path) -> Roster:
    """The providers in ``path``, or every problem in it. Raises
    :class:`FileError` for a file that is not a roster at all."""
    header, rows = load(path)
    columns = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise FileError(path, "not a provider roster: the header row lacks " + ", ".join(missing))
    name = str(path)
    errors: list[RowError] = Problems()
    for column in columns:
        if column and column not in COLUMNS:
            errors.append(RowError(name, 1, column, f"unknown column; a roster has {', '.join(COLUMNS)}"))
    providers: dict[str, RosterProvider] = {}
    places: dict[tuple[str, str], int] = {}
    for number, cells in rows:
        row = Row(name, number, dict(zip(columns, cells, strict=False)), errors)
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
            row.fail(f"column {len(columns) + 1}", "has a value but no header")
        provider = _provider(row)
        location = _location(row)
        if row.failed or provider is None:
            continue
        known = providers.get(provider.npi)
        if known is None:
            providers[provider.npi] = provider
            known = provider
        elif (known.first_name, known.last_name) != (provider.first_name, provider.last_name):
            row.fail("last_name", f"NPI {provider.npi} is {known.first_name} {known.last_name} on row {known.row}")
            continue
        if location is not None:
            key = (provider.npi, location.name.casefold())
            if key in places:
                row.fail("location", f"{location.name} is listed twice for NPI {provider.npi} (first on row "
                                     f"{places[key]})")
                continue
            places[key] = number
            known.locations.append(location)
    return Roster(list(providers.values()) if not errors else [], errors)


def _provider(row: Row) -> RosterProvider | None:
    npi = row.text("npi", required=True)
    if npi and (problem := npi_problem(npi)):
        row.fail("npi", problem)
    first = unescape(row.text("first_name", required=True))
    last = unescape(row.text("last_name", required=True))
    specialties = _split(row.text("specialties"))
    for code in specialties:
        if not taxonomy.is_code(code):
            row.fail("specialties", f"{code!r} is not a NUCC taxonomy code (10 characters, like 207RC0000X)")
    accepting_text = row.text("accepting_new_patients").lower()
    accepting: bool | None = None
    if accepting_text in YES:
        accepting = True
    elif accepting_text in NO:
        accepting = False
    elif accepting_text:
        row.fail("accepting_new_patients", f"{accepting_text!r} is not yes or no")
    status = row.text("status").lower() or "active"
    if status not in ("active", "departed"):
        row.fail("status", f"{status!r} is not active or departed")
    profile_url = _url(row, "profile_url")
    photo_url = _url(row, "photo_url")
    if row.failed:
        return None
    return RosterProvider(
        npi=npi, first_name=first, last_name=last, middle_name=row.text("middle_name"), suffix=row.text("suffix"),
        credentials=row.text("credentials"), specialties=specialties, department=unescape(row.text("department")),
        accepting_new_patients=accepting, languages=_split(row.text("languages")), profile_url=profile_url,
        photo_url=photo_url, status=status, row=row.row_number,
    )


def _location(row: Row) -> RosterLocation | None:
    if not any(row.raw(c) for c in (*LOCATION, "phone", "fax", "hours")):
        return None
    name = unescape(row.text("location", required=True))
    address = row.text("address", required=True)
    city = row.text("city", required=True)
    state = row.text("state", required=True).upper()
    if state and state not in STATES:
        row.fail("state", f"{state!r} is not a US state or territory code")
    zip_code = row.text("zip", required=True)
    if zip_code and not _ZIP.fullmatch(zip_code):
        row.fail("zip", f"{zip_code!r} is not a ZIP code (5 digits, or ZIP+4)")
    phone = _phone(row, "phone")
    fax = _phone(row, "fax")
    return RosterLocation(name=name, address=address, city=city, state=state, zip_code=zip_code, phone=phone,
                          fax=fax, hours=row.text("hours"))


def _phone(row: Row, column: str) -> str:
    value = row.text(column)
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        row.fail(column, f"{value!r} is not a valid phone number")
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def _url(row: Row, column: str) -> str:
    value = row.text(column)
    if value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            row.fail(column, f"{value!r} is not a web address (https://…)")
            return ""
    return value


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|]", value) if part.strip()]
