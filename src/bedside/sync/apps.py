from typing import Any

from django.apps import AppConfig

# Periodic work of sync, enqueued by `bedside worker`'s scheduler.
SCHEDULES = [
    ("sync due channels", "bedside.sync.tasks.sync_due_channels", 5 * 60),
]


class SyncConfig(AppConfig):
    name = "bedside.sync"
    label = "sync"
    verbose_name = "Sync"

    def ready(self) -> None:
        from bedside.channels.signals import credentials_saved
        from bedside.workspace import scheduler

        scheduler.register(*SCHEDULES)
        credentials_saved.connect(retry_now, dispatch_uid="sync.retry_now")


def retry_now(sender: Any, channel: Any, **kwargs: Any) -> None:
    """New credentials end a channel's wait: its next sync is due now."""
    from django.utils import timezone

    from bedside.sync.models import SyncRun

    SyncRun.objects.filter(channel=channel, retry_at__gt=timezone.now()).update(retry_at=timezone.now())
