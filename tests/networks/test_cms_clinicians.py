from __future__ import annotations

import csv
import tracemalloc

import pytest

from bedside.networks.cms_clinicians import clinicians
from bedside.networks.imports.base import FileError

# The 2024 header of DAC_NationalDownloadableFile.csv (CMS Provider Data
# Catalog, dataset mj5m-pzi6); rows below are made up.
HEADER = ["NPI", "Ind_PAC_ID", "Ind_enrl_ID", "Provider Last Name", "Provider First Name", "Provider Middle Name",
          "suff", "gndr", "Cred", "Med_sch", "Grd_yr", "pri_spec", "sec_spec_1", "sec_spec_2", "sec_spec_3",
          "sec_spec_4", "sec_spec_all", "Telehlth", "Facility Name", "org_pac_id", "num_org_mem", "adr_ln_1",
          "adr_ln_2", "ln_2_sprs", "City/Town", "State", "ZIP Code", "Telephone Number", "ind_assgn", "grp_assgn",
          "adrs_id"]


def row(npi, last, first, spec, org, city, state, zip_code):
    values = dict.fromkeys(HEADER, "")
    values.update({"NPI": npi, "Provider Last Name": last, "Provider First Name": first, "Cred": "MD",
                   "pri_spec": spec, "Facility Name": org, "adr_ln_1": "10 ELM ST", "City/Town": city,
                   "State": state, "ZIP Code": zip_code, "Telephone Number": "6145550101"})
    return [values[h] for h in HEADER]


@pytest.fixture
def national(tmp_path):
    path = tmp_path / "DAC_NationalDownloadableFile.csv"
    with path.open("w", newline="") as out:
        w = csv.writer(out)
        w.writerow(HEADER)
        w.writerow(row("1234567893", "OKAFOR", "AMARA", "CARDIOVASCULAR DISEASE (CARDIOLOGY)",
                       "RIVERBEND HEALTH PHYSICIANS", "COLUMBUS", "OH", "432151234"))
        w.writerow(row("1434640979", "PATEL", "NINA", "DERMATOLOGY", "LAKESIDE MEDICAL GROUP", "DAYTON", "OH",
                       "45402"))
        w.writerow(row("1873669463", "BROOKS", "ELI", "CARDIOVASCULAR DISEASE (CARDIOLOGY)",
                       "RIVERBEND HEALTH PHYSICIANS", "ERIE", "PA", "16501"))
    return path


def test_it_finds_an_organization_s_clinicians(national):
    found = list(clinicians(national, organizations=["riverbend health"]))
    assert [(c.npi, c.first_name, c.last_name, c.city, c.zip) for c in found] == [
        ("1234567893", "Amara", "Okafor", "Columbus", "43215"),
        ("1873669463", "Eli", "Brooks", "Erie", "16501"),
    ]


def test_it_narrows_by_state_and_specialty(national):
    assert [c.npi for c in clinicians(national, organizations=["riverbend"], states=["oh"])] == ["1234567893"]
    assert [c.npi for c in clinicians(national, organizations=["lakeside", "riverbend"],
                                      specialty="dermatology")] == ["1434640979"]


def test_it_reads_the_pre_2024_column_names(tmp_path):
    path = tmp_path / "old.csv"
    path.write_text("NPI,lst_nm,frst_nm,pri_spec,org_nm,cty,st,zip,phn_numbr\n"
                    "1234567893,OKAFOR,AMARA,CARDIOLOGY,RIVERBEND HEALTH,COLUMBUS,OH,43215,6145550101\n")
    assert [c.last_name for c in clinicians(path, organizations=["Riverbend"])] == ["Okafor"]


def test_it_refuses_another_file_naming_the_missing_columns(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("npi,first_name,last_name\n1234567893,Amara,Okafor\n")
    with pytest.raises(FileError, match="lacks .*provider last name"):
        list(clinicians(path))


def test_it_reads_a_large_file_in_constant_memory(tmp_path):
    """Memory for 20,000 rows is what it is for 2,000: nothing grows per row."""
    def peak(rows: int) -> int:
        path = tmp_path / f"n{rows}.csv"
        with path.open("w", newline="") as out:
            w = csv.writer(out)
            w.writerow(HEADER)
            for i in range(rows):
                w.writerow(row(f"1{i:09d}", "DOE", "JAN", "FAMILY PRACTICE", "SOMEONE ELSE CLINIC", "AKRON", "OH",
                               "44301"))
        tracemalloc.start()
        assert list(clinicians(path, organizations=["riverbend"])) == []
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(2_000), peak(20_000)
    assert large < small * 1.5 + 64_000
