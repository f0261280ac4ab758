"""A person's life in Bedside after they are created: deactivated and
reactivated, unlocked after too many failed sign-ins, and sent a one-time
link to set a new password. The same for the pages, the CLI and the API.

Deactivating someone ends every session and API token they hold at once;
their history (replies, approvals, audit entries) stays theirs. Nobody can
deactivate or demote the last active administrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from bedside.workspace import audit, lockout, people
from bedside.workspace.models import ApiToken, SignInCounter
from bedside.workspace.permissions import role_of
from bedside.workspace.sso import local


def _fresh(user: Any) -> Any:
    """The person as stored now: a role changed by another request (or
    another call) must count, not the one cached on this object."""
    return get_user_model().objects.select_related("member").get(pk=user.pk)


class LifecycleError(ValueError):
    """What cannot be done to this person, in one sentence for a person."""


def end_sessions(user: Any) -> int:
    """Delete the database sessions signed in as ``user``. Sessions carry the
    user id only inside their encoded data, so each live one is decoded:
    fine for a hospital's team, and only done when someone is deactivated."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def deactivate(user: Any, *, by: Any = None, request: Any = None, reason: str = "") -> dict[str, int]:
    if not user.is_active:
        raise LifecycleError(f"{user.get_username()} is already deactivated.")
    if by is not None and getattr(by, "pk", None) == user.pk:
        raise LifecycleError("You cannot deactivate yourself; ask another administrator.")
    stored = _fresh(user)
    if not people.another_admin_remains(stored, role_of(stored) or "", active=False):
        raise LifecycleError(f"{user.get_username()} is the last active administrator: make someone else an "
                             "administrator first.")
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
    user.is_active = False
    user.save(update_fields=["is_active"])  # the post_save signal revokes every token they hold
    sessions = end_sessions(user)
    done = {"sessions_ended": sessions, "tokens_revoked": tokens}
    audit.record("user_deactivated", user, actor=by, request=request, detail={**done, "reason": reason[:200]})
    return done


@transaction.atomic
def reactivate(user: Any, *, by: Any = None, request: Any = None) -> None:
    if user.is_active:
        raise LifecycleError(f"{user.get_username()} is already active.")
    user.is_active = True
    user.save(update_fields=["is_active"])
    # Their old tokens stay revoked: a returning person makes new ones.
    audit.record("user_reactivated", user, actor=by, request=request)


@dataclass(frozen=True)
class Locked:
    username: str
    attempts: int
    since: datetime
    until: datetime


def locked_out() -> list[Locked]:
    """Who cannot sign in now because of failed attempts, and until when."""
    window = timezone.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    start = timezone.now() - window
    rows = SignInCounter.objects.filter(attempts__gte=settings.LOGIN_LOCKOUT_ATTEMPTS, window_started_at__gte=start)
    return [Locked(r.username, r.attempts, r.window_started_at, r.window_started_at + window)
            for r in rows.order_by("username")]


def unlock(username: str, *, by: Any = None, request: Any = None) -> None:
    if not lockout.is_locked(username):
        raise LifecycleError(f"{username} is not locked out.")
    lockout.clear(username)
    user = get_user_model().objects.filter(username__iexact=username).first()
    audit.record("user_unlocked", user, actor=by, request=request,
                 object_type="" if user else "auth.user", object_id="" if user else username)


def reset_link(user: Any, *, by: Any = None, request: Any = None) -> str:
    """A one-time address to set a new password. It stops working once used
    (the password changes), once the person signs in, or after
    PASSWORD_RESET_TIMEOUT; it is shown once to whoever made it, never stored
    or mailed by Bedside."""
    if not user.is_active:
        raise LifecycleError(f"{user.get_username()} is deactivated: reactivate them first.")
    if not local.password_allowed(user.get_username()):
        raise LifecycleError(f"Passwords are turned off here (BEDSIDE_LOCAL_SIGN_IN=false): {user.get_username()} "
                             "signs in through single sign-on.")
    path = reverse("password_reset_confirm", args=[urlsafe_base64_encode(force_bytes(user.pk)),
                                                    default_token_generator.make_token(user)])
    audit.record("password_reset_link_made", user, actor=by, request=request)
    return settings.PUBLIC_URL + path


def set_role(user: Any, role: str, *, by: Any = None, request: Any = None) -> None:
    from bedside.workspace.models import Member
    from bedside.workspace.roles import Role

    try:
        role = Role(role).value
    except ValueError:
        raise LifecycleError(f"unknown role {role!r}: expected one of {', '.join(r.value for r in Role)}") from None
    with transaction.atomic():
        if not people.another_admin_remains(_fresh(user), role):
            raise LifecycleError(f"{user.get_username()} is the last administrator: make someone else an "
                                 "administrator first.")
        member, _ = Member.objects.get_or_create(user=user)
        member.role = role
        member.save(update_fields=["role"])
        audit.record("role_changed", user, actor=by, request=request, detail={"role": role})
