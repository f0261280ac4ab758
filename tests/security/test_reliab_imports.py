"""Imports: a huge bad file is reported in bounded output, and a date no
network could have written is refused; the benchmark survives any stored row."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection

from bedside.benchmark.models import Post, Snapshot
from bedside.benchmark.overview import build
from bedside.networks.imports import read_file
from bedside.networks.imports.base import MAX_PROBLEMS
from bedside.reports import executive
from tests.benchmark.conftest import END, peer_set  # noqa: F401 - a fixture
from tests.workspace.conftest import personas  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parents[2]
HEADER = "organization,network,handle,date,followers\n"


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"sqlite:///{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_file_bad_on_every_row_prints_the_first_thousand_problems_and_counts_the_rest(tmp_path: Path) -> None:
    bad = tmp_path / "counts.csv"
    rows = 5_000
    with bad.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(rows):
            out.write(f"Lakeview Clinic,x,lakeview{n % 7},2025-02-{1 + n % 28:02d},about {n}\n")
    env = {**os.environ, "DATABASE_URL": _database_url(), "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    result = subprocess.run([sys.executable, "-m", "bedside.cli", "import", str(bad)], capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    listed = [line for line in lines if ", row " in line]
    assert len(listed) == MAX_PROBLEMS
    assert listed[0] == f"{bad}, row 2, followers: 'about 0' is not a whole number"
    assert f"{rows - MAX_PROBLEMS:,} more problem(s)" in lines[-2]
    assert lines[-1] == f"{rows:,} problem(s) in {bad}; nothing was stored."
    assert len(lines) == MAX_PROBLEMS + 2


def test_rows_are_read_as_they_are_needed_not_all_at_once(tmp_path: Path) -> None:
    """The reader streams: each pass over the rows reads the file again, so a
    row appended after loading is seen (nothing was held in a list)."""
    from bedside.networks.imports.reader import load

    path = tmp_path / "grow.csv"
    path.write_text(HEADER + "Lakeview Clinic,x,lakeview,2025-02-01,10\n", encoding="utf-8")
    header, rows = load(path)
    with path.open("a", encoding="utf-8") as out:
        out.write("Lakeview Clinic,x,lakeview,2025-02-02,11\n")
    assert [n for n, _ in rows] == [2, 3]


@pytest.mark.parametrize(("day", "message"), [
    ("9999-12-31", "'9999-12-31' is in the future"),
    ((date.today() + timedelta(days=3)).isoformat(), "is in the future"),
    ("2003-12-31", "'2003-12-31' is before 2004"),
    ("0001-01-01", "is before 2004"),
])
def test_a_date_no_network_could_have_written_is_refused_naming_the_row(tmp_path: Path, day: str, message: str) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(HEADER + f"Lakeview Clinic,x,lakeview,2025-03-01,10\nLakeview Clinic,x,lakeview,{day},12\n",
                    encoding="utf-8")
    result = read_file(path)
    [error] = result.errors
    assert str(error).startswith(f"{path}, row 3, date: ") and message in str(error)
    assert len(result.records) == 1


def test_today_and_tomorrow_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "dates.csv"
    today = datetime.now(UTC).date()
    path.write_text(HEADER + f"Lakeview Clinic,x,lakeview,{today},10\nLakeview Clinic,x,lakeview,"
                    f"{today + timedelta(days=1)},12\n", encoding="utf-8")
    assert read_file(path).errors == []


@pytest.mark.parametrize("stray", [date(9999, 12, 31), date(1, 1, 1), date(2400, 2, 29)])
def test_the_benchmark_survives_a_stored_row_with_any_date(personas, peer_set, stray: date) -> None:  # noqa: F811
    channel = peer_set["ours"].channels.get(network="x")
    Snapshot.objects.create(channel=channel, date=stray, taken_at=datetime(stray.year, stray.month, stray.day, 6,
                                                                             tzinfo=UTC), followers=7)
    Post.objects.create(channel=channel, network="x", external_id="stray-1", likes=1,
                        published_at=datetime(stray.year, stray.month, stray.day, 12, tzinfo=UTC))
    viewer = personas["viewer"].client
    for url in ("/benchmark/", "/benchmark/?period=day", "/benchmark/?period=quarter", "/api/benchmark"):
        assert viewer.get(url).status_code == 200, url
    overview = build()
    assert overview.comparison.as_of == END  # the real latest day, not the stray one
    assert "<html" in executive.render_html(overview).lower()
