"""Stars on our website: a manager imports the survey vendor's file, a
compliance reviewer approves a comment, the manager publishes, and the
website's folder has the provider's stars, in a real browser."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from bedside.reputation.models import Provider
from bedside.workspace import people
from bedside.workspace.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"
COMMENT = "The nurse practitioner explained the new plan slowly and kindly."


def _sign_in(browser, url: str, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{url}/")
    return context, page


def test_import_review_and_publish_stars_for_the_website(browser, live_server, tmp_path, settings,
                                                         output_dir) -> None:
    settings.STARS_DIR = tmp_path / "website-stars"
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    Provider.objects.create(organization=ours, npi="1234567893", first_name="Amara", last_name="Okafor",
                            credentials="MD")
    people.create_user("mona", PASSWORD, "social_manager")
    people.create_user("rita", PASSWORD, "compliance")
    upload = tmp_path / "survey.csv"
    upload.write_text("npi,period_end,ratings,average,comment_id,comment\n"
                      f"1234567893,2026-09-30,64,4.7,V-1,{COMMENT}\n")

    context, page = _sign_in(browser, live_server.url, "mona")
    try:
        page.goto(f"{live_server.url}/reputation/")
        page.get_by_role("navigation", name="Reputation").get_by_role("link", name="Stars on our website").click()
        page.get_by_role("heading", name="Stars on our website", exact=True).wait_for()
        page.get_by_label("Survey results CSV").set_input_files(str(upload))
        page.get_by_role("button", name="Import").click()
        page.get_by_text("Imported survey.csv: 1 result(s), 1 new comment(s)").wait_for()
        row = page.get_by_role("table", name="Latest survey results").get_by_role("row", name="Amara Okafor, MD")
        assert "64" in row.inner_text() and "yes" in row.inner_text()
        problems = [v for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}]
        assert not problems, problems
        assert COMMENT not in page.content()  # a social manager does not review comments
    finally:
        context.close()

    context, page = _sign_in(browser, live_server.url, "rita")
    try:
        page.goto(f"{live_server.url}/reputation/stars/")
        assert page.get_by_text(COMMENT).is_visible()
        page.get_by_role("button", name="Approve comment V-1").click()
        page.get_by_text("Comment V-1 approved for the website.").wait_for()
        page.screenshot(path=str(output_dir / "reputation-stars.png"), full_page=True)
    finally:
        context.close()

    context, page = _sign_in(browser, live_server.url, "mona")
    try:
        page.goto(f"{live_server.url}/reputation/stars/")
        page.get_by_role("button", name="Publish stars to the website folder").click()
        page.get_by_text("Published the stars of 1 provider(s)").wait_for()
    finally:
        context.close()
    data = json.loads((tmp_path / "website-stars" / "providers" / "1234567893.json").read_text())
    assert (data["average"], data["ratings"], data["comments"]) == (4.7, 64, [COMMENT])
