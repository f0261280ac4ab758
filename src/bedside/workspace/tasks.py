"""Background tasks of the workspace, run by `bedside worker`."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from bedside.workspace import audit, removal
from bedside.workspace.models import LoginAttempt

logger = logging.getLogger(__name__)


@task(queue_name="default")
def verify_audit_chain() -> dict[str, int]:
    """Check the audit chain and write the outcome to the log itself."""
    problems = list(audit.verify())
    audit.record("audit_verified", actor="system", detail={"problems": len(problems)})
    for problem in problems[:20]:
        logger.error("audit entry %s %s", problem.entry_id, problem.message)
    return {"problems": len(problems)}


@task(queue_name="default")
def prune_login_attempts() -> int:
    cutoff = timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS) - timedelta(days=1)
    deleted, _ = LoginAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted


@task(queue_name="default")
def purge_deleted_organizations() -> list[str]:
    """Delete for good the organizations deleted longer ago than the retention period."""
    return removal.purge_expired()
