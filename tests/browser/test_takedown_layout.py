"""The message page's takedown buttons each read on one line, and the message
card is as tall as its content, not stretched to the side panel's height."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import defaults
from bedside.inbox.models import Message
from bedside.workspace import people
from bedside.workspace.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"


@pytest.mark.parametrize("width", [1280, 900, 390])
def test_takedown_buttons_never_break_over_two_lines(browser, live_server, width: int) -> None:
    defaults.ensure()
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    channel = Channel.objects.create(organization=ours, network="facebook", handle="RiverbendHealth")
    message = Message.objects.create(channel=channel, network="facebook", external_id="1111_1", kind="comment",
                                     author_handle="someone", body="A short comment about parking",
                                     published_at=timezone.now() - timedelta(minutes=5))
    people.create_user("ada", PASSWORD, "admin")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill("ada")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/inbox/{message.pk}/")
        hide = page.get_by_role("button", name="Hide on Facebook")
        delete = page.get_by_role("button", name="Delete on Facebook")
        line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.takedown button')).lineHeight)"
                             " || 24")
        for button in (hide, delete):
            box = button.bounding_box()
            assert box["height"] < 2 * line + 8, f"{button} wraps at {width}px"
            assert box["x"] + box["width"] <= width
        article = page.locator("article.card").bounding_box()
        body = page.locator("#message-body").bounding_box()
        # No large empty area under a short message: the card ends soon after its content.
        assert article["y"] + article["height"] - (body["y"] + body["height"]) < 200
    finally:
        context.close()
