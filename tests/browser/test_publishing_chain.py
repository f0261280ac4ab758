"""The approval chain and the calendar in real Chromium: a social manager's
post waits for the "Content" step; another social manager approves it from
the approval queue by keyboard; then the calendar's month view shows it, a
busy day's "more" link opens the day, and the week view lists it. The pages
pass axe at 390 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.publishing import approval
from bedside.publishing.approval import VariantInput
from bedside.publishing.models import Post, Variant
from bedside.workspace import people
from bedside.workspace.models import ApprovalStep, Organization
from tests.browser.test_accessibility import _violations
from tests.browser.test_peers import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_chain_step_is_approved_and_the_calendar_shows_a_busy_day(page, live_server) -> None:
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True, website="https://riverbend.example")
    channel = Channel.objects.create(organization=ours, network="mastodon", handle="riverbend@mastodon.social")
    ApprovalStep.objects.create(position=1, name="Content", role="social_manager", when="always")
    mona = people.create_user("mona", PASSWORD, "social_manager")
    people.create_user("sam", PASSWORD, "social_manager")
    when = (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    for n in range(12):  # a busy day: more than the month view shows
        approval.submit(approval.save(mona, title=f"Health tip {n}", variants=[
            VariantInput(channel, f"Health tip {n}: drink water with every meal.", when + timedelta(minutes=n))]),
            mona)
    assert Post.objects.filter(state=Post.State.AWAITING_APPROVAL, waiting_for="Content").count() == 12
    axe = Axe()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "sam")
    page.goto(f"{live_server.url}/publishing/approvals/")
    page.get_by_text("12 waiting, 12 for you").wait_for()
    problems = _violations(axe, page, "/publishing/approvals/")
    page.get_by_role("link", name="Health tip 0").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Approval: Content").wait_for()
    page.get_by_label("Note for the author (optional)").fill("Fine by me.")
    page.get_by_role("button", name="Approve").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Approved; its channels publish").wait_for()
    assert Post.objects.get(title="Health tip 0").state == Post.State.APPROVED
    assert Variant.objects.get(post__title="Health tip 0").state == Variant.State.SCHEDULED

    page.goto(f"{live_server.url}/publishing/calendar/?month={when:%Y-%m}")
    day = page.locator("ol.days > li").filter(has_text=f"{when:%A} {when.day} {when:%B}")
    assert day.locator("ul > li").count() == 9  # the first 8, and the link to the rest
    more = day.get_by_role("link", name=f"4 more on {when:%A} {when.day} {when:%B}")
    problems += _violations(axe, page, "/publishing/calendar/")
    more.focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Health tip 11").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="week").click()
    page.get_by_role("heading", name="Calendar: week of").wait_for()
    assert "Health tip 0" in page.locator("ol.days").inner_text()
    problems += _violations(axe, page, "/publishing/calendar/?week")
    assert not problems, "\n".join(problems)
