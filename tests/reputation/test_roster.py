from __future__ import annotations

import pytest

from bedside.reputation import roster
from bedside.reputation.models import PracticeLocation, Provider
from bedside.workspace.models import AuditEntry

HEADER = "npi,first_name,last_name,credentials,specialties,department,location,address,city,state,zip,phone"
ROW = ("1234567893,Amara,Okafor,MD,207RC0000X,Cardiology,Riverbend Heart Center,1200 River Road Suite 300,"
       "Columbus,OH,43215,614-555-0123")


def write(tmp_path, *rows):
    path = tmp_path / "roster.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


def test_it_stores_the_roster_and_audits_the_import(ours, tmp_path):
    result = roster.import_file(write(tmp_path, ROW, ROW.replace("1234567893", "1434640979")
                                      .replace("Amara,Okafor", "Nina,Patel")))
    assert (result.created, result.updated, result.locations) == (2, 0, 1)
    okafor = Provider.objects.get(npi="1234567893")
    assert okafor.organization == ours and okafor.source == "csv"
    assert [p.name for p in okafor.locations.all()] == ["Riverbend Heart Center"]
    assert AuditEntry.objects.filter(action="roster_imported").count() == 1


def test_importing_again_updates_instead_of_duplicating(ours, tmp_path):
    roster.import_file(write(tmp_path, ROW))
    result = roster.import_file(write(tmp_path, ROW.replace("Cardiology,", "Heart and Vascular,")))
    assert (result.created, result.updated) == (0, 1)
    assert Provider.objects.get().department == "Heart and Vascular"
    assert PracticeLocation.objects.count() == 1


def test_a_bad_file_stores_nothing_and_keeps_what_was_there(ours, tmp_path):
    roster.import_file(write(tmp_path, ROW))
    bad = write(tmp_path, ROW.replace("Cardiology,", "Changed,"), ROW.replace("1234567893", "1434640970"))
    with pytest.raises(roster.RosterRefused) as refused:
        roster.import_file(bad)
    assert refused.value.errors == [f"{bad}, row 3, npi: 1434640970 fails the NPI check digit (a digit is mistyped)"]
    assert Provider.objects.get().department == "Cardiology"


def test_add_by_npi_reads_the_registry(ours, sites):
    provider = roster.add_by_npi("1234567893")
    assert (provider.first_name, provider.last_name, provider.credentials) == ("Amara", "Okafor", "MD")
    assert provider.specialties == ["207RC0000X", "207R00000X"] and provider.source == "nppes"
    assert provider.registry_checked_at is not None


def test_add_by_npi_says_what_is_wrong(ours, sites):
    with pytest.raises(roster.RosterRefused, match="check digit"):
        roster.add_by_npi("1234567890")
    with pytest.raises(roster.RosterRefused, match="not in the NPPES registry"):
        roster.add_by_npi("1529923124")
    with pytest.raises(roster.RosterRefused, match="organization"):
        roster.add_by_npi("1202466334")
    assert not Provider.objects.exists()


def test_the_registry_check_names_what_differs(okafor, sites):
    # The roster's office is on River Road; the registry has the same office, and a second specialty.
    okafor.specialties = ["207RC0000X", "207RG0100X"]
    okafor.save()
    found = roster.check_registry(okafor)
    assert [d["field"] for d in found] == ["specialties"]
    assert found[0]["ours"] == "207RG0100X"
    okafor.locations.update(address="88 Old Mill Road")
    assert "practice address" in [d["field"] for d in roster.check_registry(okafor)]
