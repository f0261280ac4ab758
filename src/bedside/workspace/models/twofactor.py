from __future__ import annotations

from django.conf import settings
from django.db import models

from bedside.workspace.fields import EncryptedTextField


class TwoFactor(models.Model):
    """A person's authenticator app (TOTP, RFC 6238): the shared secret,
    encrypted, and the last time step used, so a code works once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor")
    secret = EncryptedTextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"two-factor for user {self.user_id} ({'on' if self.confirmed_at else 'being set up'})"
