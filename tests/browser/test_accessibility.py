"""Every main page checked with axe-core in real Chromium: no serious or critical
accessibility violation (keyboard users, screen readers, contrast)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import defaults
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Message
from bedside.workspace import people
from bedside.workspace.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def workspace() -> dict[str, int]:
    defaults.ensure()
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True, website="https://riverbend.example")
    Organization.objects.create(name="Lakeside Medical Center")
    channel = Channel.objects.create(organization=ours, network="facebook", handle="RiverbendHealth")
    made = [Message.objects.create(channel=channel, network="facebook", external_id=f"1111_{n}", kind="comment",
                                   author_handle="someone", body=body,
                                   published_at=timezone.now() - timedelta(minutes=5 + n))
            for n, body in enumerate(["How do I book a flu shot?", "The parking garage was full again"])]
    triage_stored([m.pk for m in made])
    people.create_user("ada", PASSWORD, "admin")
    return {"org": ours.pk, "message": made[0].pk}


def test_main_pages_have_no_serious_accessibility_violations(page, live_server, workspace) -> None:
    page.goto(f"{live_server.url}/login/")
    axe = Axe()
    problems = _violations(axe, page, "/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    for path in ["/", "/inbox/", f"/inbox/{workspace['message']}/", "/inbox/?state=closed", "/benchmark/",
                 "/publishing/", "/reputation/", "/reports/", "/organizations/", f"/organizations/{workspace['org']}/",
                 "/organizations/new/", "/audit/", "/settings/", "/governance/", "/governance/policies/",
                 "/governance/policies/employee/", "/governance/training/", "/governance/matrix/",
                 "/governance/archive/"]:
        page.goto(f"{live_server.url}{path}")
        problems += _violations(axe, page, path)
    assert not problems, "\n".join(problems)


def _violations(axe: Axe, page, path: str) -> list[str]:
    results = axe.run(page)
    return [f"{path}: {v['id']} ({v['impact']}) {v['help']}: {', '.join(str(n['target']) for n in v['nodes'][:3])}"
            for v in results.response["violations"] if v["impact"] in BLOCKING]


def test_the_keyboard_reaches_the_first_message_in_a_few_presses(page, live_server, workspace) -> None:
    # On-call staff triage with the keyboard: a skip link jumps past the navigation and filters.
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/inbox/")
    presses = 0
    for _ in range(6):
        page.keyboard.press("Tab")
        presses += 1
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == "Skip to the messages":
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")
            href = page.evaluate("document.activeElement.getAttribute('href')")
            assert href and href.rstrip("/").split("/")[-1].isdigit(), href
            break
    else:
        pytest.fail("no 'Skip to the messages' link within six Tab presses")
    assert presses <= 3


def test_pages_name_an_icon_that_is_served(page, live_server, workspace) -> None:
    page.goto(f"{live_server.url}/login/")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert icon and page.request.get(f"{live_server.url}{icon}").status == 200
