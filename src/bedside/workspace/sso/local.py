"""Who may still sign in with a password.

With ``BEDSIDE_LOCAL_SIGN_IN=false`` the hospital's identity provider is the
only way in, except for the one break-glass administrator named in
``BEDSIDE_BREAK_GLASS_ADMIN``: the account IT uses when the identity provider
is down or misconfigured. Two-factor (workspace/twofactor.py) applies to
password sign-ins only; the identity provider does its own.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from bedside.workspace import audit

OFF_MESSAGE = (
    "Signing in with a password is turned off here: use your organization's single sign-on button above."
)


def break_glass_name() -> str:
    return settings.BREAK_GLASS_ADMIN


def is_break_glass(username: str) -> bool:
    name = break_glass_name()
    return bool(name) and username.strip().casefold() == name.casefold()


def password_allowed(username: str) -> bool:
    return settings.LOCAL_SIGN_IN or is_break_glass(username)


def record_refused(username: str, request: Any) -> None:
    """Audit a password sign-in refused because passwords are off. As for a
    wrong password, only an account that exists is named: people type their
    password into the username field by mistake."""
    user = get_user_model().objects.filter(username__iexact=username.strip()).first()
    audit.record(
        "login_failed",
        user,
        request=request,
        actor=user.get_username() if user else "unknown user",
        object_type="auth.user",
        detail={"via": "password", "reason": "password sign-in is off"},
    )
