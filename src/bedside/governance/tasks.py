from __future__ import annotations

from django_tasks import task

from bedside.governance import archive, retention


@task()
def apply_retention() -> int:
    return sum(o.deleted for o in retention.apply_all())


@task()
def export_archive() -> int:
    written = archive.scheduled()
    return written.counts.get("messages", 0) if written else 0
