"""The benchmark page and its API, for each role, with bad input."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who, status", [("viewer", 200), ("responder", 200), ("admin", 200), ("outsider", 403)])
def test_every_role_with_view_sees_the_page(personas, peer_set, who: str, status: int) -> None:
    assert personas[who].client.get("/benchmark/").status_code == status


def test_the_page_shows_ranks_charts_and_no_data_where_it_belongs(personas, peer_set) -> None:
    page = personas["viewer"].client.get("/benchmark/").content.decode()
    assert 'id="rank-audience"' in page and 'id="chart-audience"' in page and "<svg" in page
    assert "Riverbend Health" in page and "(leader)" in page
    assert "no data" in page  # Patchy's YouTube has no follower count
    assert "not on it" in page  # Patchy is not on Facebook
    assert "sample data" not in page  # nothing here is sample data


@pytest.mark.parametrize("query", ["period=week", "period=day&network=x", "period=quarter", "network=youtube"])
def test_the_page_renders_every_period_and_network(personas, peer_set, query: str) -> None:
    assert personas["viewer"].client.get(f"/benchmark/?{query}").status_code == 200


def test_bad_settings_are_named_and_the_defaults_used(personas, peer_set) -> None:
    page = personas["viewer"].client.get("/benchmark/?period=fortnight&network=myspace&leader=x").content.decode()
    assert 'role="alert"' in page
    assert "Period must be one of" in page and "Unknown network" in page and "No such leader" in page


def test_an_empty_workspace_renders_no_data(personas) -> None:
    page = personas["viewer"].client.get("/benchmark/").content.decode()
    assert "Mark one organization as ours" in page
    assert "no data" in page


def test_the_api_returns_the_same_numbers_with_null_for_no_data(personas, peer_set) -> None:
    response = personas["viewer"].client.get(f"/api/benchmark?leader={peer_set['patchy'].pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["leader"] == "Patchy Medical"
    rows = {r["name"]: r for r in data["organizations"]}
    assert rows["Riverbend Health"]["values"]["audience"] == 4100
    assert rows["Patchy Medical"]["by_network"]["youtube"] is None
    assert data["presence"]["summary"]


def test_the_api_names_each_bad_field(personas, peer_set) -> None:
    response = personas["viewer"].client.get("/api/benchmark?period=fortnight&network=myspace&leader=999999")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"period", "network", "leader"}


def test_the_api_refuses_someone_without_a_role(personas, peer_set) -> None:
    assert personas["outsider"].client.get("/api/benchmark").status_code == 403


def test_a_new_snapshot_shows_at_once_in_the_tables_and_the_charts(personas, peer_set) -> None:
    """Drawn charts are kept, keyed by their data: a new reading must never be
    hidden behind a chart or a number drawn before it arrived."""
    import re
    from datetime import timedelta

    from bedside.benchmark.models import Snapshot

    from .conftest import END, at

    def audience_chart(page: str) -> str:
        return re.search(r'<figure class="chart" id="chart-audience">.*?</figure>', page, re.S).group(0)

    client = personas["viewer"].client
    before = client.get("/benchmark/").content.decode()
    assert "4,100" in before  # Riverbend: 1,500 on X + 2,600 on Facebook
    x = peer_set["ours"].channels.get(network="x")
    day = END + timedelta(days=1)
    Snapshot.objects.create(channel=x, date=day, taken_at=at(day, 6), followers=9_000)
    after = client.get("/benchmark/").content.decode()
    assert "11,600" in after and "4,100" not in after
    assert audience_chart(after) != audience_chart(before)
