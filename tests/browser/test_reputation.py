"""A viewer opens the Reputation section on the demo's sample data, on a phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from bedside import demo
from bedside.workspace import people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"


def test_a_viewer_finds_who_to_act_on_and_the_exact_fix_on_a_phone(browser, live_server, output_dir) -> None:
    demo.load()
    people.create_user("vic", PASSWORD, "viewer")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/")
        page.get_by_label("Username").fill("vic")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")

        page.get_by_role("navigation", name="Main").get_by_role("link", name="Reputation").click()
        page.wait_for_url(f"{live_server.url}/reputation/")  # the dashboard has a "Reputation" heading too
        page.get_by_role("heading", name="Reputation", exact=True).wait_for()
        assert page.get_by_role("note").filter(has_text="sample data").is_visible()
        chart = page.get_by_role("img", name="Share of reviews by stars, ours against the DocSpot baseline")
        assert chart.is_visible() and chart.locator("rect").count() >= 6
        # Nothing wider than the phone but the tables that scroll on their own.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        problems = [v for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}]
        assert not problems, problems
        page.screenshot(path=str(output_dir / "reputation-phone.png"), full_page=True)

        below = page.get_by_role("table", name="Below baseline or at risk")
        assert below.get_by_role("cell", name="at risk").count() >= 1
        below.get_by_role("link").first.click()
        page.get_by_role("heading", name="Listings").wait_for()
        assert page.get_by_role("heading", name="Rating").is_visible()

        page.get_by_role("navigation", name="Reputation").get_by_role("link", name="Providers").click()
        page.get_by_label("Standing").select_option("below baseline")
        page.get_by_role("button", name="Show").click()
        page.wait_for_url("**verdict=below+baseline**")
        rows = page.locator("#providers tbody tr")
        assert rows.count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
