from __future__ import annotations

import pytest

from bedside.networks.imports.base import FileError
from bedside.reputation import roster_csv

HEADER = ("npi,first_name,middle_name,last_name,credentials,specialties,department,location,address,city,state,zip,"
          "phone,fax,hours,accepting_new_patients,languages,profile_url,status")


def write(tmp_path, *rows: str, header: str = HEADER):
    path = tmp_path / "roster.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


GOOD = ("1234567893,Amara,N,Okafor,MD,207RC0000X;207R00000X,Cardiology,Riverbend Heart Center,"
        "1200 River Road Suite 300,Columbus,OH,43215,614-555-0123,614-555-0124,Mon-Fri 8-5,yes,English;Igbo,"
        "https://riverbend.example/doctors/okafor,active")


def test_it_reads_a_provider_with_every_field(tmp_path):
    roster = roster_csv.read(write(tmp_path, GOOD))
    assert roster.ok
    [p] = roster.providers
    assert (p.npi, p.first_name, p.middle_name, p.last_name, p.credentials) == (
        "1234567893", "Amara", "N", "Okafor", "MD")
    assert p.specialties == ["207RC0000X", "207R00000X"]
    assert p.accepting_new_patients is True and p.languages == ["English", "Igbo"]
    [place] = p.locations
    assert (place.name, place.zip_code, place.phone, place.fax) == (
        "Riverbend Heart Center", "43215", "(614) 555-0123", "(614) 555-0124")


def test_a_provider_in_two_offices_has_two_rows(tmp_path):
    second = GOOD.replace("Riverbend Heart Center,1200 River Road Suite 300", "Eastside Clinic,40 Mill Street")
    [p] = roster_csv.read(write(tmp_path, GOOD, second)).providers
    assert [place.name for place in p.locations] == ["Riverbend Heart Center", "Eastside Clinic"]


def test_it_reports_every_bad_cell_with_file_row_and_column(tmp_path):
    path = write(
        tmp_path,
        GOOD,
        GOOD.replace("1234567893", "1234567890"),
        GOOD.replace("1234567893", "1434640979").replace("207RC0000X", "cardiology").replace(",yes,", ",maybe,"),
        GOOD.replace("1234567893", "1873669463").replace(",OH,43215,614-555-0123", ",Ohio,4321,555-1234"),
    )
    roster = roster_csv.read(path)
    assert roster.providers == []  # all or nothing
    assert [str(e) for e in roster.errors] == [
        f"{path}, row 3, npi: 1234567890 fails the NPI check digit (a digit is mistyped)",
        f"{path}, row 4, specialties: 'cardiology' is not a NUCC taxonomy code (10 characters, like 207RC0000X)",
        f"{path}, row 4, accepting_new_patients: 'maybe' is not yes or no",
        f"{path}, row 5, state: 'OHIO' is not a US state or territory code",
        f"{path}, row 5, zip: '4321' is not a ZIP code (5 digits, or ZIP+4)",
        f"{path}, row 5, phone: '555-1234' is not a valid phone number",
    ]


def test_it_refuses_one_npi_under_two_names(tmp_path):
    roster = roster_csv.read(write(tmp_path, GOOD, GOOD.replace("Amara", "Amy").replace("Riverbend Heart", "Other")))
    assert [str(e).split(", ", 2)[1:] for e in roster.errors] == [
        ["row 3", "last_name: NPI 1234567893 is Amara Okafor on row 2"]]


def test_it_refuses_the_same_office_twice(tmp_path):
    roster = roster_csv.read(write(tmp_path, GOOD, GOOD))
    assert "listed twice" in str(roster.errors[0]) and "row 3" in str(roster.errors[0])


def test_it_needs_a_full_address_for_a_location(tmp_path):
    roster = roster_csv.read(write(tmp_path, "1234567893,Amara,,Okafor,MD,,,Heart Center,,Columbus,OH,,,,,,,,",))
    assert {e.field for e in roster.errors} == {"address", "zip"}


def test_it_names_unknown_columns(tmp_path):
    roster = roster_csv.read(write(tmp_path, "1234567893,Amara,Okafor,x", header="npi,first_name,last_name,pager"))
    assert [(e.row, e.field) for e in roster.errors] == [(1, "pager")]


def test_it_refuses_a_file_that_is_not_a_roster(tmp_path):
    with pytest.raises(FileError, match="lacks npi"):
        roster_csv.read(write(tmp_path, "a,b", header="name,phone"))


def test_a_provider_needs_no_location(tmp_path):
    [p] = roster_csv.read(write(tmp_path, "1234567893,Amara,Okafor", header="npi,first_name,last_name")).providers
    assert p.locations == [] and p.status == "active"
