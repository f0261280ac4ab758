"""`bedside worker`: the django-tasks-db worker plus the scheduler.

Several workers may share one PostgreSQL queue: django-tasks-db claims each
task with SELECT … FOR UPDATE SKIP LOCKED, so no task runs twice.
"""

from __future__ import annotations

import os
import socket

from django_tasks_db.management.commands.db_worker import Worker

from bedside.workspace import scheduler


def make_worker(*, queues: list[str] | None = None, interval: float = 1.0, batch: bool = False,
                max_tasks: int | None = None) -> Worker:
    worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
    return Worker(
        queue_names=queues or ["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=max_tasks,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run(*, queues: list[str] | None = None, interval: float = 1.0, batch: bool = False,
        max_tasks: int | None = None, schedule: bool = True, in_thread: bool = False) -> Worker:
    worker = make_worker(queues=queues, interval=interval, batch=batch, max_tasks=max_tasks)
    ticker = None
    if schedule:
        scheduler.ensure_defaults()
        ticker = scheduler.SchedulerThread()
        ticker.start()
    if not in_thread:
        # Signals can only be set in the main thread; the demo runs the
        # worker in a thread and stops with its process instead.
        worker.configure_signals()
    try:
        worker.run()
    finally:
        if ticker is not None:
            ticker.stop()
    return worker
