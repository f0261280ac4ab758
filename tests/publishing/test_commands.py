"""`bedside posts list` and `bedside posts publish-due`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.utils import timezone

from bedside.cli import main
from bedside.publishing import approval
from bedside.publishing.approval import VariantInput
from tests.standin.server import Response

pytestmark = pytest.mark.django_db

TEXT = "Free flu shots at every Riverbend clinic this Saturday."


def test_publish_due_publishes_and_lists_without_printing_texts(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    approval.submit(approval.save(mona, title="Flu Saturday", variants=[VariantInput(mastodon, TEXT, timezone.now())]),
                    mona)
    runner = CliRunner()
    listed = runner.invoke(main, ["posts", "list"])
    assert listed.exit_code == 0 and "Flu Saturday" in listed.output and "scheduled" in listed.output
    assert TEXT not in listed.output
    done = runner.invoke(main, ["posts", "publish-due"])
    assert done.exit_code == 0 and "published 1, failed 0" in done.output
    assert "published" in runner.invoke(main, ["posts", "list", "--state", "published"]).output


def test_publish_due_exits_1_naming_what_failed(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    approval.submit(approval.save(mona, title="Flu Saturday", variants=[VariantInput(mastodon, TEXT, timezone.now())]),
                    mona)
    timeline.server.fail_next("mastodon", Response(422, {"error": "Validation failed: Text is a duplicate"}))
    done = CliRunner().invoke(main, ["posts", "publish-due"])
    assert done.exit_code == 1 and "failed 1" in done.output and "duplicate" in done.output
