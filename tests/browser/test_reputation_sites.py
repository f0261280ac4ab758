"""A social media manager works the demo's missing listings: from the
overview's per-site count to the providers missing there, then decides the
possible listings a Zocdoc search turned up."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from bedside import demo
from bedside.reputation.models import Listing
from bedside.workspace import people
from tests.reputation.conftest import okafor, ours, sites  # noqa: F401 - the roster and the sites' stand-ins

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"


def test_a_manager_goes_from_missing_on_zocdoc_to_a_confirmed_listing(page, live_server, output_dir) -> None:
    demo.load()
    people.create_user("meg", PASSWORD, "social_manager")
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("meg")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/reputation/")
    by_site = page.get_by_role("list", name="Missing listings by site")
    zocdoc = by_site.get_by_role("link", name="missing on Zocdoc")
    missing = int(zocdoc.inner_text().split()[0])
    assert missing >= 10 and by_site.get_by_role("link", name="missing on WebMD Care").is_visible()
    problems = [v for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not problems, problems
    zocdoc.click()
    page.wait_for_url("**missing=zocdoc**")
    assert page.get_by_label("Missing on").input_value() == "zocdoc"
    assert page.get_by_role("table").get_by_role("caption").inner_text().startswith(f"{missing} provider")
    page.screenshot(path=str(output_dir / "reputation-missing-on-zocdoc.png"), full_page=True)

    namesake = Listing.objects.get(status=Listing.Status.CANDIDATE, extra__match_score=52)
    own = Listing.objects.get(
        status=Listing.Status.CANDIDATE, provider=namesake.provider, extra__match_score=80
    )
    page.get_by_role("link", name=namesake.provider.display_name).first.click()
    candidates = page.get_by_role("table", name="Possible listings: is this the provider's own?")
    candidates.get_by_role("button", name=f"Reject {namesake.name} on Zocdoc").click()
    page.get_by_text(f"{namesake.name} rejected.").wait_for()
    page.get_by_role("table", name="Possible listings: is this the provider's own?").get_by_role(
        "button", name=f"Confirm {own.name} on Zocdoc"
    ).click()
    page.get_by_text(f"{own.name} confirmed and checked.").wait_for()
    assert not page.get_by_role("table", name="Possible listings: is this the provider's own?").count()
    still_missing = page.locator("p.bad", has_text="Missing on ")
    assert not still_missing.count() or "Zocdoc" not in still_missing.inner_text()

    page.goto(f"{live_server.url}/reputation/")
    assert (
        page.get_by_role("list", name="Missing listings by site")
        .get_by_role("link", name="missing on Zocdoc")
        .inner_text()
        == f"{missing - 1} missing on Zocdoc"
    )


def test_a_manager_searches_a_site_from_the_provider_page_and_confirms(page, live_server, request) -> None:
    request.getfixturevalue("sites")  # the review sites' stand-ins, our channels on them
    provider = request.getfixturevalue("okafor")
    people.create_user("meg", PASSWORD, "social_manager")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("meg")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/reputation/providers/{provider.npi}/")
    search = page.get_by_role("form", name="Search a site for this provider's listing")
    search.get_by_label("Search for a listing on").select_option("webmd")
    assert (
        search.get_by_label("Search for a listing on").locator("option:checked").inner_text()
        == "WebMD Care (missing)"
    )
    search.get_by_role("button", name="Search").click()
    page.get_by_text("1 possible listing(s) on WebMD Care").wait_for()
    found = page.get_by_role("table", name="Possible listings: is this the provider's own?")
    assert found.get_by_role("cell", name="100%").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    problems = [v for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not problems, problems
    found.get_by_role("button", name="Confirm Dr. Amara Okafor, MD on WebMD Care").click()
    page.get_by_text("Dr. Amara Okafor, MD confirmed and checked.").wait_for()
    assert "WebMD Care" not in page.locator("p.bad", has_text="Missing on ").inner_text()
    assert Listing.objects.get(network="webmd").status == Listing.Status.CONFIRMED
