"""Worker heartbeats: the lease on every task a worker runs.

django-tasks-db marks a task RUNNING when a worker claims it and never looks
at it again; a worker killed mid-task left it "running" for ever. Each
`bedside worker` process keeps a row here fresh while it lives, so a task whose
worker has not been seen within the lease is known to be orphaned and is made
available again (see :mod:`bedside.workspace.leases`).
"""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    #: the id the worker writes into django-tasks-db's ``worker_ids``: ``host:pid``
    worker_id = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return self.worker_id
