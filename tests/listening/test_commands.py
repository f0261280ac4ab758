"""`bedside listen` from a shell: add with clear errors, run, list."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bedside.cli import main
from bedside.listening.models import Mention, SavedSearch
from bedside.workspace.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db


def test_the_cli_adds_runs_and_lists_a_search(standin, monkeypatch) -> None:
    standin.load("bluesky")
    monkeypatch.setenv("BEDSIDE_API_BASE_BLUESKY", standin.base_url("bluesky"))
    Organization.objects.create(name="Riverbend Health", is_ours=True)
    runner = CliRunner()

    bad = runner.invoke(main, ["listen", "add", "Brand", '"riverbend', "--org", "Riverbend"])
    assert bad.exit_code == 2 and "column 1: a quote is not closed" in bad.output
    nowhere = runner.invoke(main, ["listen", "add", "Brand", "riverbend", "--org", "Lakeside"])
    assert nowhere.exit_code == 1 and "Lakeside" in nowhere.output

    added = runner.invoke(main, ["listen", "add", "Brand", "riverbend -job", "--org", "Riverbend"])
    assert added.exit_code == 0, added.output
    assert "the word riverbend and not the word job" in added.output
    ran = runner.invoke(main, ["listen", "run"])
    assert ran.exit_code == 0, ran.output
    assert "Brand: read 4, matched 3, 3 new, 1 for compliance, 1 unreadable records skipped" in ran.output
    assert Mention.objects.count() == 3
    listed = runner.invoke(main, ["listen", "list"])
    assert "Brand" in listed.output and "3 mentions" in listed.output
    assert "wake up" not in ran.output + listed.output  # bodies are never printed
    assert AuditEntry.objects.get(action="listening_search_created").actor_name == "cli"
    assert SavedSearch.objects.get().sources == ["bluesky"]
