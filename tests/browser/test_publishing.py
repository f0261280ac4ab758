"""A social media manager checks a draft reply on the Publishing page; the
guard's findings appear as they type, with no page load."""

from __future__ import annotations

import pytest

from bedside.workspace import people
from tests.browser.test_peers import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_sees_the_guard_mark_a_draft_as_they_type(page, live_server, output_dir) -> None:
    people.create_user("mona", PASSWORD, "social_manager")
    sign_in(page, live_server, "mona")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Publishing").click()
    page.get_by_label("What it is").select_option("review_reply")
    page.get_by_label("The text it answers").fill("Waited six hours in the ER with my dad")
    page.get_by_label("Draft").press_sequentially("Thank you for your feedback, please call us.")
    findings = page.locator("#guard-findings")
    findings.get_by_text("Guard verdict: allow").wait_for()

    page.get_by_label("Draft").fill("")
    page.get_by_label("Draft").press_sequentially("Sorry about the wait during your dad's visit on Tuesday.")
    findings.get_by_text("Guard verdict: review").wait_for()
    assert findings.locator("mark.patient_relationship").count() == 1
    assert "compliance reviewer approve it" in findings.inner_text()
    page.screenshot(path=str(output_dir / "publishing-check.png"), full_page=True)
    # Each finding's label is set apart from the words it marks (the shared
    # stylesheet, not the inbox's, styles it), not run into them: "visitPATIENT_RELATIONSHIP".
    tag = findings.locator("mark.patient_relationship .tag")
    assert tag.evaluate("el => getComputedStyle(el).verticalAlign") == "super"
    assert findings.locator("p.verdict").evaluate("el => getComputedStyle(el.querySelector('strong')).color") != (
        findings.locator("ul.findings").evaluate("el => getComputedStyle(el).color"))
