"""Lock an account out after repeated failed logins.

Counted per username (any address) so a slow distributed guess is still
stopped; a successful login clears the count.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from bedside.workspace.models import LoginAttempt


def note_failure(username: str, ip: str | None) -> None:
    LoginAttempt.objects.create(username=username.lower(), ip=ip)
    # Keep the table small: anything older than the window no longer counts.
    LoginAttempt.objects.filter(at__lt=_window_start() - timedelta(days=1)).delete()


def _window_start() -> timezone.datetime:
    return timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def is_locked(username: str) -> bool:
    recent = LoginAttempt.objects.filter(username=username.lower(), at__gte=_window_start()).count()
    return recent >= settings.LOGIN_LOCKOUT_ATTEMPTS


def clear(username: str, ip: str | None = None) -> None:
    LoginAttempt.objects.filter(username=username.lower()).delete()
