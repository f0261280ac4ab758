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


def _colours(spec: dict) -> dict[str, str]:
    scale = spec["encoding"]["color"]["scale"]
    return dict(zip(scale["domain"], scale["range"], strict=True))


def test_an_organization_keeps_its_colour_when_a_peer_is_added(peer_set) -> None:
    before = _colours(charts.audience_over_time(compare()))
    # "Aardvark" sorts first in every table; it must not take Mayo's colour.
    history(channel(organization("Aardvark Children's Hospital"), "x", "aardvark"), 500, 700)
    after = _colours(charts.audience_over_time(compare()))
    assert {name: after[name] for name in before} == before
    assert after["Aardvark Children's Hospital"] not in before.values()


def test_a_peer_without_any_count_draws_no_line_and_no_panel(peer_set) -> None:
    silent = organization("Silent Health")
    history(channel(silent, "pinterest", "silent"), None, None)
    c = compare()
    spec = charts.audience_over_time(c)
    assert "Silent Health" not in _colours(spec)
    assert not [p for p in spec["datasets"]["points"] if p["org"] == "Silent Health"]
    panels = {p["network_label"] for p in charts.audience_by_network(c)["datasets"]["points"]}
    assert "Pinterest" not in panels and "YouTube" not in panels  # nobody has a count there
    assert "X (Twitter)" in panels


def test_the_audience_chart_is_linear_unless_log_is_chosen(peer_set) -> None:
    linear = charts.audience_over_time(compare())
    assert linear["encoding"]["y"]["scale"].get("type") is None
    assert "log" not in linear["encoding"]["y"]["title"]
    log = charts.audience_over_time(compare(), log_scale=True)
    assert log["encoding"]["y"]["scale"]["type"] == "log"
    assert log["encoding"]["y"]["title"].endswith("(log scale)")


def test_charts_take_the_width_they_are_given(peer_set) -> None:
    svg = charts.all_charts(compare())["audience"]
    head = svg[: svg.index(">")]
    assert 'width="100%"' in head and "viewBox" in head and "style=" not in head
