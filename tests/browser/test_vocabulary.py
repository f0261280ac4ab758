"""A compliance reviewer adds a unit to the guard's vocabulary in the browser,
and a draft naming a person on that unit is then blocked."""

from __future__ import annotations

import pytest

from bedside.guard import Context, scan
from bedside.workspace import people
from bedside.workspace.identifiers import our_public_identifiers
from bedside.workspace.models import AuditEntry, Organization, VocabularyTerm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"


def test_a_reviewer_adds_and_removes_a_unit(page, live_server, output_dir) -> None:
    Organization.objects.create(name="Harbor Point Health", is_ours=True)
    people.create_user("rita", PASSWORD, "compliance")
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/settings/")
    page.get_by_role("link", name="Guard vocabulary").click()
    page.get_by_role("heading", name="Guard vocabulary", level=1).wait_for()
    page.get_by_label("Kind").select_option("unit")
    page.get_by_label("Name").fill("3 East")
    page.get_by_role("button", name="Add", exact=True).click()
    page.locator("#vocabulary-unit .term", has_text="3 East").wait_for()
    page.screenshot(path=str(output_dir / "vocabulary-unit-added.png"), full_page=True)

    draft = "Everyone wave to Bernadette in 3 East today!"
    assert scan(draft, Context(**our_public_identifiers())).verdict == "block"

    page.get_by_role("button", name="Remove 3 East").click()
    page.locator("#vocabulary-unit", has_text="None yet.").wait_for()
    assert not VocabularyTerm.objects.exists()
    after = scan(draft, Context(**our_public_identifiers()))
    # Still held for the name (and the reply-risk model), but no longer placed in one of our units.
    assert after.verdict != "allow" and not any(f.rule.startswith("placed_patient") for f in after.findings)
    assert list(AuditEntry.objects.filter(actor_name="rita", action__startswith="vocabulary_term_")
                .order_by("id").values_list("action", flat=True)) == ["vocabulary_term_added", "vocabulary_term_removed"]
