"""The inbox page's response times come from what the worker computed, so a
big inbox never makes a person wait while a month of messages is re-read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.inbox import tasks
from bedside.inbox.models import Message, ResponseTimeSummary
from bedside.inbox.response_times import QUEUE_SUMMARY
from bedside.workspace import scheduler
from tests.benchmark.conftest import channel, organization

pytestmark = pytest.mark.django_db


def waiting(ch, ext: str, hours_ago: float, **kw) -> Message:
    return Message.objects.create(channel=ch, network=ch.network, external_id=ext, kind="comment", thread_id=ext,
                                  author_handle=f"person-{ext}", body="a question for you",
                                  published_at=timezone.now() - timedelta(hours=hours_ago), **kw)


@pytest.fixture
def facebook():
    return channel(organization("Harbor Point Health", ours=True), "facebook", "HarborPoint")


def row_count(page: str) -> str:
    # The per-queue table's "(none)" row: queue, messages, replied, ...
    start = page.index('<th scope="row">(none)</th>')
    return page[start:page.index("</tr>", start)]


def test_the_page_shows_the_workers_figures_until_the_next_refresh(personas, facebook) -> None:
    waiting(facebook, "a", 5, first_replied_at=timezone.now() - timedelta(hours=4))
    assert tasks.refresh_response_times.call() == 1
    waiting(facebook, "b", 2)  # arrives after the worker's last minute

    page = personas["manager"].client.get("/inbox/").content.decode()
    assert "<td>1</td><td>1</td>" in row_count(page)  # one waiting, one replied: as computed
    assert "refreshed every minute by the worker" in page

    tasks.refresh_response_times.call()
    page = personas["manager"].client.get("/inbox/").content.decode()
    assert "<td>2</td><td>1</td>" in row_count(page)


def test_figures_the_worker_left_long_ago_are_shown_as_stale(personas, facebook) -> None:
    waiting(facebook, "a", 5)
    tasks.refresh_response_times.call()
    ResponseTimeSummary.objects.filter(key=QUEUE_SUMMARY).update(computed_at=timezone.now() - timedelta(hours=2))
    page = personas["manager"].client.get("/inbox/").content.decode()
    assert "is the worker running?" in page


def test_a_fresh_install_computes_them_once_on_first_view(personas, facebook) -> None:
    waiting(facebook, "a", 5)
    assert not ResponseTimeSummary.objects.exists()
    page = personas["manager"].client.get("/inbox/").content.decode()
    assert "<td>1</td><td>0</td>" in row_count(page)
    assert ResponseTimeSummary.objects.filter(key=QUEUE_SUMMARY).count() == 1


def test_the_worker_refreshes_them_every_minute() -> None:
    assert ("inbox response times", "bedside.inbox.tasks.refresh_response_times", 60) in scheduler.DEFAULTS
