"""Every main page loads in Chromium under Bedside's strict
Content-Security-Policy without a single violation: no inline script or
style, nothing from another origin (htmx's swaps included)."""

from __future__ import annotations

import pytest

from bedside import demo
from bedside.channels.models import Channel
from bedside.inbox.models import Message
from bedside.workspace import people
from bedside.workspace.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"

# Records every violation the page reports, before any of the page's own code runs.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
});
"""


def _pages() -> list[str]:
    ours = Organization.objects.get(is_ours=True)
    channel = Channel.objects.filter(organization=ours).first()
    message = Message.objects.order_by("pk").first()
    return [
        "/", "/benchmark/", "/inbox/", "/inbox/approvals/", f"/inbox/{message.pk}/", "/publishing/",
        "/reputation/", "/reports/", "/reports/benchmark/?format=html", "/organizations/",
        f"/organizations/{ours.pk}/", f"/organizations/{ours.pk}/edit/", "/organizations/new/",
        "/organizations/from-cms/?q=mayo", f"/channels/{channel.pk}/", f"/benchmark/organizations/{ours.pk}/media/",
        "/audit/", "/settings/", "/password/", "/api/docs",
    ]


def test_every_main_page_loads_without_a_csp_violation(page, live_server) -> None:
    demo.load()
    people.create_user("csp-admin", PASSWORD, "admin")
    problems: list[str] = []
    page.add_init_script(WATCH)
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)

    assert page.goto(f"{live_server.url}/login/").headers.get("content-security-policy")
    page.get_by_label("Username").fill("csp-admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    for path in _pages():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert response.headers.get("content-security-policy"), path
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__csp")
        problems.extend(f"{path}: {p}" for p in found)

    # htmx at work: the CMS search swaps results in as the person types.
    page.goto(f"{live_server.url}/organizations/from-cms/")
    page.get_by_label("Hospital name, city or CMS id").fill("cleveland")
    page.get_by_role("button", name="Add Cleveland Clinic as a peer", exact=True).wait_for()
    problems.extend(f"htmx swap: {p}" for p in page.evaluate("window.__csp"))

    assert problems == []


def test_a_delete_still_asks_for_confirmation_without_inline_script(page, live_server) -> None:
    people.create_user("csp-admin", PASSWORD, "admin")
    org = Organization.objects.create(name="Harbor View Hospital")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("csp-admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/organizations/{org.pk}/")
    # The delete asks on a page of its own (what goes, typed name), no inline script.
    page.get_by_role("link", name="Delete organization…").click()
    page.get_by_role("button", name="Delete Harbor View Hospital").click()
    assert Organization.objects.filter(pk=org.pk).exists()  # nothing typed: nothing deleted
    page.get_by_label("Type Harbor View Hospital to confirm").fill("Harbor View Hospital")
    page.get_by_role("button", name="Delete Harbor View Hospital").click()
    page.wait_for_load_state()
    assert not Organization.objects.filter(pk=org.pk).exists()
    assert violations == []
