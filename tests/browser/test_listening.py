"""Listening in the browser: write a query with the helper, save, run it
against the Bluesky stand-in, read the picture, open what compliance must see;
every page passes axe and fits a phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from bedside.workspace import people
from bedside.workspace.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"


@pytest.fixture
def workspace(standin, monkeypatch) -> None:
    standin.load("bluesky")
    monkeypatch.setenv("BEDSIDE_API_BASE_BLUESKY", standin.base_url("bluesky"))
    Organization.objects.create(name="Riverbend Health", is_ours=True)
    people.create_user("ada", PASSWORD, "admin")


def _problems(page, path: str) -> list[str]:
    found = Axe().run(page).response["violations"]
    problems = [f"{path}: {v['id']} ({v['impact']}) {v['help']}" for v in found if v["impact"] in ("serious", "critical")]
    width = page.evaluate("document.scrollingElement.scrollWidth")
    if width > 390:
        widest = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 391).slice(-3).map(e => e.outerHTML.slice(0, 80))""")
        problems.append(f"{path}: {width}px wide at a 390px viewport: {widest}")
    return problems


def test_a_manager_writes_saves_and_runs_a_search_and_opens_the_mention_for_compliance(page, live_server,
                                                                                        workspace) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/listening/new/")
    problems = _problems(page, "/listening/new/")
    page.get_by_label("Name").fill("Brand")
    page.get_by_label("Query").fill("(riverbend -job")
    page.get_by_role("button", name="Save search").click()
    assert page.get_by_text("column 1: this ( is not closed").is_visible()
    page.get_by_label("Query").fill("riverbend -job")
    page.get_by_role("button", name="Preview").click()
    assert page.get_by_text("the word riverbend and not the word job").is_visible()
    page.get_by_role("button", name="Save search").click()
    page.wait_for_url(f"{live_server.url}/listening/*/")

    page.get_by_role("button", name="Run now").click()
    assert page.get_by_text("Read 4, matched 3, 3 new, 1 for compliance.").is_visible()
    problems += _problems(page, "search page")
    page.get_by_role("link", name="Open mention by lowday.bsky.social").click()
    assert page.get_by_role("alert").filter(has_text="crisis language").is_visible()
    problems += _problems(page, "mention page")
    page.get_by_role("button", name="Mark reviewed").click()
    assert page.get_by_text("Reviewed by ada").is_visible()

    page.goto(f"{live_server.url}/listening/")
    problems += _problems(page, "/listening/")
    assert page.get_by_role("link", name="Brand").is_visible()
    assert not problems, "\n".join(problems)


def test_a_spike_on_the_page_links_to_that_days_mentions(page, live_server, workspace) -> None:
    from datetime import UTC, datetime, time, timedelta

    from django.utils import timezone

    from bedside.listening import collect
    from bedside.listening.models import SavedSearch
    from bedside.listening.sources import Found

    search = SavedSearch.objects.create(organization=Organization.objects.get(), name="Brand", query="riverbend",
                                        sources=["bluesky"])
    today = datetime.combine(timezone.now().date(), time.min, tzinfo=UTC)
    rows = [Found("bluesky", f"usual-{back}", "regular.example", "", f"Riverbend clinic hours, week note {back}", "",
                  "en", today - timedelta(days=back)) for back in range(1, 15)]
    rows += [Found("bluesky", f"burst-{i}", f"visitor{i}.example", "", f"Long line at Riverbend today, visitor {i}",
                   "", "en", today + timedelta(minutes=i)) for i in range(12)]
    collect.store(search, search.parsed(), rows, collect.Outcome())

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/listening/{search.pk}/")
    page.get_by_role("alert").get_by_role("link", name=f"{today:%Y-%m-%d}").click()
    page.wait_for_url(f"**/listening/{search.pk}/?day={today:%Y-%m-%d}*")
    assert page.get_by_role("heading", name=f"Mentions on {today:%Y-%m-%d}").is_visible()
    assert page.get_by_text("All 12 mentions posted that day").is_visible()
    assert page.get_by_role("link", name="Open mention by visitor3.example").is_visible()
    assert page.get_by_role("link", name="Open mention by regular.example").count() == 0
    problems = _problems(page, "one day's mentions")
    assert not problems, "\n".join(problems)


def test_a_manager_filters_the_mentions_by_intent_and_exports_what_the_filter_shows(page, live_server,
                                                                                    workspace) -> None:
    import json
    from datetime import timedelta

    from django.utils import timezone

    from bedside.listening import collect
    from bedside.listening.models import SavedSearch
    from bedside.listening.sources import Found
    from bedside.workspace.models import AuditEntry

    search = SavedSearch.objects.create(organization=Organization.objects.get(), name="Brand", query="riverbend",
                                        sources=["bluesky"])
    now = timezone.now()
    texts = {"grumpy.bsky.social": "Riverbend kept my aunt waiting five hours and the desk staff were rude",
             "glad.bsky.social": "The Riverbend night nurses were wonderful, thank you so much",
             "asker.bsky.social": "How do I book an appointment with a Riverbend allergist?"}
    collect.store(search, search.parsed(), [
        Found("bluesky", f"at://b/{i}", handle, "", text, "", "en", now - timedelta(hours=i + 1))
        for i, (handle, text) in enumerate(texts.items())], collect.Outcome())

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/listening/{search.pk}/")
    mentions = page.locator("#mentions table")
    assert mentions.get_by_role("cell", name="grumpy.bsky.social", exact=True).is_visible()
    page.get_by_label("Intent").select_option("praise")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**intent=praise**")
    assert mentions.get_by_role("cell", name="glad.bsky.social", exact=True).is_visible()
    assert mentions.get_by_role("cell", name="grumpy.bsky.social", exact=True).count() == 0
    problems = _problems(page, "search page, filtered")

    page.get_by_label("Format").select_option("jsonl")
    with page.expect_download() as caught:
        page.get_by_role("button", name="Export mentions").click()
    download = caught.value
    assert download.suggested_filename.startswith("mentions-brand-") and download.suggested_filename.endswith(".jsonl")
    with open(download.path(), encoding="utf-8") as exported:
        rows = [json.loads(line) for line in exported]
    assert [(r["author_handle"], r["intent"]) for r in rows] == [("glad.bsky.social", "praise")]
    assert "night nurses were wonderful" in rows[0]["body"]
    entry = AuditEntry.objects.get(action="mentions_exported")
    assert entry.actor_name == "ada" and entry.detail["filters"] == {"intent": "praise"}
    assert not problems, "\n".join(problems)
