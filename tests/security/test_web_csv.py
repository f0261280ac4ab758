"""CSV formula injection: no cell of any CSV Bedside writes runs as a formula."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner

from bedside import spreadsheets
from bedside.benchmark.models import Snapshot
from bedside.channels.models import Channel
from bedside.cli import main
from bedside.workspace.models import Organization

DANGEROUS = ["=HYPERLINK(\"http://x.example\",\"open\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
             "\tTabbed", "\rReturned"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_cell_that_would_run_as_a_formula_is_written_as_text(value) -> None:
    out = io.StringIO()
    spreadsheets.writer(out).writerow([value, "plain"])
    cell = next(csv.reader(io.StringIO(out.getvalue())))[0]
    assert cell == "'" + value
    assert spreadsheets.unescape(cell) == value


@pytest.mark.parametrize("value", [-3, 2.5, "-0.25", "+12", "1e-3", "Lakeside", "", None])
def test_numbers_and_plain_text_are_left_alone(value) -> None:
    assert spreadsheets.escape(value) == value


def _peer_with_a_formula_name() -> Organization:
    org = Organization.objects.create(name="=HYPERLINK(\"http://x.example\",\"Lakeside\")")
    channel = Channel.objects.create(organization=org, network="x", handle="lakeside")
    Snapshot.objects.create(channel=channel, date=date(2026, 5, 1), taken_at=datetime(2026, 5, 1, tzinfo=UTC), followers=1200)
    return org


@pytest.mark.django_db
def test_the_snapshot_export_escapes_names_and_imports_back_unchanged(tmp_path) -> None:
    org = _peer_with_a_formula_name()
    exported = tmp_path / "snapshots.csv"
    result = CliRunner().invoke(main, ["export", "snapshots", "--format", "csv", "--out", str(exported)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(exported.open()))
    assert rows[1][0] == "'" + org.name
    assert not any(cell.startswith(spreadsheets.FORMULA_STARTS) for row in rows[1:] for cell in row[:3])

    # Read back by `bedside import`, the name is the one stored, not a new one.
    Organization.objects.all().delete()
    imported = CliRunner().invoke(main, ["import", str(exported), "--create"])
    assert imported.exit_code == 0, imported.output
    assert list(Organization.objects.values_list("name", flat=True)) == [org.name]


@pytest.mark.django_db
def test_the_benchmark_report_csv_escapes_names(tmp_path) -> None:
    from bedside.workspace import people

    org = _peer_with_a_formula_name()
    user = people.create_user("vera", "a sturdy report passphrase 8", "viewer")
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get("/reports/benchmark/", {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    names = [row[0] for row in rows[1:]]
    assert "'" + org.name in names
    assert not any(cell.startswith(("=", "+", "@")) for row in rows[1:] for cell in row)
