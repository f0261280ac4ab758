"""Sending as a responder sees it on a phone (390 px wide), in real Chromium:
the composer counts the reply as the network does while it is typed and says
what the network would refuse; a Delete asks to confirm on its own page; the
reply's progress shows on the message page. Checked with axe-core too."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import defaults
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Message, Reply
from bedside.workspace import people
from bedside.workspace.models import Organization
from tests.inbox.conftest import run_sends

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"


@pytest.fixture
def x_message(standin, monkeypatch) -> Message:
    standin.load("x", "facebook")
    monkeypatch.setenv("BEDSIDE_API_BASE_X", standin.base_url("x"))
    monkeypatch.setenv("BEDSIDE_API_BASE_FACEBOOK", standin.base_url("facebook"))
    defaults.ensure()
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    channel = Channel.objects.create(organization=ours, network="x", handle="MayoClinic",
                                     credentials={"token": "test-token"})
    message = Message.objects.create(channel=channel, network="x", external_id="1850000000000000001", kind="mention",
                                     author_handle="someone", body="Is the pharmacy open on Sunday?",
                                     published_at=timezone.now() - timedelta(minutes=5))
    triage_stored([message.pk])
    people.create_user("ray", PASSWORD, "responder")
    return message


def _sign_in(page, live_server) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("ray")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def _serious(page) -> list[str]:
    return [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]


def test_on_a_phone_the_composer_counts_as_x_does_and_a_fitting_reply_goes_out(page, live_server, x_message,
                                                                             standin) -> None:
    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/inbox/{x_message.pk}/")
    box = page.get_by_label("Reply")
    box.fill("Open nine to five on Sundays. " * 12)
    page.locator("#reply-fit").get_by_text(re.compile(r"^360 of 280 characters as X")).wait_for()
    assert "It will not be sent like this." in page.locator("#guard-findings").inner_text()
    box.fill("Open nine to five on Sundays. \U0001F642")
    page.locator("#reply-fit").get_by_text(re.compile(r"^32 of 280")).wait_for()  # X weighs an emoji 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not _serious(page)
    page.get_by_role("button", name="Check and send").click()
    assert "on its way to the network" in page.get_by_role("status").first.inner_text()
    assert "Queued: a worker sends it next." in page.locator(".progress").inner_text()
    assert run_sends() == 1
    page.reload()
    assert "Sent to X (Twitter)" in page.locator(".reply").inner_text()
    assert Reply.objects.get().state == "sent"


def test_delete_asks_to_confirm_on_its_own_page(page, live_server, x_message, standin) -> None:
    facebook = Channel.objects.create(organization=x_message.channel.organization, network="facebook",
                                      handle="MayoClinic", credentials={"token": "test-token"})
    comment = Message.objects.create(channel=facebook, network="facebook", external_id="1111_9006", kind="comment",
                                     author_handle="someone", body="My MRN is 00417733, room 12",
                                     published_at=timezone.now() - timedelta(minutes=3))
    triage_stored([comment.pk])
    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/inbox/{comment.pk}/")
    page.get_by_role("button", name="Delete on Facebook").click()
    page.get_by_role("heading", name=re.compile("Delete this comment on Facebook")).wait_for()
    assert not [r for r in standin.requests_to("facebook") if r.method == "DELETE"]
    assert not _serious(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Yes, delete it on Facebook").click()
    assert "deleted on the network" in page.get_by_role("status").first.inner_text()
    assert [r.path for r in standin.requests_to("facebook") if r.method == "DELETE"] == ["/1111_9006"]


def test_a_reviewer_must_justify_approving_a_blocked_reply_and_the_demo_network_page_reads_well(
        page, live_server, x_message, monkeypatch, tmp_path) -> None:
    from bedside.inbox import replies
    from bedside.workspace import demo_network

    people.create_user("rita", PASSWORD, "compliance")
    from django.contrib.auth import get_user_model

    ray = get_user_model().objects.get(username="ray")
    blocked = replies.submit(replies.draft(x_message, ray, "Tom Fakename, MRN 00417733, your chemo is on 4 West"), ray)
    assert blocked.verdict == "block"
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/inbox/approvals/")
    assert not _serious(page)
    page.get_by_role("button", name="Approve and send").click()
    assert "needs a written justification" in page.content()
    assert Reply.objects.get(pk=blocked.pk).state == "awaiting_approval"

    monkeypatch.setenv("BEDSIDE_API_BASE_DEMO", f"{live_server.url}/demo-network/api")
    monkeypatch.setattr(demo_network, "_file", lambda: tmp_path / "demo-network.json")
    page.goto(f"{live_server.url}/demo-network/")
    page.get_by_role("heading", name=re.compile("Demo network")).wait_for()
    assert "not a real social network" in page.content()
    assert not _serious(page)
