"""Charts drawn on the server: SVG for the page, PNG pictures for print."""

from __future__ import annotations

import pytest

from bedside.benchmark import charts
from bedside.benchmark.comparison import compare
from bedside.benchmark.presence import presence
from bedside.workspace.models import Organization
from tests.benchmark.conftest import channel, history, organization

pytestmark = pytest.mark.django_db


def test_every_chart_draws_as_svg_and_as_a_picture_for_print(peer_set) -> None:
    c = compare()
    coverage = presence(list(Organization.objects.all()))
    svgs = charts.all_charts(c, coverage)
    assert all(svg and svg.lstrip().startswith("<svg") for name, svg in svgs.items() if name != "content_mix")
    assert svgs["content_mix"] is None  # no classified posts: no chart, the page says "no data"
    images = charts.all_charts(c, coverage, kind="png")
    assert images["audience"].startswith('<img alt="" src="data:image/png;base64,')


def test_a_gap_is_drawn_as_a_break_not_a_bridge(peer_set) -> None:
    spec = charts.audience_over_time(compare())
    patchy = [p for p in spec["datasets"]["points"] if p["org"] == "Patchy Medical"]
    assert any(p["followers"] is None for p in patchy)
    assert spec["mark"]["invalid"] is None  # Vega-Lite breaks the line at nulls


def test_a_large_peer_set_is_drawn_as_us_the_leader_and_the_peer_median(db) -> None:
    for i in range(10):
        history(channel(organization(f"Org {i:02d}", ours=i == 0), "x"), 1000 * (i + 1), 1100 * (i + 1), days=60)
    c = compare()
    spec = charts.audience_over_time(c)
    names = {p["org"] for p in spec["datasets"]["points"]}
    assert names == {"Org 00", "Org 09", charts.PEER_MEDIAN}
    last = max(p["period"] for p in spec["datasets"]["points"])
    median = next(p for p in spec["datasets"]["points"] if p["org"] == charts.PEER_MEDIAN and p["period"] == last)
    assert median["followers"] == 1100 * 6  # the median of the nine peers' 2,200 ... 11,000


def test_no_history_means_no_chart() -> None:
    organization("Lonely", ours=True)
    c = compare()
    assert charts.audience_over_time(c) is None and charts.index_bars(c) is None


def test_the_chart_engine_can_be_started_before_the_first_page() -> None:
    charts.warm()  # `bedside serve` does this in a thread beside the server
    assert charts.render_svg(charts.coverage_matrix([{"org": "A", "present": {"x": True}}], ["x"])).startswith("<svg")
