"""The demo's sample history: deterministic, labelled, idempotent, with gaps."""

from __future__ import annotations

import pytest

from bedside import demo
from bedside.benchmark import sample
from bedside.benchmark.models import Post, Snapshot
from bedside.benchmark.overview import build

pytestmark = pytest.mark.django_db


def test_the_sample_history_gives_every_chart_and_audit_something_to_show() -> None:
    demo.load()  # the demo loads the sample history, ending yesterday
    assert Snapshot.objects.count() > 15_000 and Post.objects.count() > 3_000
    assert sample.load() == {}  # idempotent
    assert not Snapshot.objects.exclude(source="sample").exists()

    # Deterministic: a fixed seed, so the last day reads the same whatever the day.
    last = Snapshot.objects.filter(channel__organization__name="Mayo Clinic", channel__network="x").last()
    assert last.followers == 2_113_376

    overview = build()
    assert overview.sample
    assert all(overview.charts.values())
    rows = {r.name: r for r in overview.comparison.rows}
    # Gaps and missing counts on purpose: "no data", never 0.
    assert rows["Johns Hopkins Medicine"].by_network["youtube"] is None
    assert rows["Johns Hopkins Medicine"].values["reply_rate"] is None
    assert rows["Riverbend Health"].values["reply_rate"] > 50
    assert sum(len(a.inconsistent) for a in overview.brand) == 2
    assert any(a.crawled_at is None for a in overview.crosspromo)


def test_the_sample_history_stays_out_of_the_inboxs_open_queues() -> None:
    from bedside.inbox.models import OPEN_STATES, Message, State

    demo.load()
    history = Message.objects.filter(external_id__startswith="sample-")
    assert history.exists() and not history.filter(state__in=OPEN_STATES).exists()
    # Our answered comments keep their reply time, for the response-time page.
    answered = history.filter(state=State.REPLIED)
    assert answered.exists() and not answered.filter(first_replied_at__isnull=True).exists()
    # What the demo's inbox shows as open work is its own sample messages, and
    # the reputation sample's one fresh one-star review of a physician.
    assert Message.objects.filter(state__in=OPEN_STATES).exclude(external_id__startswith="inbox-sample-").exclude(
        external_id__startswith="rep-sample-fresh-").count() == 0
