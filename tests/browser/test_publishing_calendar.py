"""Moving a post on the calendar in real Chromium: dragged to another day
with the mouse, then moved again with the keyboard only (Space, arrow keys,
Enter); after each, a reload shows it on its new day, at its own time, still
approved. The calendar passes axe."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.publishing import approval
from bedside.publishing.approval import VariantInput
from bedside.publishing.models import Post, Variant
from bedside.workspace import people
from bedside.workspace.models import Organization
from tests.browser.test_accessibility import _violations
from tests.browser.test_peers import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Our flu clinic is open late all week at the Riverbend main campus. #FluFree"


def test_a_post_is_dragged_to_another_day_then_moved_by_keyboard(page, live_server, output_dir) -> None:
    mona = people.create_user("mona", PASSWORD, "social_manager")
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True, website="https://riverbend.example")
    channel = Channel.objects.create(organization=ours, network="mastodon", handle="riverbend@mastodon.social",
                                     credentials={"token": "t"})
    # Next month: every day in it is ahead, so any drop target is allowed.
    first = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
    start = timezone.make_aware(datetime.combine(first.replace(day=10), time(9, 30)))
    post = approval.submit(approval.save(mona, title="Flu clinic hours",
                                         variants=[VariantInput(channel, TEXT, start)]), mona)
    assert post.state == Post.State.APPROVED
    calendar = f"{live_server.url}/publishing/calendar/?month={first:%Y-%m}"

    def day_of(iso: str):
        return page.locator(f'ol.days > li[data-day="{iso}"]')

    def shown_on() -> str:
        page.reload()
        chip = page.locator("li.chip", has_text="Flu clinic hours")
        assert chip.count() == 1
        return chip.locator("xpath=ancestor::li[@data-day]").get_attribute("data-day")

    # A loaded machine (the guard and the calendar on one shared CPU) can take
    # longer than the default to answer a navigation; nothing here is timed.
    page.set_default_navigation_timeout(90_000)
    sign_in(page, live_server, "mona")
    page.goto(calendar)
    page.get_by_text("Drag a post to another day").wait_for()  # the script is on
    problems = _violations(Axe(), page, "/publishing/calendar/")
    assert problems == []

    # 1. The mouse: drag from the 10th to the 12th.
    page.locator("li.chip", has_text="Flu clinic hours").drag_to(day_of(f"{first:%Y-%m}-12"))
    page.get_by_text("Moved “Flu clinic hours” on Mastodon to").wait_for()
    assert shown_on() == f"{first:%Y-%m}-12"
    page.screenshot(path=str(output_dir / "publishing-calendar-moved.png"), full_page=True)

    # 2. The keyboard: focus the post, Space picks it up, right a day and down
    # a week (the 20th), Enter moves it.
    chip = page.locator("li.chip", has_text="Flu clinic hours")
    chip.focus()
    page.keyboard.press("Space")
    page.get_by_role("status").filter(has_text="Picked up").wait_for()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert day_of(f"{first:%Y-%m}-20").get_attribute("class") == "drop-target"
    page.keyboard.press("Enter")
    page.get_by_text("Moved “Flu clinic hours” on Mastodon to").wait_for()
    assert shown_on() == f"{first:%Y-%m}-20"

    variant = Variant.objects.get()
    moved = timezone.localtime(variant.scheduled_at)
    assert (moved.date(), moved.hour, moved.minute) == (first.replace(day=20), 9, 30)
    assert variant.state == Variant.State.SCHEDULED and variant.post.state == Post.State.APPROVED
