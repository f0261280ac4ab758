"""A viewer opens the benchmark page on the demo's sample data."""

from __future__ import annotations

import pytest

from bedside import demo
from bedside.workspace import people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"


def test_a_viewer_sees_the_charts_and_the_rank_table_on_sample_data(page, live_server, output_dir) -> None:
    demo.load()
    people.create_user("vic", PASSWORD, "viewer")
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("vic")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Benchmark").click()
    page.get_by_role("heading", name="Benchmark", exact=True).wait_for()
    assert page.get_by_role("note").filter(has_text="sample data").is_visible()

    table = page.locator("#rank-audience")
    assert table.get_by_role("row").count() == 1 + 5  # header and five organizations
    assert table.get_by_role("rowheader", name="Mayo Clinic (leader)").is_visible()
    chart = page.locator("#chart-audience svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    assert page.locator("#chart-audience svg path").count() > 5  # lines drawn, not an empty frame
    page.screenshot(path=str(output_dir / "benchmark.png"), full_page=True)

    page.get_by_label("Period", exact=True).select_option("quarter")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**period=quarter**")
    assert page.locator("#chart-audience svg").is_visible()
