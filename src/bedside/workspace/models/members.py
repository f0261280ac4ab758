"""People who use Bedside: their role, API tokens and failed logins."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from bedside.workspace.roles import Role

ROLE_CHOICES = [(r.value, r.label) for r in Role]


class Member(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member")
    role = models.CharField(max_length=20, choices=ROLE_CHOICES, default=Role.VIEWER)
    on_call = models.BooleanField(default=False, help_text="Alerted at once about crisis messages.")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A bearer token for the REST API; only its SHA-256 is stored.

    The raw value is shown once, on the response to the request that made it,
    and kept nowhere (not in the session either). Tokens expire, and are
    revoked (kept, so the API can say "revoked" rather than "unknown") when
    their owner's password changes or the owner is deactivated.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="First characters, to tell tokens apart.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: models.Model, name: str, *, days: int | None = None) -> tuple[ApiToken, str]:
        """Create a token; the raw value is returned once and never stored."""
        raw = "bsd_" + secrets.token_urlsafe(32)
        lifetime = settings.API_TOKEN_DAYS if days is None else days
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[:10],
            digest=cls.digest_of(raw),
            expires_at=timezone.now() + timedelta(days=lifetime),
        )
        return token, raw

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @classmethod
    def revoke_all_of(cls, user: models.Model, reason: str) -> int:
        return cls.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason
        )


class LoginAttempt(models.Model):
    """A failed login, kept to lock out guessing; pruned as it ages."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} from {self.ip} at {self.at:%Y-%m-%d %H:%M}"


class SignInCounter(models.Model):
    """Attempts at one username in the current lockout window, counted with a
    conditional UPDATE before each password check (see workspace/lockout.py)."""

    username = models.CharField(max_length=150, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.username}: {self.attempts} since {self.window_started_at:%Y-%m-%d %H:%M}"
