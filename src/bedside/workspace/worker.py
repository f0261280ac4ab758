"""`bedside worker`: the django-tasks-db worker plus the scheduler.

Several workers may share one PostgreSQL queue: django-tasks-db claims each
task with SELECT … FOR UPDATE SKIP LOCKED, so no task runs twice. A worker
holds a lease on what it runs by beating while it lives (see
:mod:`bedside.workspace.leases`): a task whose worker was killed goes back to
the queue instead of staying "running" for ever.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker

from bedside.workspace import leases, scheduler


def make_worker(*, queues: list[str] | None = None, interval: float = 1.0, batch: bool = False,
                max_tasks: int | None = None) -> Worker:
    # host:pid, as sync runs record it, so a run's worker can be checked
    worker_id = leases.worker_id()
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
    # Beat and take back orphans before the first claim, so a batch worker
    # started after a crash finishes the crashed worker's tasks.
    leases.beat(worker.worker_id)
    leases.release_orphans()
    heartbeat = leases.Heartbeat(worker.worker_id)
    heartbeat.start()
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
        heartbeat.stop()
        heartbeat.join(timeout=5)
        leases.stopped(worker.worker_id)
    return worker
