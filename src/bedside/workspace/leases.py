"""Task leases: a task is RUNNING only while its worker's heartbeat is fresh.

Every `bedside worker` process beats (updates its :class:`WorkerHeartbeat`)
every ``lease / 4`` seconds. A RUNNING task whose worker has not been seen for
``BEDSIDE_TASK_LEASE`` seconds, or whose worker is a process on this machine
that no longer exists, is orphaned: it goes back to READY so another worker
runs it (sync, triage and publishing resume from what they stored), unless it
has already been claimed ``BEDSIDE_TASK_MAX_ATTEMPTS`` times, in which case a
task that keeps killing its worker is marked FAILED with the reason.

Releasing is a conditional update ("… where status is still RUNNING and
started_at is what I read"), so two workers releasing at once release once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import close_old_connections
from django.db.utils import DatabaseError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bedside.config import env_int
from bedside.workspace.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

#: the exception class path a task gets when it keeps losing its worker
WORKER_LOST = "bedside.workspace.leases.WorkerLost"


class WorkerLost(Exception):
    """The worker running a task stopped (killed, crashed, machine lost)."""


def lease() -> timedelta:
    """``BEDSIDE_TASK_LEASE`` seconds (60) without a heartbeat before a task is taken back."""
    return timedelta(seconds=env_int("BEDSIDE_TASK_LEASE", 60, minimum=1))


def max_attempts() -> int:
    """``BEDSIDE_TASK_MAX_ATTEMPTS`` (3): claims of one task before it is marked failed."""
    return env_int("BEDSIDE_TASK_MAX_ATTEMPTS", 3, minimum=1)


def worker_id() -> str:
    """The same ``host:pid`` a sync run records, so a run's worker can be looked up."""
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def beat(worker: str, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if not WorkerHeartbeat.objects.filter(worker_id=worker).update(seen_at=now):
        WorkerHeartbeat.objects.get_or_create(worker_id=worker, defaults={"started_at": now, "seen_at": now})


def stopped(worker: str) -> None:
    """A worker that exits cleanly says so; its tasks finished or were released."""
    WorkerHeartbeat.objects.filter(worker_id=worker).delete()


def is_alive(worker: str, now: datetime | None = None) -> bool:
    """Whether ``worker`` (``host:pid``) still runs: on this machine, by its
    process; elsewhere, by a heartbeat within the lease."""
    now = now or timezone.now()
    host, _, pid = worker.rpartition(":")
    if host == socket.gethostname()[: len(host)] and pid.isdigit() and host:
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
    return WorkerHeartbeat.objects.filter(worker_id=worker[:64], seen_at__gt=now - lease()).exists()


def known(worker: str) -> bool:
    """Whether ``worker`` is (or was) a heartbeating `bedside worker`."""
    return WorkerHeartbeat.objects.filter(worker_id=worker[:64]).exists()


@dataclass
class Released:
    requeued: list[str]
    failed: list[str]


def release_orphans(now: datetime | None = None) -> Released:
    """Put every RUNNING task whose worker is gone back in the queue, or fail it
    after too many attempts; return the ids of both."""
    now = now or timezone.now()
    released = Released([], [])
    alive: dict[str, bool] = {}
    running = DBTaskResult.objects.filter(status="RUNNING").values_list("pk", "worker_ids", "started_at")
    for pk, workers, started_at in running:
        last = (workers or [""])[-1]
        if last not in alive:
            alive[last] = is_alive(last, now)
        if alive[last]:
            continue
        if not known(last) and started_at is not None and started_at > now - lease():
            continue  # just claimed by a worker that has not beaten yet
        attempts = len(workers or [])
        rows = DBTaskResult.objects.filter(pk=pk, status="RUNNING", started_at=started_at)
        if attempts >= max_attempts():
            reason = (f"the worker running this task stopped {attempts} times (last {last}); "
                      f"not trying again")
            won = rows.update(status="FAILED", finished_at=now, exception_class_path=WORKER_LOST,
                              traceback=f"{WORKER_LOST}: {reason}\n", return_value=None)
            if won:
                logger.error("task %s failed: %s", pk, reason)
                released.failed.append(str(pk))
        else:
            if rows.update(status="READY"):
                logger.warning("task %s: its worker %s stopped; queued again (attempt %d of %d)",
                               pk, last, attempts + 1, max_attempts())
                released.requeued.append(str(pk))
    return released


class Heartbeat(threading.Thread):
    """Keeps this worker's lease fresh and releases other workers' orphans."""

    def __init__(self, worker: str) -> None:
        super().__init__(name="bedside-heartbeat", daemon=True)
        self.worker = worker
        self.stopped = threading.Event()

    def run(self) -> None:
        every = max(lease().total_seconds() / 4, 0.2)
        while not self.stopped.is_set():
            try:
                beat(self.worker)
                release_orphans()
            except DatabaseError:
                # A locked SQLite file or a dropped connection: beat again soon;
                # the lease is four beats long.
                logger.warning("worker heartbeat could not be written", exc_info=True)
            finally:
                close_old_connections()
            self.stopped.wait(every)

    def stop(self) -> None:
        self.stopped.set()
