"""Two-factor sign-in with an authenticator app (TOTP), for local accounts.

pyotp does the RFC 6238 arithmetic and segno draws the QR code as SVG (no
image library, no network): both small, pure Python and maintained. A code is
accepted for the current 30-second step or the one either side (clocks drift),
and only once: the step used is stored, and an older or equal step is refused.
Administrators must set it up when BEDSIDE_ADMIN_2FA is "required" (the
default) and local sign-in is how they sign in.
"""

from __future__ import annotations

import io
import time
from typing import Any

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bedside.workspace import audit
from bedside.workspace.models import TwoFactor
from bedside.workspace.permissions import role_of
from bedside.workspace.roles import Role

ISSUER = "Bedside"
STEP = 30


def new_secret() -> str:
    return pyotp.random_base32()


def uri(user: Any, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER)


def qr_svg(value: str) -> str:
    """The otpauth address as an inline SVG QR code, labelled for screen readers."""
    out = io.BytesIO()
    segno.make(value, error="m").save(out, kind="svg", scale=5, xmldecl=False, svgns=True,
                                       title="QR code for your authenticator app", nl=False)
    return out.getvalue().decode()


def enabled(user: Any) -> bool:
    return TwoFactor.objects.filter(user_id=user.pk, confirmed_at__isnull=False).exists()


def required(user: Any) -> bool:
    # Only for those who sign in with a password: people made by single sign-on
    # have none, and their identity provider asks for its own second factor.
    return settings.ADMIN_2FA == "REQUIRED" and role_of(user) == Role.ADMIN.value and user.has_usable_password()


def _matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = int((at if at is not None else time.time()) // STEP)
    for step in (now, now - 1, now + 1):
        if totp.at(step * STEP) == code:
            return step
    return None


def confirm(user: Any, secret: str, code: str, *, request: Any = None) -> bool:
    """Turn two-factor on once a first code from the app matches."""
    step = _matching_step(secret, code)
    if step is None:
        return False
    with transaction.atomic():
        TwoFactor.objects.update_or_create(user=user, defaults={"secret": secret, "confirmed_at": timezone.now(),
                                                                "last_step": step})
        audit.record("two_factor_enabled", user, actor=user, request=request)
    return True


def verify(user: Any, code: str, *, at: float | None = None) -> bool:
    """Whether ``code`` is good now and unused; a used step cannot be reused
    (one conditional UPDATE, so two requests with the same code cannot both win)."""
    record = TwoFactor.objects.filter(user_id=user.pk, confirmed_at__isnull=False).first()
    if record is None:
        return False
    step = _matching_step(record.secret, code, at)
    if step is None:
        return False
    return TwoFactor.objects.filter(pk=record.pk, last_step__lt=step).update(last_step=step) == 1


def disable(user: Any, *, by: Any = None, request: Any = None) -> None:
    TwoFactor.objects.filter(user_id=user.pk).delete()
    audit.record("two_factor_disabled", user, actor=by or user, request=request)
