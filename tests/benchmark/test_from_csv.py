"""Every comparison metric from numbers a team imports in the documented snapshot
CSV (docs/snapshot-csv.md), as a new user tracking peers by hand would."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedside.benchmark.comparison import compare
from bedside.benchmark.templatetags.benchmark import span_words
from bedside.networks.imports import read_file
from bedside.sync.imports import store_import

pytestmark = pytest.mark.django_db

HEADER = "organization,network,handle,date,followers,following,posts,likes,talking_about,views,engagements\n"


def imported(tmp_path: Path, rows: str) -> None:
    path = tmp_path / "snapshots.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    store_import(read_file(path), path, create=True)


def test_talking_about_counts_the_documented_columns(tmp_path: Path) -> None:
    imported(tmp_path, (
        'Lakeshore Clinic,facebook,LakeshoreClinic,2026-07-01,"300,000",,,"300,000","7,500",,\n'
        "Hillcrest Health,facebook,HillcrestHealth,2026-07-01,820000,,,800000,12000,,\n"
        # No separate likes column: the audience (page likes) is the denominator.
        "Bayview Medical,facebook,BayviewMedical,2026-07-01,50000,,,,1500,,\n"
        # Nothing said about conversation: no data, never 0.
        "Quiet Hospital,facebook,QuietHospital,2026-07-01,9000,,,,,,\n"
    ))
    c = compare()
    assert c.row("Lakeshore Clinic").values["talking_about"] == pytest.approx(2.5)
    assert c.row("Hillcrest Health").values["talking_about"] == pytest.approx(1.5)
    assert c.row("Bayview Medical").values["talking_about"] == pytest.approx(3.0)
    assert c.row("Quiet Hospital").values["talking_about"] is None


def test_two_monthly_snapshots_give_growth_over_one_month(tmp_path: Path) -> None:
    # A team that starts tracking in June sees growth in July, not a blank for a year.
    imported(tmp_path, (
        "Lakeshore Clinic,facebook,LakeshoreClinic,2026-06-01,400000,,,,,,\n"
        "Lakeshore Clinic,facebook,LakeshoreClinic,2026-07-01,437000,,,,,,\n"
        "Hillcrest Health,x,HillcrestHealth,2026-06-01,20000,,,,,,\n"
        "Hillcrest Health,x,HillcrestHealth,2026-07-01,21000,,,,,,\n"
    ))
    c = compare()
    lake = c.row("Lakeshore Clinic").values
    assert lake["growth_abs"] == 37_000
    assert lake["growth_days"] == 30
    assert span_words(lake["growth_days"]) == "1 month"
    # 37,000 on 400,000 over 30 days is 9.25% that month.
    assert lake["growth_month"] == pytest.approx((437 / 400) ** (30.4375 / 30) * 100 - 100, rel=1e-6)
    assert c.row("Hillcrest Health").values["growth_abs"] == 1_000
    assert c.row("Lakeshore Clinic").rank["growth_abs"] == 1


def test_a_network_tracked_later_grows_from_the_common_start(tmp_path: Path) -> None:
    # X from March, Facebook only from June: growth is both from June, not Facebook's whole audience as growth.
    imported(tmp_path, (
        "Lakeshore Clinic,x,LakeshoreClinic,2026-03-01,10000,,,,,,\n"
        "Lakeshore Clinic,x,LakeshoreClinic,2026-06-01,10600,,,,,,\n"
        "Lakeshore Clinic,x,LakeshoreClinic,2026-07-01,11000,,,,,,\n"
        "Lakeshore Clinic,facebook,LakeshoreClinic,2026-06-01,50000,,,,,,\n"
        "Lakeshore Clinic,facebook,LakeshoreClinic,2026-07-01,52000,,,,,,\n"
    ))
    values = compare().row("Lakeshore Clinic").values
    assert values["growth_abs"] == 400 + 2_000
    assert values["growth_days"] == 30


def test_a_single_snapshot_gives_an_audience_but_no_growth(tmp_path: Path) -> None:
    imported(tmp_path, "Lakeshore Clinic,x,LakeshoreClinic,2026-07-01,11000,,,,,,\n")
    values = compare().row("Lakeshore Clinic").values
    assert values["audience"] == 11_000
    assert values["growth_abs"] is None and values["growth_month"] is None


def test_the_page_says_over_how_long_growth_was_measured(tmp_path: Path, personas) -> None:
    imported(tmp_path, (
        "Lakeshore Clinic,facebook,LakeshoreClinic,2026-06-01,400000,,,,,,\n"
        "Lakeshore Clinic,facebook,LakeshoreClinic,2026-07-01,437000,,,,,,\n"
    ))
    page = personas["viewer"].client.get("/benchmark/").content.decode()
    assert "+37,000 <small>over 1 month</small>" in page


@pytest.mark.parametrize(("days", "words"), [(365, "12 months"), (30, "1 month"), (61, "2 months"), (9, "9 days"),
                                             (1, "1 day")])
def test_spans_read_in_words(days: int, words: str) -> None:
    assert span_words(days) == words


def _two_years(tmp_path: Path) -> None:
    rows = "".join(f"Lakeshore Clinic,x,LakeshoreClinic,{year}-{month:02d}-01,{10_000 + 100 * n},,,,,,\n"
                   for n, (year, month) in enumerate((y, m) for y in (2025, 2026) for m in range(1, 13)))
    imported(tmp_path, rows)


def test_a_chosen_window_sets_the_tables_not_only_the_chart(tmp_path: Path) -> None:
    _two_years(tmp_path)
    from datetime import date

    whole = compare().row("Lakeshore Clinic").values
    assert whole["growth_days"] == 365 and whole["growth_abs"] == 1_200  # the 12 months to the last reading
    chosen = compare(start=date(2025, 3, 1), as_of=date(2025, 9, 1))
    row = chosen.row("Lakeshore Clinic").values
    assert (chosen.start, chosen.as_of) == (date(2025, 3, 1), date(2025, 9, 1))
    assert row["audience"] == 10_800 and row["growth_abs"] == 600 and row["growth_days"] == 184


def test_the_window_in_the_page_the_api_and_the_cli(tmp_path: Path, personas) -> None:
    import json

    from click.testing import CliRunner

    from bedside.reports.commands import report
    from bedside.workspace.models import ApiToken

    _two_years(tmp_path)
    page = personas["viewer"].client.get("/benchmark/?start=2025-03-01&end=2025-09-01").content.decode()
    assert "1 Mar 2025 to 1 Sep 2025" in page and "+600 <small>over 6 months</small>" in page
    bad = personas["viewer"].client.get("/benchmark/?start=2025-13-01").content.decode()
    assert "From: &#x27;2025-13-01&#x27; is not a date; write it as YYYY-MM-DD." in bad
    _token, raw = ApiToken.issue(personas["viewer"].user, "script")
    api = personas["viewer"].client.get("/api/benchmark?start=2025-03-01&end=2025-09-01",
                                        HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert (api["growth_window_start"], api["as_of"]) == ("2025-03-01", "2025-09-01")
    refused = personas["viewer"].client.get("/api/benchmark?start=2025-09-01&end=2025-03-01",
                                            HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert refused.status_code == 422 and "before the end" in json.dumps(refused.json())
    out = CliRunner().invoke(report, ["benchmark", "--org", "lakeshore", "--format", "json",
                                      "--start", "2025-03-01", "--end", "2025-09-01"])
    assert out.exit_code == 0, out.output
    values = json.loads(out.output)["organizations"][0]["values"]
    assert values["growth_abs"] == 600
    wrong = CliRunner().invoke(report, ["benchmark", "--org", "lakeshore", "--start", "1999-01-01"])
    assert wrong.exit_code == 2 and "--start" in wrong.output and "outside 2004-01-01" in wrong.output


def test_the_chart_title_reads_in_words(tmp_path: Path, personas) -> None:
    _two_years(tmp_path)
    page = personas["viewer"].client.get("/benchmark/?period=day").content.decode()
    assert "Audience over time (daily, all networks)" in page and "dayly" not in page
