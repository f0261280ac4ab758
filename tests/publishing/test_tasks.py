"""The worker publishes on its own: the scheduler enqueues the publishing
task every minute, and the task publishes what is due."""

from __future__ import annotations

import pytest
from django.utils import timezone

from bedside.publishing import approval, tasks
from bedside.publishing.approval import VariantInput
from bedside.publishing.models import Variant
from bedside.workspace import scheduler

pytestmark = pytest.mark.django_db


def test_the_scheduler_runs_the_publishing_task_every_minute() -> None:
    assert ("publish due posts", "bedside.publishing.tasks.publish_due", 60) in scheduler.DEFAULTS
    assert tasks.publish_due.queue_name == "publish"


def test_the_task_publishes_what_is_due(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    approval.submit(approval.save(mona, title="Tip", variants=[
        VariantInput(mastodon, "Stay hydrated on hot days: water before you feel thirsty.", timezone.now())]), mona)
    assert tasks.publish_due.call() == 1
    assert Variant.objects.get().state == Variant.State.PUBLISHED
    assert tasks.publish_due.call() == 0
