"""Two workers making a series' and a queue's occurrences at the same
moment: each time is made once. Real threads, each with its own database
connection (the row lock and the unique constraint on PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import time

import pytest
from django.db import connection
from django.utils import timezone

from bedside.publishing import evergreen, recurring, series
from bedside.publishing.approval import VariantInput
from bedside.publishing.models import Post

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_make_each_occurrence_once(personas, mastodon) -> None:
    mona = personas["manager"].user
    today = timezone.localdate()
    tip = series.create(mona, "Tip", series.RuleInput("weekly", list(range(7)), at=time(10), starts_on=today),
                        series.ContentInput("Tip", [VariantInput(mastodon, "Weekly tip: fresh fruit makes a better "
                                                                           "snack than chips.")]))
    queue = evergreen.save(mona, name="Evergreen", channels=[mastodon], slots="Mon 09:00, Wed 09:00, Fri 09:00",
                           min_gap_days=0)
    evergreen.add_post(queue, mona, title="Garden", text="Our community garden is open to everyone on weekends.")
    expected = (tip.occurrences.count(), queue.occurrences.count())
    recurring.withdraw(Post.objects.filter(made_from__isnull=False))
    assert not Post.objects.filter(made_from__isnull=False).exists()
    start = threading.Barrier(2)
    made: list[int] = []
    failures: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait()
            made.append(recurring.generate())
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
    assert (tip.occurrences.count(), queue.occurrences.count()) == expected
    assert sum(made) == sum(expected)  # between them, each made once
    times = list(Post.objects.filter(made_from__isnull=False).values_list("series_id", "queue_id", "occurrence_at"))
    assert len(times) == len(set(times))
