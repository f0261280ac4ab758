"""Lock an account out after repeated failed sign-ins.

Counted per username (any address) so a slow distributed guess is still
stopped; a successful sign-in clears the count.

Every sign-in *reserves* an attempt before its password is checked, with one
conditional UPDATE (``attempts < limit``) that the database runs atomically.
Checking first and counting afterwards let 16 parallel sign-ins each see
"not locked yet" and check 8 to 14 passwords against a limit of 5; now at
most ``LOGIN_LOCKOUT_ATTEMPTS`` passwords are ever checked per window, however
many requests arrive at once, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bedside.workspace.models import LoginAttempt, SignInCounter


def _window_start() -> datetime:
    return timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def reserve(username: str) -> bool:
    """Count one attempt for ``username`` before its password is checked.

    False when the account is locked: the password must then not be checked.
    """
    key = _key(username)
    now = timezone.now()
    try:
        with transaction.atomic():
            SignInCounter.objects.get_or_create(username=key, defaults={"window_started_at": now})
    except IntegrityError:
        pass  # another request created it first: the row exists, which is all we need
    # A window that has passed starts again; conditional, so only one request resets it.
    SignInCounter.objects.filter(username=key, window_started_at__lt=_window_start()).update(
        attempts=0, window_started_at=now
    )
    taken = SignInCounter.objects.filter(username=key, attempts__lt=settings.LOGIN_LOCKOUT_ATTEMPTS).update(
        attempts=F("attempts") + 1
    )
    return taken == 1


def is_locked(username: str) -> bool:
    """Whether the next attempt would be refused (for display; `reserve` decides)."""
    return SignInCounter.objects.filter(
        username=_key(username),
        attempts__gte=settings.LOGIN_LOCKOUT_ATTEMPTS,
        window_started_at__gte=_window_start(),
    ).exists()


def note_failure(username: str, ip: str | None) -> None:
    """Keep a row per failure (who tried, from where) for administrators; the
    lockout itself counts in `reserve`."""
    LoginAttempt.objects.create(username=_key(username), ip=ip)
    # Keep the table small: anything older than the window no longer counts.
    LoginAttempt.objects.filter(at__lt=_window_start() - timedelta(days=1)).delete()
    SignInCounter.objects.filter(window_started_at__lt=_window_start() - timedelta(days=1)).delete()


def clear(username: str, ip: str | None = None) -> None:
    key = _key(username)
    SignInCounter.objects.filter(username=key).update(attempts=0, window_started_at=timezone.now())
    LoginAttempt.objects.filter(username=key).delete()
