"""On a phone (390 px wide, as on-call people open alerts): the inbox list,
a crisis message with its alerts, the reply composer and the on-call page
fit the screen (no sideways scrolling) and work, in real Chromium. axe-core
checks the alert pages at that size too."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import defaults
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Message, OnCallShift
from bedside.workspace import people
from bedside.workspace.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"
WIDTH = 390
BODIES = [
    "I have nothing left and I'm going to end it all tonight",
    "Your emergency department kept my grandmother waiting eleven hours on a trolley, it is a disgrace",
    "Where can I park for the outpatient building on Riverside Avenue",
]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def inbox() -> dict[str, int]:
    defaults.ensure()
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    channel = Channel.objects.create(organization=ours, network="facebook",
                                     handle="RiverbendHealthSystemPatientExperienceTeam")
    made = [Message.objects.create(channel=channel, network="facebook", external_id=f"1111_{n}", kind="comment",
                                   author_handle="a.very.long.handle.that.does.not.wrap.easily.anywhere", body=body,
                                   published_at=timezone.now() - timedelta(minutes=20 + 300 * n))
            for n, body in enumerate(BODIES)]
    triage_stored([m.pk for m in made])
    ray = people.create_user("ray", PASSWORD, "responder")
    people.create_user("ada", PASSWORD, "admin")
    OnCallShift.objects.create(person=ray, weekday=0, starts=time(22), ends=time(6), time_zone="America/Chicago")
    assert Message.objects.get(pk=made[0].pk).crisis
    return {"crisis": made[0].pk}


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def _fits(page, what: str) -> None:
    page.wait_for_load_state("load")  # the inbox's stylesheet is linked from the body: measured once it applies
    width = page.evaluate("document.scrollingElement.scrollWidth")
    wide = page.evaluate(f"""[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > {WIDTH})
        .slice(0, 3).map(e => e.tagName + '.' + e.className + ' ' + (e.id || '') + ' ' + e.textContent.slice(0, 40))""")
    assert width <= WIDTH, f"{what} is {width} px wide on a {WIDTH} px screen: {wide}"


def _serious(page, path: str) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [f"{path}: {v['id']} {v['help']}: {', '.join(str(n['target']) for n in v['nodes'][:3])}"
            for v in found if v["impact"] in {"serious", "critical"}]


def test_an_on_call_responder_works_a_crisis_from_a_phone(phone, live_server, inbox, output_dir) -> None:
    _sign_in(phone, live_server, "ray")
    _fits(phone, "the dashboard")
    phone.goto(f"{live_server.url}/inbox/")
    _fits(phone, "the inbox list")
    assert "reached nobody" in phone.get_by_role("alert").first.inner_text()
    row = phone.locator("#messages tbody tr").first
    assert row.is_visible() and "Nobody alerted" in row.inner_text()
    assert phone.locator("#messages .flag.overdue").count() >= 1
    caption = phone.locator("#messages caption").bounding_box()
    assert caption is not None and caption["height"] < 200, "the caption reads as lines, not a column of letters"
    phone.screenshot(path=str(output_dir / "phone-inbox.png"), full_page=True)
    problems = _serious(phone, "/inbox/")

    row.get_by_role("link", name=re.compile("Comment on Facebook")).click()
    phone.wait_for_url(re.compile(rf"/inbox/{inbox['crisis']}/"))
    _fits(phone, "a crisis message")
    assert "Nobody has been alerted about this message." in phone.locator("#alert-state").inner_text()
    problems += _serious(phone, "/inbox/<crisis>/")

    phone.get_by_role("link", name="Reply with crisis resources").click()
    composer = phone.get_by_label("Reply", exact=True)
    assert "988" in composer.input_value()
    composer.fill(composer.input_value() + " We are here for you, any time.")
    phone.locator("#guard-findings").get_by_text(re.compile("Guard verdict")).wait_for()
    _fits(phone, "the reply composer")
    box = composer.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    phone.screenshot(path=str(output_dir / "phone-composer.png"), full_page=True)

    phone.get_by_role("button", name="Acknowledge: I am handling this").click()
    assert "Acknowledged by ray" in phone.locator("#acknowledged").inner_text()
    _fits(phone, "the message after acknowledging")

    phone.goto(f"{live_server.url}/inbox/on-call/")
    _fits(phone, "the on-call page")
    problems += _serious(phone, "/inbox/on-call/")
    assert not problems, "\n".join(problems)


def test_an_admin_manages_the_on_call_schedule_from_a_phone(phone, live_server, inbox) -> None:
    _sign_in(phone, live_server, "ada")
    phone.goto(f"{live_server.url}/inbox/on-call/")
    phone.get_by_label("Person").select_option(label="ada (no e-mail address)")
    phone.get_by_label("Weekday").select_option(label="Saturday")
    phone.get_by_label("Starts").fill("08:00")
    phone.get_by_label("Ends").fill("20:00")
    phone.get_by_label("Time zone").fill("America/New_York")
    phone.get_by_role("button", name="Add shift").click()
    assert "Shift added" in phone.get_by_role("status").inner_text()
    _fits(phone, "the on-call page with shifts")
    phone.goto(f"{live_server.url}/inbox/settings/")
    _fits(phone, "the alert settings")
