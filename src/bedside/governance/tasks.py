from __future__ import annotations

from django_tasks import task

from bedside.governance import retention


@task()
def apply_retention() -> int:
    return retention.apply().deleted
