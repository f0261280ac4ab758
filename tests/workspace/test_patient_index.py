"""The patient index: imported from a real CSV file through the CLI, stored
as keyed hashes only, all or nothing, and used by the guard through the API."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.test import Client

from bedside.cli import main
from bedside.workspace import patient_index
from bedside.workspace.models import ApiToken, AuditEntry, PatientIndexEntry, PatientIndexImport

# Invented people: no row here is anyone's.
GOOD = (
    "MRN,Patient Name,DOB,Sex\n"
    "00-4471-902,\"VANTERPOOL, GRETCHEN A\",1957-11-02,F\n"
    "88120077,Desmond Okonkwo-Hale,07/30/1989,M\n"
    "K5512340,\"Lindqvist, Soren\",Jan 5 2001,M\n"
)


def write(tmp_path: Path, text: str, name: str = "mpi_export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def api_for(persona) -> Client:
    _, raw = ApiToken.issue(persona.user, "script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def check(client: Client, text: str, kind: str = "post") -> dict:
    return client.post("/api/guard/check", {"text": text, "context": {"kind": kind}},
                       content_type="application/json").json()


def imported(tmp_path: Path, text: str = GOOD):
    return CliRunner().invoke(main, ["patient-index", "import", str(write(tmp_path, text))])


def test_it_imports_keyed_hashes_only_and_reports_counts(db, tmp_path) -> None:
    result = imported(tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    assert "Imported 3 patients" in result.output
    # Name, name + date of birth and MRN for each row: nine digests, no clear value.
    digests = [bytes(d) for d in PatientIndexEntry.objects.values_list("digest", flat=True)]
    assert len(digests) == 9 and all(len(d) == 32 for d in digests)
    blob = b"".join(digests).lower()
    for clear in (b"vanterpool", b"gretchen", b"4471902", b"1957", b"okonkwo"):
        assert clear not in blob
    key_file = Path(settings.PATIENT_INDEX_KEY_FILE)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    entry = AuditEntry.objects.get(action="patient_index_imported")
    assert entry.detail == {"patients": 3, "entries": 9} and entry.actor_name == "cli"


def test_the_guard_blocks_a_draft_naming_a_patient_of_the_index(personas, org, tmp_path) -> None:
    assert imported(tmp_path).exit_code == 0
    responder = api_for(personas["responder"])
    for text in ("Happy 70th to our friend Gretchen Vanterpool!",
                 "Desmond Okonkwo-Hale, born July 30, 1989, won our 5K.",
                 "Re: account 4471902, we have fixed the mailing address.",
                 "Welcome back, Soren Lindqvist!"):
        result = check(responder, text)
        assert result["verdict"] == "block", text
        assert any("matches a patient record" in r for r in result["reasons"]), text
    for text in ("Happy 70th to our friend Gretchen Vance!", "Re: account 4471903, we have fixed the mailing address."):
        assert not any("matches a patient record" in r for r in check(responder, text)["reasons"]), text


@pytest.mark.parametrize(("csv_text", "message"), [
    ("MRN,Patient Name,DOB\n1234567,\"DOE, JANE\",1960-02-30\n", "mpi_export.csv, row 5, DOB: not a date"),
    ("MRN,Patient Name,DOB\n1234567,Cher,1960-02-03\n", "mpi_export.csv, row 5, Patient Name: needs a first and a family name"),
    ("MRN,Patient Name,DOB\n12,\"DOE, JANE\",1960-02-03\n", "mpi_export.csv, row 5, MRN: an MRN has at least four digits"),
    ("MRN,Patient Name,DOB\n1234567,\"DOE, JANE\"\n", "mpi_export.csv, row 5: has 2 columns, the header has 4"),
    ("Identifier,Label\n1,2\n", "mpi_export.csv, row 1: no name column"),
    ("", "mpi_export.csv: the file is empty"),
])
def test_a_bad_file_changes_nothing_and_says_where(db, tmp_path, csv_text, message) -> None:
    assert imported(tmp_path).exit_code == 0
    before = sorted(bytes(d) for d in PatientIndexEntry.objects.values_list("digest", flat=True))
    result = imported(tmp_path, GOOD + csv_text.split("\n", 1)[-1] if csv_text.startswith("MRN,Patient") else csv_text)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "JANE" not in result.stderr and "1960" not in result.stderr and "1234567" not in result.stderr
    assert sorted(bytes(d) for d in PatientIndexEntry.objects.values_list("digest", flat=True)) == before
    assert PatientIndexImport.objects.get().patients == 3


def test_every_bad_row_is_reported_as_it_is_found(db, tmp_path) -> None:
    rows = "".join(f"{1000 + i},\"Row, Number\",not-a-date\n" for i in range(5))
    result = imported(tmp_path, "MRN,Name,DOB\n" + rows)
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ", DOB: not a date" in ln]
    assert [ln.split(",")[1].strip() for ln in lines] == [f"row {n}" for n in range(2, 7)]
    assert "5 problem(s)" in result.stderr
    assert not PatientIndexEntry.objects.exists()


def test_nothing_of_the_index_reaches_the_logs_or_the_api(personas, org, tmp_path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    imported(tmp_path)
    check(api_for(personas["responder"]), "Welcome back, Soren Lindqvist!")
    status = api_for(personas["admin"]).get("/api/patient-index")
    assert status.status_code == 200
    body = status.content.decode().lower()
    assert status.json()["patients"] == 3 and status.json()["key_matches"] is True
    assert api_for(personas["reviewer"]).get("/api/patient-index").status_code == 403
    logs = caplog.text.lower()
    for clear in ("vanterpool", "okonkwo", "4471902", "1957-11-02"):
        assert clear not in logs and clear not in body


def test_status_and_clear(db, tmp_path) -> None:
    runner = CliRunner()
    assert "No patient index loaded." in runner.invoke(main, ["patient-index", "status"]).output
    imported(tmp_path)
    status = runner.invoke(main, ["patient-index", "status"])
    assert status.exit_code == 0 and "3 patients, 9 keyed hashes" in status.output
    cleared = runner.invoke(main, ["patient-index", "clear", "--yes"])
    assert cleared.exit_code == 0 and "9 keyed hashes" in cleared.output
    assert not PatientIndexEntry.objects.exists() and patient_index.lookup() is None
    assert AuditEntry.objects.filter(action="patient_index_cleared").count() == 1


def test_status_says_when_the_key_no_longer_matches(db, tmp_path, monkeypatch) -> None:
    imported(tmp_path)
    monkeypatch.setattr(settings, "PATIENT_INDEX_KEY", "another-key-" + "x" * 40)
    status = CliRunner().invoke(main, ["patient-index", "status"])
    assert status.exit_code == 1 and "key has changed" in status.stderr


def test_the_key_can_come_from_the_environment(db, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(settings, "PATIENT_INDEX_KEY", "short")
    result = imported(tmp_path)
    assert result.exit_code == 1 and "BEDSIDE_PATIENT_INDEX_KEY: the patient index key must be at least 32" in result.stderr
    assert not os.environ.get("BEDSIDE_PATIENT_INDEX_KEY")
