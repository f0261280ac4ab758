"""Compose -> approve -> publish in real Chromium: a manager writes a post the
guard flags, sees the network's count and the findings as they type, submits;
a compliance reviewer approves it with a reason; the manager publishes it to
the Mastodon stand-in, and the calendar shows it published. The pages pass
axe and are usable 390 px wide."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from bedside.channels.models import Channel
from bedside.publishing.models import Post, Variant
from bedside.workspace import people
from bedside.workspace.models import Organization
from tests.browser.test_accessibility import _violations
from tests.browser.test_peers import PASSWORD, sign_in
from tests.publishing.timeline import TOKEN, Timeline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FLAGGED = "Happy birthday to our patient John Fakesmith in room 412, home after his bypass surgery!"


@pytest.fixture
def timeline(standin, monkeypatch) -> Timeline:
    monkeypatch.setenv("BEDSIDE_API_BASE_MASTODON", standin.base_url("mastodon"))
    line = Timeline(standin)
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True, website="https://riverbend.example")
    Channel.objects.create(organization=ours, network="mastodon", handle="riverbend@mastodon.social",
                           credentials={"token": TOKEN})
    return line


def test_compose_approve_publish(page, browser, live_server, timeline, output_dir) -> None:
    people.create_user("mona", PASSWORD, "social_manager")
    people.create_user("rita", PASSWORD, "compliance")
    axe = Axe()
    sign_in(page, live_server, "mona")
    page.goto(f"{live_server.url}/publishing/new/")
    page.get_by_label("Title").fill("Birthday shout-out")
    page.get_by_label("Link").fill("https://riverbend.example/cardiac")
    page.get_by_label("Or a new campaign").fill("Heart month")
    # A patient story: the patient's signed authorization is referenced before it can be approved.
    page.get_by_label("Authorization form id").fill("HIPAA-2026-0114")
    page.get_by_label("Date signed").fill(str(date.today() - timedelta(days=3)))
    page.get_by_label("Expires").fill(str(date.today() + timedelta(days=365)))
    page.get_by_role("group", name="For a patient story").get_by_label("Mastodon").check()
    page.get_by_label("Post to Mastodon riverbend@mastodon.social").check()
    page.get_by_label("Text for Mastodon riverbend@mastodon.social").press_sequentially(FLAGGED)
    preview = page.locator("#preview")
    preview.get_by_text("of 500 characters, links count 23").wait_for()
    assert "utm_campaign=heart-month" in preview.inner_text()
    preview.locator("mark.finding").first.wait_for()
    problems = _violations(axe, page, "/publishing/new/")
    page.screenshot(path=str(output_dir / "publishing-compose.png"), full_page=True)
    page.get_by_role("button", name="Save and submit for approval").click()
    page.get_by_text("a compliance reviewer must approve it").wait_for()
    post = Post.objects.get()
    assert post.state == Post.State.AWAITING_APPROVAL

    reviewer = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(reviewer, live_server, "rita")
    reviewer.goto(f"{live_server.url}/publishing/approvals/")
    reviewer.get_by_role("link", name="Birthday shout-out").click()
    reviewer.locator("mark.finding").first.wait_for()
    problems += _violations(axe, reviewer, "/publishing/posts/N/ (390 px)")
    assert reviewer.evaluate("document.documentElement.scrollWidth") <= 390
    if post.verdict == "block":
        reviewer.get_by_label("Why it may go out although the guard blocked it").fill(
            "The patient's signed authorization is on file and covers Mastodon.")
    reviewer.get_by_role("button", name="Approve").click()
    reviewer.get_by_text("Approved; its channels publish").wait_for()
    reviewer.context.close()

    page.goto(f"{live_server.url}/publishing/posts/{post.pk}/")
    page.get_by_role("button", name="Publish now").click()
    page.get_by_text("Published on Mastodon").wait_for()
    assert Variant.objects.get().state == Variant.State.PUBLISHED and len(timeline.statuses) == 1
    page.goto(f"{live_server.url}/publishing/calendar/")
    page.get_by_role("link", name="Birthday shout-out").wait_for()
    assert "Published" in page.locator("ol.days").inner_text()
    problems += _violations(axe, page, "/publishing/calendar/")
    assert not problems, "\n".join(problems)
