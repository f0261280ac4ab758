"""A manager makes a weekly health tip in real Chromium: the series page
lists its times still to come, and the calendar's week shows them as posts
of their own. The pages pass axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.publishing.models import Series
from bedside.workspace import people
from bedside.workspace.models import Organization
from tests.browser.test_accessibility import _violations
from tests.browser.test_peers import PASSWORD, sign_in
from tests.publishing.timeline import TOKEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIP = "Weekly tip: fresh fruit makes a better snack than chips."


def test_a_manager_makes_a_weekly_tip_and_sees_it_on_the_calendar(page, live_server, output_dir) -> None:
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True, website="https://riverbend.example")
    Channel.objects.create(organization=ours, network="mastodon", handle="riverbend@mastodon.social",
                           credentials={"token": TOKEN})
    people.create_user("mona", PASSWORD, "social_manager")
    axe = Axe()
    # A wait limit, not a timing check: on a loaded machine the live server's
    # first pages (the guard's models load) can take longer than the default.
    page.set_default_timeout(90_000)
    sign_in(page, live_server, "mona")
    page.goto(f"{live_server.url}/publishing/")
    page.get_by_role("navigation", name="Publishing").get_by_role("link", name="Recurring").click()
    page.get_by_role("link", name="New recurring post").click()
    page.get_by_label("Name of the series").fill("Weekly health tip")
    page.get_by_label("Title").fill("Fruit tip")
    page.get_by_label("Text", exact=True).fill(TIP)
    page.get_by_label("Mastodon riverbend@mastodon.social").check()
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.get_by_label("Weekly, on").check()
    page.get_by_label("Tuesday").uncheck()
    page.get_by_label(tomorrow.strftime("%A"), exact=True).check()
    page.get_by_label("At (local time)").fill("10:00")
    page.get_by_label("Starts on").fill(tomorrow.isoformat())
    problems = _violations(axe, page, "/publishing/series/new/")
    page.get_by_role("button", name="Save and submit for approval").click()
    page.get_by_text("its posts are on the calendar").wait_for()
    series = Series.objects.get()
    assert series.occurrences.count() == 4  # one a week for four weeks
    still = page.locator("ul.occurrences li")
    assert still.count() == 4
    problems += _violations(axe, page, "/publishing/series/N/")
    page.screenshot(path=str(output_dir / "publishing-series.png"), full_page=True)

    page.goto(f"{live_server.url}/publishing/calendar/?week={tomorrow.isoformat()}")
    days = page.locator("ol.days")
    days.get_by_role("link", name="Fruit tip").first.wait_for()
    assert days.get_by_role("link", name="Fruit tip").count() == 1
    page.goto(f"{live_server.url}/publishing/calendar/?week={(tomorrow + timedelta(days=21)).isoformat()}")
    assert page.locator("ol.days").get_by_role("link", name="Fruit tip").count() == 1
    # The series' content itself is not listed as a post waiting for a time.
    assert page.get_by_role("heading", name="Not scheduled yet").count() == 0
    assert not problems, "\n".join(problems)
