"""A responder answers a Healthgrades review (a site with no reply API): the
approved text is there to copy with a link to the review, and "Mark as
posted" records who posted it, in a real browser."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import defaults
from bedside.inbox.models import Message, Reply
from bedside.workspace import people
from bedside.workspace.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"
THANKS = "Thank you for telling us. Please call our patient relations office so we can make this right."


def test_a_reply_on_a_site_without_a_reply_api_is_copied_and_marked_posted(browser, live_server) -> None:
    defaults.ensure()
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    site = Channel.objects.create(organization=ours, network="healthgrades", handle="https://www.healthgrades.com")
    review = Message.objects.create(
        channel=site, network="healthgrades", external_id="hg-1", kind=Message.Kind.REVIEW, rating=2.0,
        body="Made-up review: the wait was long and nobody said why.",
        url="https://www.healthgrades.com/physician/dr-example#review-1",
        published_at=timezone.now() - timedelta(hours=2))
    people.create_user("ray", PASSWORD, "responder")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/")
        page.get_by_label("Username").fill("ray")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/inbox/{review.pk}/")
        page.get_by_label("Reply", exact=True).fill(THANKS)
        page.get_by_role("button", name="Check and send").first.click()
        copy = page.get_by_label("Approved text to copy")
        copy.wait_for()
        assert copy.input_value() == THANKS and copy.get_attribute("readonly") is not None
        assert page.get_by_role("link", name="on the review").get_attribute("href").endswith("#review-1")
        page.get_by_role("button", name="Mark as posted").click()
        page.get_by_text("Posted by hand on Healthgrades by ray").wait_for()
        assert not page.get_by_role("button", name="Mark as posted").count()
    finally:
        context.close()
    assert Reply.objects.get(message=review).state == Reply.State.POSTED
