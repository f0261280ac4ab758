"""The dashboard in real Chromium on the demo's data: what a manager needs
first, readable on a phone, accessible, and without inbox counts for a viewer."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from bedside import demo
from bedside.workspace import people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_manager_on_a_phone_sees_open_work_peers_and_sync_health(browser, live_server, output_dir) -> None:
    demo.load()
    people.create_user("mona", PASSWORD, "social_manager")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        _sign_in(page, live_server, "mona")
        for heading in ("Open work in the inbox", "Against peers", "Since last week", "Sync health"):
            assert page.get_by_role("heading", name=heading).is_visible(), heading
        queues = page.locator("#queues")
        assert queues.get_by_role("columnheader", name="Overdue").is_visible()
        assert queues.get_by_role("row").count() > 1
        assert page.locator(".spark svg polyline").count() >= 1
        assert page.get_by_role("img", name="Audience trend of Riverbend Health").is_visible()
        # Nothing wider than the phone: no sideways scrolling of the page.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(output_dir / "dashboard-phone.png"), full_page=True)
        results = Axe().run(page)
        serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, serious
        # The inbox link goes where it says.
        page.locator("#inbox-work").get_by_role("link", name="Open the inbox").click()
        page.wait_for_url(f"{live_server.url}/inbox/")
    finally:
        context.close()


def test_a_viewer_sees_peers_but_no_inbox_work(page, live_server) -> None:
    demo.load()
    people.create_user("vic", PASSWORD, "viewer")
    _sign_in(page, live_server, "vic")
    assert page.get_by_role("heading", name="Against peers").is_visible()
    assert page.get_by_role("heading", name="Open work in the inbox").count() == 0
