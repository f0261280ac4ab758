"""Background work of publishing, on the task queue named "publish"."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="publish")
def publish_due() -> int:
    """Publish every approved variant whose time has come; returns how many.
    Any number of workers may run it at once: each variant is claimed by one."""
    from bedside.publishing import sending

    return len(sending.publish_due())


@task(queue_name="publish")
def make_occurrences() -> int:
    """Make the recurring posts' and evergreen queues' occurrences for the
    next four weeks; returns how many. Safe with several workers: an
    occurrence is unique per series (or queue) and time."""
    from bedside.publishing import recurring

    return recurring.generate()
