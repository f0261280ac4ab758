"""The hospital's patient index, as keyed hashes only.

An admin imports a CSV exported from the master patient index (names, dates
of birth, MRNs). Each row gives up to three keys (guard/patient_index.py:
name, name + date of birth, MRN); only HMAC-SHA256 digests of them are
stored, under a key kept outside the database like the encryption key
(``BEDSIDE_PATIENT_INDEX_KEY``, or a key file created 0600 in the data dir).
Nothing of a row's clear values is logged, audited, returned by the API or
put in an error message: errors name the file, the row and the column.

An import replaces the whole index in one transaction: every row is checked,
every problem is reported as it is found, and if there is any the index is
left as it was.
"""

from __future__ import annotations

import csv
import hmac
import secrets
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from bedside.config import ensure_secret_file
from bedside.guard.patient_index import digest, normalize_date, normalize_mrn, normalize_name
from bedside.workspace import audit
from bedside.workspace.models import PatientIndexEntry, PatientIndexImport

BATCH = 5000
_FINGERPRINT_TEXT = "bedside:patient-index:key-fingerprint"
# Header spellings an MPI export uses, after lower-casing and joining words with "_".
COLUMNS = {
    "name": ("name", "patient_name", "full_name", "patient"),
    "last": ("last_name", "family_name", "surname", "lastname"),
    "first": ("first_name", "given_name", "firstname"),
    "dob": ("dob", "date_of_birth", "birth_date", "birthdate", "birth_dt"),
    "mrn": ("mrn", "medical_record_number", "mrn_number", "record_number", "patient_id"),
}


class PatientIndexError(Exception):
    """The import was refused; nothing was changed."""


@cache
def _key_from(text: str, where: str) -> bytes:
    text = text.strip()
    if len(text) < 32:
        raise PatientIndexError(f"{where}: the patient index key must be at least 32 characters")
    return text.encode("utf-8")


def key() -> bytes:
    if settings.PATIENT_INDEX_KEY:
        return _key_from(settings.PATIENT_INDEX_KEY, "BEDSIDE_PATIENT_INDEX_KEY")
    path = Path(settings.PATIENT_INDEX_KEY_FILE)
    ensure_secret_file(path, lambda: secrets.token_urlsafe(48))
    try:
        return _key_from(path.read_text(encoding="utf-8"), str(path))
    except OSError as exc:
        raise PatientIndexError(f"patient index key file {path} cannot be read: {exc.strerror}") from None


def fingerprint(k: bytes) -> str:
    return hmac.new(k, _FINGERPRINT_TEXT.encode(), "sha256").hexdigest()


def _column_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, raw in enumerate(header):
        norm = "_".join(raw.strip().lower().replace("-", " ").split())
        for col, spellings in COLUMNS.items():
            if norm in spellings and col not in found:
                found[col] = i
    return found


@dataclass(frozen=True)
class Imported:
    patients: int
    entries: int


def read_rows(path: Path, k: bytes, problem: Callable[[str], None]) -> Iterator[list[bytes]]:
    """The digests of each good row, streaming; ``problem`` hears of each bad
    row ("FILE, row N, COLUMN: message"; row 1 is the header)."""
    where = path.name
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise PatientIndexError(f"{where}: cannot be read: {exc.strerror}") from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise PatientIndexError(f"{where}: the file is empty; expected a header row with name, dob and mrn")
            cols = _column_map(header)
            if "name" not in cols and not ("last" in cols and "first" in cols):
                raise PatientIndexError(
                    f"{where}, row 1: no name column; expected 'name' (\"Last, First\" or \"First Last\") "
                    "or 'last_name' and 'first_name'")
            if "dob" not in cols and "mrn" not in cols:
                raise PatientIndexError(f"{where}, row 1: no 'dob' or 'mrn' column; give at least one")
            width = max(cols.values()) + 1
            for row in reader:
                n = reader.line_num
                if not any(c.strip() for c in row):
                    continue
                if len(row) < width:
                    problem(f"{where}, row {n}: has {len(row)} columns, the header has {len(header)}")
                    continue
                raw_name = row[cols["name"]] if "name" in cols else f"{row[cols['first']]} {row[cols['last']]}"
                name = normalize_name(raw_name)
                bad = False
                if name is None:
                    problem(f"{where}, row {n}, {header[cols['name']] if 'name' in cols else 'first_name/last_name'}: "
                            "needs a first and a family name")
                    bad = True
                keys = [f"name:{name}"] if name else []
                if "dob" in cols and row[cols["dob"]].strip():
                    dob = normalize_date(row[cols["dob"]])
                    if dob is None:
                        problem(f"{where}, row {n}, {header[cols['dob']]}: not a date "
                                "(write it as 1980-03-04, 03/04/1980 or March 4, 1980)")
                        bad = True
                    elif name:
                        keys.append(f"dob:{name}|{dob}")
                if "mrn" in cols and row[cols["mrn"]].strip():
                    mrn = normalize_mrn(row[cols["mrn"]])
                    if mrn is None:
                        problem(f"{where}, row {n}, {header[cols['mrn']]}: an MRN has at least four digits")
                        bad = True
                    else:
                        keys.append(f"mrn:{mrn}")
                if not bad:
                    yield [digest(k, key_) for key_ in keys]
        except csv.Error as exc:
            raise PatientIndexError(f"{where}, row {reader.line_num}: not valid CSV ({exc})") from None
        except UnicodeDecodeError as exc:
            raise PatientIndexError(f"{where}: not UTF-8 text (byte {exc.start})") from None


def import_file(path: Path, *, actor: Any, problem: Callable[[str], None], max_problems: int = 100) -> Imported:
    """Replace the index with the patients of ``path``, all or nothing."""
    k = key()
    problems = 0

    def report(message: str) -> None:
        nonlocal problems
        problems += 1
        if problems <= max_problems:
            problem(message)

    patients = entries = 0
    with transaction.atomic():
        PatientIndexEntry.objects.all().delete()
        PatientIndexImport.objects.all().delete()
        batch: list[PatientIndexEntry] = []
        for digests in read_rows(path, k, report):
            patients += 1
            batch.extend(PatientIndexEntry(digest=d) for d in digests)
            if len(batch) >= BATCH:
                entries += _flush(batch, problems)
        entries += _flush(batch, problems)
        if problems:
            more = f" ({problems - max_problems} more not shown)" if problems > max_problems else ""
            transaction.set_rollback(True)
            raise PatientIndexError(f"{path.name}: {problems} problem(s){more}; nothing was imported, "
                                    "the patient index is unchanged")
        if patients == 0:
            transaction.set_rollback(True)
            raise PatientIndexError(f"{path.name}: no patient rows; the patient index is unchanged")
        entries = PatientIndexEntry.objects.count()  # duplicates in the file count once
        user = actor if getattr(actor, "pk", None) else None
        PatientIndexImport.objects.create(
            imported_by=user, actor_name=user.get_username() if user else str(actor), patients=patients,
            entries=entries, key_fingerprint=fingerprint(k))
        # Counts only: the audit log never holds a patient's name or number.
        audit.record("patient_index_imported", actor=actor, object_type="workspace.patientindex",
                     detail={"patients": patients, "entries": entries})
    return Imported(patients, entries)


def _flush(batch: list[PatientIndexEntry], problems: int) -> int:
    if problems:  # the import will be refused: keep checking rows, write nothing more
        batch.clear()
        return 0
    n = len(batch)
    PatientIndexEntry.objects.bulk_create(batch, ignore_conflicts=True)
    batch.clear()
    return n


def clear(*, actor: Any) -> int:
    with transaction.atomic():
        n = PatientIndexEntry.objects.count()
        PatientIndexEntry.objects.all().delete()
        PatientIndexImport.objects.all().delete()
        audit.record("patient_index_cleared", actor=actor, object_type="workspace.patientindex",
                     detail={"entries": n})
    return n


@dataclass(frozen=True)
class Status:
    loaded: bool
    patients: int = 0
    entries: int = 0
    imported_at: Any = None
    imported_by: str = ""
    key_matches: bool = True


def status() -> Status:
    last = PatientIndexImport.objects.first()
    if last is None:
        return Status(loaded=False)
    return Status(loaded=True, patients=last.patients, entries=PatientIndexEntry.objects.count(),
                  imported_at=last.imported_at, imported_by=last.actor_name,
                  key_matches=hmac.compare_digest(last.key_fingerprint, fingerprint(key())))


class StoredPatientIndex:
    """The guard's lookup (guard.patient_index.PatientLookup) over the table:
    hashes the few candidate keys of a text and asks for them in one query."""

    def matches(self, keys: Collection[str]) -> set[str]:
        if not keys:
            return set()
        k = key()
        by_digest = {digest(k, key_): key_ for key_ in keys}
        found = PatientIndexEntry.objects.filter(digest__in=list(by_digest)).values_list("digest", flat=True)
        return {by_digest[bytes(d)] for d in found}


def lookup() -> StoredPatientIndex | None:
    """The lookup for a Context, or None while no index is loaded."""
    return StoredPatientIndex() if PatientIndexImport.objects.exists() else None
