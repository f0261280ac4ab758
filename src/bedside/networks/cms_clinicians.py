"""The CMS "Doctors and Clinicians" national downloadable file, streamed.

A person downloads the file from CMS's Provider Data Catalog (dataset
mj5m-pzi6, DAC_NationalDownloadableFile.csv: one row per clinician, practice
address and group, some 2.5 million rows); Bedside reads it once, row by row,
in constant memory, keeping only the clinicians of the organizations asked
for (ours, and peers'). The column names changed in 2024 (``lst_nm`` became
``Provider Last Name``, ``org_nm`` ``Facility Name``); both spellings are read.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from .imports.base import FileError
from .imports.reader import load

#: our field -> the header names CMS has used for it (lower-cased)
COLUMNS: dict[str, tuple[str, ...]] = {
    "npi": ("npi",),
    "last_name": ("provider last name", "lst_nm"),
    "first_name": ("provider first name", "frst_nm"),
    "middle_name": ("provider middle name", "mid_nm"),
    "credential": ("cred",),
    "primary_specialty": ("pri_spec",),
    "organization": ("facility name", "org_nm"),
    "organization_pac_id": ("org_pac_id",),
    "address_1": ("adr_ln_1",),
    "address_2": ("adr_ln_2",),
    "city": ("city/town", "cty"),
    "state": ("state", "st"),
    "zip": ("zip code", "zip"),
    "phone": ("telephone number", "phn_numbr"),
}
REQUIRED = ("npi", "last_name", "first_name", "primary_specialty", "organization", "city", "state", "zip")


@dataclass(frozen=True, slots=True)
class Clinician:
    npi: str
    first_name: str
    last_name: str
    middle_name: str
    credential: str
    primary_specialty: str  # CMS's words ("CARDIOVASCULAR DISEASE (CARDIOLOGY)"), not a taxonomy code
    organization: str
    address: str
    city: str
    state: str
    zip: str
    phone: str
    row: int


def clinicians(
    path: str | Path,
    *,
    organizations: Collection[str] = (),
    states: Collection[str] = (),
    specialty: str = "",
) -> Iterator[Clinician]:
    """Every row of the file whose organization name contains one of
    ``organizations`` (case-insensitive; all organizations when empty), in
    ``states`` when given, whose primary specialty contains ``specialty``.

    A clinician appears once per practice address and group, as in the file.
    Raises :class:`FileError` for a file without the columns named above.
    """
    header, rows = load(path)
    lowered = [h.strip().lower() for h in header]
    where: dict[str, int] = {}
    for name, spellings in COLUMNS.items():
        index = next((lowered.index(s) for s in spellings if s in lowered), None)
        if index is not None:
            where[name] = index
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in where]
    if missing:
        raise FileError(path, "not the CMS Doctors and Clinicians file: the header row lacks " + ", ".join(missing))
    wanted = [o.strip().casefold() for o in organizations if o.strip()]
    in_states = {s.strip().upper() for s in states if s.strip()}
    needle = specialty.strip().casefold()
    width = max(where.values()) + 1
    org_at, state_at, spec_at = where["organization"], where["state"], where["primary_specialty"]

    def cell(cells: list[str], name: str) -> str:
        index = where.get(name)
        return cells[index].strip() if index is not None else ""

    for number, cells in rows:
        if len(cells) < width:
            continue  # a short line (the file cut off mid-row): nothing to match on
        # Cheap tests first: most of a national file is someone else's.
        if wanted:
            org = cells[org_at].casefold()
            if not any(w in org for w in wanted):
                continue
        if in_states and cells[state_at].strip().upper() not in in_states:
            continue
        if needle and needle not in cells[spec_at].casefold():
            continue
        street = ", ".join(p for p in (cell(cells, "address_1"), cell(cells, "address_2")) if p)
        yield Clinician(
            npi=cell(cells, "npi"),
            first_name=cell(cells, "first_name").title(),
            last_name=cell(cells, "last_name").title(),
            middle_name=cell(cells, "middle_name").title(),
            credential=cell(cells, "credential"),
            primary_specialty=cell(cells, "primary_specialty"),
            organization=cell(cells, "organization"),
            address=street,
            city=cell(cells, "city").title(),
            state=cell(cells, "state").upper(),
            zip=cell(cells, "zip")[:5],
            phone=cell(cells, "phone"),
            row=number,
        )


__all__ = ["Clinician", "clinicians"]
