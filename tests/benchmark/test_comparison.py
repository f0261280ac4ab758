"""Ranks, indices and "no data" in the peer comparison."""

from __future__ import annotations

import pytest

from bedside.benchmark.comparison import compare
from tests.benchmark.conftest import END, channel, posts

pytestmark = pytest.mark.django_db


def test_audience_sums_the_networks_with_a_count(peer_set) -> None:
    c = compare()
    assert c.as_of == END
    assert c.row("Riverbend Health").values["audience"] == 1_500 + 2_600
    assert c.row("Mayo Clinic").values["audience"] == 110_000 + 204_000 + 60_000
    patchy = c.row("Patchy Medical")
    assert patchy.values["audience"] == 11_000
    # YouTube hides its count: "no data" for that network, not 0.
    assert patchy.by_network == {"x": 11_000, "youtube": None}


def test_a_network_with_no_follower_count_anywhere_is_no_data_throughout(peer_set) -> None:
    c = compare(network="youtube")
    patchy = c.row("Patchy Medical")
    assert all(v is None for v in patchy.values.values())
    assert patchy.rank["audience"] is None
    assert c.row("Riverbend Health").networks == []
    assert c.row("Riverbend Health").values["audience"] is None


def test_growth_is_like_for_like_over_twelve_months(peer_set) -> None:
    row = compare().row("Riverbend Health")
    # 400 days of linear growth; the window starts 365 days before the end.
    x_then = round(1500 - 500 * 365 / 400)
    fb_then = round(2600 - 600 * 365 / 400)
    assert row.values["growth_abs"] == (1500 - x_then) + (2600 - fb_then)
    assert row.values["cagr"] == pytest.approx((4100 / (x_then + fb_then) - 1) * 100, rel=1e-3)


def test_a_gap_in_history_breaks_the_total_instead_of_dipping_it(peer_set) -> None:
    c = compare(period="month")
    patchy = [p for p in c.series if p["org"] == "Patchy Medical" and p["network"] == "all"]
    # 150..189 days before 30 June 2026 is the whole of January 2026: a gap.
    january = next(p for p in patchy if p["period"].isoformat() == "2026-01-01")
    assert january["followers"] is None
    assert all(p["followers"] for p in patchy if p["period"].isoformat() != "2026-01-01")


def test_ranks_and_indices_against_the_peer_median_and_the_leader(peer_set) -> None:
    c = compare()
    assert c.leader.name == "Mayo Clinic"  # the largest peer leads by default
    ours, leader, patchy = c.row("Riverbend Health"), c.row("Mayo Clinic"), c.row("Patchy Medical")
    assert [leader.rank["audience"], patchy.rank["audience"], ours.rank["audience"]] == [1, 2, 3]
    assert leader.index_leader["audience"] == 100
    assert ours.index_leader["audience"] == pytest.approx(4100 / 374_000 * 100)
    # The peer median excludes us: median of Mayo and Patchy.
    median = (374_000 + 11_000) / 2
    assert ours.index_median["audience"] == pytest.approx(4100 / median * 100)


def test_a_chosen_leader_scores_100(peer_set) -> None:
    c = compare(leader=peer_set["patchy"])
    assert c.row("Patchy Medical").index_leader["audience"] == 100
    assert c.row("Mayo Clinic").index_leader["audience"] == pytest.approx(374_000 / 11_000 * 100)


def test_engagement_is_interactions_per_post_per_follower(peer_set) -> None:
    x = peer_set["ours"].channels.get(network="x")
    posts(x, 10, likes=10, comments=2, shares=3, video_every=5)
    row = compare().row("Riverbend Health")
    assert row.values["engagement"] == pytest.approx(15 / 1500 * 100)
    assert row.values["cadence"] == pytest.approx(10 / (365 / 7))
    assert row.values["video_share"] == pytest.approx(20.0)
    # Nobody else has posts stored: no data, not zero.
    assert compare().row("Mayo Clinic").values["engagement"] is None
    assert compare().row("Mayo Clinic").values["cadence"] is None


def test_posts_without_engagement_counts_give_no_engagement_rate(peer_set) -> None:
    posts(peer_set["ours"].channels.get(network="x"), 5, likes=None, comments=None, shares=None)
    row = compare().row("Riverbend Health")
    assert row.values["engagement"] is None
    assert row.values["cadence"] == pytest.approx(5 / (365 / 7))


def test_talking_about_is_read_from_facebooks_own_count(peer_set) -> None:
    c = compare()
    assert c.row("Riverbend Health").values["talking_about"] == pytest.approx(52 / 2600 * 100)
    assert c.row("Patchy Medical").values["talking_about"] is None


def test_ties_share_the_better_rank(peer_set) -> None:
    for org in (peer_set["ours"], peer_set["leader"]):
        posts(channel(org, "pinterest", f"{org.pk}pins"), 7)
    c = compare(network="pinterest")
    assert c.row("Riverbend Health").rank["cadence"] == c.row("Mayo Clinic").rank["cadence"] == 1


def test_an_empty_workspace_compares_to_nothing_without_error(db) -> None:
    c = compare()
    assert c.rows == [] and c.as_of is None and c.leader is None
