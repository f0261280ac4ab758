"""The executive report (HTML and PDF) and the exports, over the web and the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from bedside.benchmark.overview import build
from bedside.reports import executive, export
from bedside.reports.commands import report

pytestmark = pytest.mark.django_db


def test_the_html_report_has_a_summary_tables_charts_and_audits(peer_set) -> None:
    html = executive.render_html(build())
    for part in ('id="summary"', 'id="rank-audience"', 'id="rank-engagement"', 'id="presence"',
                 'id="crosspromo"', 'id="brand"', "<svg"):
        assert part in html
    assert "Audience: 4,100, rank 3 of 3" in html
    assert "no data" in html


def test_the_pdf_is_the_same_report_printed(peer_set) -> None:
    document = executive.print_document(build(chart_kind="png"))
    # A summary page, the rank tables, the charts, the audits.
    assert len(document.pages) >= 4
    assert document.write_pdf().startswith(b"%PDF-")


def test_the_csv_leaves_no_data_cells_empty_never_zero(peer_set) -> None:
    rows = {r["Organization"]: r for r in csv.DictReader(io.StringIO(export.to_csv(build(with_charts=False))))}
    assert rows["Riverbend Health"]["Audience (followers)"] == "4100"
    assert rows["Riverbend Health"]["The organization compared"] == "yes"
    assert rows["Mayo Clinic"]["Leader"] == "yes"
    assert rows["Patchy Medical"]["Followers on YouTube"] == ""
    assert rows["Patchy Medical"]["Engagement rate (% per post)"] == ""
    assert rows["Riverbend Health"]["Followers on YouTube"] == ""


def test_the_csv_reads_in_a_spreadsheet_with_values_rounded(peer_set) -> None:
    rows = list(csv.reader(io.StringIO(export.to_csv(build(with_charts=False)))))
    header, ours = rows[0], next(r for r in rows if r[0] == "Riverbend Health")
    assert "Growth per month (%)" in header and "Talking about / likes (%)" in header
    assert not any("_" in h for h in header), [h for h in header if "_" in h]
    growth = ours[header.index("Growth per month (%)")]
    assert growth and len(growth.split(".")[1]) == 1  # one decimal, as the page shows
    assert ours[header.index("Audience: index vs peer median (100 = level)")].isdigit()
    # The machine names stay in the JSON export.
    data = json.loads(export.to_json(build(with_charts=False)))
    assert "growth_month" in next(r for r in data["organizations"] if r["name"] == "Riverbend Health")["values"]


def test_the_json_holds_everything_with_null_for_no_data(peer_set) -> None:
    data = json.loads(export.to_json(build(with_charts=False)))
    patchy = next(r for r in data["organizations"] if r["name"] == "Patchy Medical")
    assert patchy["by_network"]["youtube"] is None
    assert patchy["values"]["engagement"] is None
    assert {"presence", "crosspromo", "brand", "series"} <= set(data)


@pytest.mark.parametrize("fmt, marker", [("csv", b"Organization,"), ("json", b'"organizations"'), ("html", b"<!doctype html>")])
def test_the_command_writes_each_format(peer_set, tmp_path, fmt: str, marker: bytes) -> None:
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(report, ["benchmark", "--org", "Riverbend Health", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert marker in out.read_bytes()


def test_the_command_reports_for_any_organization_against_a_chosen_leader(peer_set) -> None:
    result = CliRunner().invoke(
        report, ["benchmark", "--org", "patchy medical", "--leader", "Riverbend Health", "--format", "json", "--period", "week"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["subject"] == "Patchy Medical" and data["leader"] == "Riverbend Health" and data["period"] == "week"


def test_the_command_names_an_unknown_organization(peer_set) -> None:
    result = CliRunner().invoke(report, ["benchmark", "--org", "Nowhere General", "--format", "csv"])
    assert result.exit_code == 2
    assert "no organization named, numbered or containing 'Nowhere General'" in result.output


@pytest.mark.parametrize("fmt, kind", [("html", "text/html"), ("pdf", "application/pdf"), ("csv", "text/csv"),
                                       ("json", "application/json")])
def test_the_web_serves_each_format(personas, peer_set, fmt: str, kind: str) -> None:
    response = personas["viewer"].client.get(f"/reports/benchmark/?format={fmt}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(kind)


def test_the_web_refuses_a_bad_format_or_organization(personas, peer_set) -> None:
    client = personas["viewer"].client
    assert client.get("/reports/benchmark/?format=docx").status_code == 400
    assert client.get("/reports/benchmark/?org=999999").status_code == 400
    assert personas["outsider"].client.get("/reports/benchmark/").status_code == 403
    assert client.get("/reports/").status_code == 200


@pytest.mark.parametrize(("given", "chosen"), [("riverbend", "Riverbend Health"), ("MAYO CLINIC", "Mayo Clinic"),
                                              ("patchy", "Patchy Medical")])
def test_org_takes_an_id_or_an_unambiguous_part_of_a_name(peer_set, given: str, chosen: str) -> None:
    result = CliRunner().invoke(report, ["benchmark", "--org", given, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["subject"] == chosen
    by_id = CliRunner().invoke(report, ["benchmark", "--org", str(peer_set["leader"].pk), "--format", "json"])
    assert json.loads(by_id.output)["subject"] == "Mayo Clinic"


def test_an_ambiguous_org_names_the_candidates(peer_set) -> None:
    from tests.benchmark.conftest import organization

    organization("Mayo Clinic Health System")
    result = CliRunner().invoke(report, ["benchmark", "--org", "mayo", "--format", "json"])
    assert result.exit_code == 2
    assert "could be Mayo Clinic (id" in result.output and "Mayo Clinic Health System (id" in result.output


def test_the_pdf_is_made_without_the_pdf_librarys_chatter(peer_set, caplog) -> None:
    import logging

    with caplog.at_level(logging.DEBUG):
        executive.render_pdf(build(chart_kind="png"))
    chatter = [r for r in caplog.records if r.name.startswith(("weasyprint", "fontTools")) and r.levelno < logging.ERROR]
    assert not chatter, [r.getMessage() for r in chatter[:3]]
