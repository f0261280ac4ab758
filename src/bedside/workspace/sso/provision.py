"""The one place a sign-in by the identity provider becomes a Bedside person.

Found by the provider's issuer and subject (models.SsoIdentity); on a first
sign-in, an existing account with the same username is linked (people who
had a password before single sign-on was turned on keep their history), or a
new one is made just in time with an unusable password. Deactivated people
are refused; roles follow the groups when a role map is set, through
lifecycle.set_role so the last administrator is never demoted. Every refusal
is audited as a failed sign-in with its reason; the sign-in itself is audited
by the user_logged_in signal, as for a password.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from bedside.workspace import audit, lifecycle, people
from bedside.workspace.models import SsoIdentity
from bedside.workspace.permissions import role_of
from bedside.workspace.sso import local, mapping

logger = logging.getLogger(__name__)

PROTOCOL_NAMES = {"oidc": "OpenID Connect", "saml": "SAML"}


@dataclass(frozen=True)
class Assertion:
    """What the identity provider said about the person, once verified."""

    protocol: str  # "oidc" or "saml"
    issuer: str
    subject: str
    username: str
    email: str = ""
    groups: tuple[str, ...] = ()


class SignInRefused(Exception):
    """A sign-in that Bedside will not accept, or one that could not be
    verified: the message is shown to the person on the sign-in page; the
    reason (and the person, when known) goes to the audit log."""

    def __init__(
        self, message: str, *, reason: str = "", user: Any = None, detail: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.reason = reason or message
        self.user = user
        self.detail = detail or {}
        self.recorded = False


def record_refusal(exc: SignInRefused, *, protocol: str, request: Any = None) -> None:
    """Audit a refused single sign-on as a failed sign-in, with its reason (once)."""
    if exc.recorded:
        return
    exc.recorded = True
    user = exc.user
    audit.record(
        "login_failed",
        user,
        request=request,
        actor=user.get_username() if user is not None else f"single sign-on ({protocol})",
        object_type="" if user is not None else "auth.user",
        detail={"via": protocol, "reason": exc.reason[:300], **exc.detail},
    )


def role_map() -> dict[str, mapping.Role]:
    return mapping.parse_role_map(settings.SSO_ROLE_MAP)


def _by_label(protocol: str) -> str:
    return f"single sign-on ({protocol})"


def sign_in(found: Assertion, *, request: Any = None) -> Any:
    """The person ``found`` describes, created or updated; SignInRefused
    (audited) otherwise."""
    try:
        return _sign_in(found, request)
    except SignInRefused as exc:
        record_refusal(exc, protocol=found.protocol, request=request)
        raise


def _sign_in(found: Assertion, request: Any) -> Any:
    protocol = found.protocol
    if not found.subject:
        raise SignInRefused(
            "The identity provider did not say who you are (no subject): the sign-in was refused."
        )
    if not found.username.strip():
        raise SignInRefused(
            "The identity provider sent no username for you: ask IT to check Bedside's single sign-on "
            "settings (the username claim or attribute).",
            reason="no username in the assertion",
        )
    roles = role_map()
    mapped = mapping.role_for(found.groups, roles)
    if mapped is None and settings.SSO_REQUIRE_MAPPED_GROUP:
        raise SignInRefused(
            "You are not in a group that may use Bedside: ask IT to add you to one.",
            reason="in no mapped group",
            detail={"username": found.username[:150]},
        )
    with transaction.atomic():
        user, created = _find_or_create(found, mapped, request)
    if not user.is_active:
        raise SignInRefused(
            "Your Bedside account is deactivated: ask an administrator to reactivate it.",
            user=user,
            reason="account deactivated",
        )
    _sync_role(user, roles, mapped, created=created, protocol=protocol)
    if found.email and user.email != found.email:
        user.email = found.email[:254]
        user.save(update_fields=["email"])
    SsoIdentity.objects.filter(
        user=user, protocol=protocol, issuer=found.issuer, subject=found.subject
    ).update(last_sign_in_at=timezone.now())
    return user


def _find_or_create(found: Assertion, mapped: mapping.Role | None, request: Any) -> tuple[Any, bool]:
    identity = (
        SsoIdentity.objects.select_related("user")
        .filter(protocol=found.protocol, issuer=found.issuer, subject=found.subject)
        .first()
    )
    if identity is not None:
        return identity.user, False
    username = found.username.strip()[:150]
    if local.is_break_glass(username):
        raise SignInRefused(
            "The break-glass administrator signs in with its password only, never through single sign-on.",
            reason="break-glass account",
        )
    existing = get_user_model().objects.filter(username__iexact=username).first()
    if existing is not None:
        if existing.sso_identities.filter(protocol=found.protocol, issuer=found.issuer).exists():
            # The provider gave this name to someone else before: never hand
            # one person's account and history to another.
            raise SignInRefused(
                f"Bedside's account {existing.get_username()} belongs to another person at your "
                "identity provider: an administrator must resolve it.",
                user=existing,
                reason="username linked to another subject",
            )
        _link(existing, found)
        audit.record(
            "sso_identity_linked",
            existing,
            actor=_by_label(found.protocol),
            request=request,
            detail={"via": found.protocol, "issuer": found.issuer[:200]},
        )
        return existing, False
    user = people.create_user(
        username,
        None,
        mapped or mapping.LEAST_PRIVILEGED,
        email=found.email[:254],
        request=request,
        actor_label=_by_label(found.protocol),
    )
    _link(user, found)
    return user, True


def _link(user: Any, found: Assertion) -> None:
    try:
        with transaction.atomic():
            SsoIdentity.objects.create(
                user=user, protocol=found.protocol, issuer=found.issuer, subject=found.subject
            )
    except IntegrityError:
        pass  # a parallel first sign-in of the same person linked it already


def _sync_role(
    user: Any, roles: dict[str, mapping.Role], mapped: mapping.Role | None, *, created: bool, protocol: str
) -> None:
    """With a role map, the identity provider's groups decide the role at every
    sign-in (someone removed from the admins' group stops being one); without
    one, roles are managed in Bedside and a new person starts least privileged."""
    current = role_of(user)
    if roles:
        wanted = (mapped or mapping.LEAST_PRIVILEGED).value
    elif current is None:
        wanted = mapping.LEAST_PRIVILEGED.value
    else:
        return
    if created or current == wanted:
        return
    try:
        lifecycle.set_role(user, wanted, by=_by_label(protocol))
    except lifecycle.LifecycleError as exc:
        logger.warning("single sign-on kept %s's role: %s", user.get_username(), exc)
