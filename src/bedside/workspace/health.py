"""What `/healthz` reports: the database answers, and the task queue moves.

``down`` (HTTP 503): the database does not answer, so nothing works.
``degraded`` (HTTP 200, so a load balancer keeps serving pages): the web app
works but background work is stuck: the oldest task ready to run has waited
longer than ``BEDSIDE_QUEUE_MAX_AGE`` seconds (no worker running, or workers
busy for far too long); or an app's own check in ``PROBLEMS`` found one
(the inbox: a crisis alert would reach nobody).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from bedside.config import env_int

logger = logging.getLogger(__name__)
# Apps above workspace add their own checks here (each returns problems, in words).
PROBLEMS: list[Callable[[], list[str]]] = []


def queue_max_age() -> timedelta:
    return timedelta(seconds=env_int("BEDSIDE_QUEUE_MAX_AGE", 15 * 60, minimum=1))


@dataclass
class Health:
    status: str = "ok"
    database: str = "ok"
    queue: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def http_status(self) -> int:
        return 503 if self.status == "down" else 200

    def as_dict(self) -> dict[str, object]:
        return {"status": self.status, "database": self.database, "queue": self.queue, "problems": self.problems}


def check(now: datetime | None = None) -> Health:
    health = Health()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure to reach the database is "down"
        logger.error("health check: the database does not answer (%s)", type(exc).__name__)
        health.status, health.database = "down", "unreachable"
        health.problems.append("the database does not answer")
        return health
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    ready = DBTaskResult.objects.filter(status="READY").filter(Q(run_after=get_date_max()) | Q(run_after__lte=now))
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
    waited = 0.0
    if oldest is not None:
        enqueued_at, run_after = oldest
        since = enqueued_at if run_after == get_date_max() else max(enqueued_at, run_after)
        waited = max(0.0, (now - since).total_seconds())
    health.queue = {"ready": ready.count(), "oldest_ready_seconds": round(waited),
                    "max_age_seconds": int(queue_max_age().total_seconds())}
    if waited > queue_max_age().total_seconds():
        health.status = "degraded"
        health.problems.append(f"the oldest task ready to run has waited {round(waited)} seconds: "
                               "is a `bedside worker` running?")
    for problems in PROBLEMS:
        found = problems()
        if found:
            health.status = "degraded"
            health.problems.extend(found)
    return health
