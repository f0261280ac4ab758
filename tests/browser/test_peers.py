"""A social media manager signs in and adds a peer from the CMS list."""

from __future__ import annotations

import pytest

from bedside.workspace import people
from bedside.workspace.models import AuditEntry, Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_manager_adds_a_peer_from_the_cms_list(page, live_server, output_dir) -> None:
    people.create_user("mona", PASSWORD, "social_manager")
    sign_in(page, live_server, "mona")
    assert page.get_by_role("heading", name="Dashboard").is_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organizations").click()
    page.get_by_role("link", name="Add a peer from the CMS hospital list").click()
    page.get_by_label("Hospital name, city or CMS id").fill("cleveland clinic")
    page.get_by_label("State").fill("OH")
    # htmx swaps in the results as the person types.
    add = page.get_by_role("button", name="Add Cleveland Clinic as a peer", exact=True)
    add.wait_for()
    add.click()

    page.get_by_role("heading", name="Cleveland Clinic").wait_for()
    assert "9500 Euclid Avenue" in page.content()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organizations").click()
    row = page.locator("#organizations tr", has_text="Cleveland Clinic")
    assert row.get_by_role("cell", name="Peer").is_visible()
    page.screenshot(path=str(output_dir / "peer-added.png"), full_page=True)

    assert Organization.objects.filter(name="Cleveland Clinic", is_ours=False).exists()
    assert AuditEntry.objects.filter(action="peer_added", actor_name="mona").exists()


def test_a_viewer_sees_no_way_to_change_organizations(page, live_server) -> None:
    people.create_user("vic", PASSWORD, "viewer")
    Organization.objects.create(name="Lakeside Medical")
    sign_in(page, live_server, "vic")
    page.goto(f"{live_server.url}/organizations/")
    assert page.get_by_role("link", name="Lakeside Medical").is_visible()
    assert page.get_by_role("link", name="Add an organization").count() == 0
    response = page.goto(f"{live_server.url}/organizations/from-cms/")
    assert response.status == 403


def test_a_wrong_password_shows_an_accessible_error(page, live_server) -> None:
    people.create_user("vic", PASSWORD, "viewer")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("vic")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert "correct username and password" in page.get_by_role("alert").first.inner_text()
