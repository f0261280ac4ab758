"""Two workers sharing the queue at the same moment: every due variant is
published, none twice. Real threads, each with its own database connection."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import timezone

from bedside.publishing import approval, sending
from bedside.publishing.approval import VariantInput
from bedside.publishing.models import Variant

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_publish_every_due_variant_exactly_once(personas, mastodon, timeline) -> None:
    mona = personas["manager"].user
    for n in range(12):
        approval.submit(approval.save(mona, title=f"Tip {n}", variants=[
            VariantInput(mastodon, f"Health tip number {n}: drink water and sleep well.", timezone.now())]), mona)
    start = threading.Barrier(2)
    done: list[list[int]] = []
    failures: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait()
            done.append(sending.publish_due())
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    published = [pk for ids in done for pk in ids]
    assert sorted(published) == sorted(Variant.objects.values_list("pk", flat=True))  # each once, by one worker
    creates = [r for r in timeline.server.requests_to("mastodon") if r.method == "POST"]
    assert len(creates) == 12 and len({r.json()["status"] for r in creates}) == 12
    assert set(Variant.objects.values_list("state", flat=True)) == {"published"}
