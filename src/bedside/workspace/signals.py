"""Log-ins, log-outs and failed log-ins go to the audit log; every database
connection learns whether the audit log's triggers are in maintenance mode."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.backends.signals import connection_created
from django.db.models.signals import post_save
from django.dispatch import receiver

from bedside.workspace import audit, audit_prune, lockout
from bedside.workspace.sso import local

# How a person signed in, by the backend Django records on the user.
SIGN_IN_VIA = {
    "bedside.workspace.sso.oidc.Backend": "oidc",
    "bedside.workspace.sso.saml.Backend": "saml",
}


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    lockout.clear(user.get_username(), audit.client_ip(request))
    via = SIGN_IN_VIA.get(getattr(user, "backend", "") or "", "password")
    detail: dict[str, Any] = {"via": via}
    if via == "password" and local.is_break_glass(user.get_username()):
        # Loud on purpose: the one account that gets in without the identity provider.
        detail["break_glass"] = True
    audit.record("login", user, request=request, actor=user, detail=detail)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record("logout", user, request=request, actor=user)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    if "username" not in credentials:
        return  # single sign-on records its own refusals, with the reason (workspace/sso/provision.py)
    username = str(credentials.get("username", ""))[:150]
    ip = audit.client_ip(request)
    lockout.note_failure(username, ip)
    # People type their password into the username field by mistake; the
    # append-only log would keep it for ever. Name only accounts that exist.
    user = get_user_model().objects.filter(username__iexact=username.strip()).first() if username else None
    if user is None:
        audit.record("login_failed", request=request, actor="unknown user", object_type="auth.user",
                     detail={"reason": "no account with the name typed (not recorded)"})
        return
    audit.record(
        "login_failed",
        user,
        request=request,
        actor=user.get_username(),
        object_repr=user.get_username(),
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _deactivated(sender: Any, instance: Any, **kwargs: Any) -> None:
    # A deactivated person's API tokens stop working for good, even if the
    # account is reactivated later (they make new ones).
    if not instance.is_active:
        from bedside.workspace.models import ApiToken

        ApiToken.revoke_all_of(instance, "its owner was deactivated")


@receiver(connection_created)
def _audit_guard(sender: Any, connection: Any, **kwargs: Any) -> None:
    # See migration 0002: the append-only triggers consult this.
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "bedside_audit_locked", 0, lambda: 0 if settings.AUDIT_LOG_MAINTENANCE else 1
        )
        # See migration 0012: yes only for the entries bedside.workspace.audit_prune
        # is deleting on this very connection, after writing their prune point.
        connection.connection.create_function(
            "bedside_audit_may_prune", 1, lambda entry_id: int(audit_prune.may_prune(connection, entry_id))
        )
    elif connection.vendor == "postgresql" and settings.AUDIT_LOG_MAINTENANCE:
        with connection.cursor() as cursor:
            cursor.execute("SET bedside.audit_maintenance = 'on'")
