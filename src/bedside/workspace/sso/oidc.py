"""OpenID Connect sign-in (Entra ID, Okta, Google, Keycloak) through
mozilla-django-oidc: the authorization code flow with PKCE, state and nonce.

What the library leaves to us, done here: the provider's endpoints from its
discovery document (``BEDSIDE_OIDC_ISSUER`` + ``/.well-known/openid-configuration``),
the ID token's issuer, audience, expiry and issue time checked by PyJWT (the
library checks its signature and nonce only), the userinfo claims merged
with the ID token's (Entra sends groups in the ID token only), and failures
shown on the sign-in page in a sentence instead of a bare redirect.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from bedside.workspace.sso import mapping
from bedside.workspace.sso.provision import Assertion, SignInRefused, record_refusal, sign_in

logger = logging.getLogger(__name__)

# Clocks drift between the provider and Bedside: a minute either way.
LEEWAY_SECONDS = 60
DISCOVERY_SECONDS = 3600
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}

_discovered: dict[str, tuple[float, dict[str, Any]]] = {}
_lock = threading.Lock()


def configured() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def discovery() -> dict[str, Any]:
    """The provider's discovery document, fetched once an hour at most. Its
    ``issuer`` must be the one configured (OpenID Connect Discovery 1.0, 4.3)."""
    issuer = settings.OIDC_ISSUER
    with _lock:
        cached = _discovered.get(issuer)
        if cached and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
            return cached[1]
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise SignInRefused(
            "Bedside could not reach your identity provider to start the sign-in; try again "
            "in a minute, or tell IT.",
            reason=f"discovery at {url} failed: {exc}"[:300],
        ) from None
    if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer:
        raise SignInRefused(
            "Your identity provider's settings do not match Bedside's (issuer): tell IT.",
            reason=f"discovery issuer {document.get('issuer')!r} is not {issuer!r}"
            if isinstance(document, dict)
            else "discovery document is not a JSON object",
        )
    missing = [
        key for key in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not document.get(key)
    ]
    if missing:
        raise SignInRefused(
            "Your identity provider's settings are incomplete: tell IT.",
            reason=f"discovery document lacks {', '.join(missing)}",
        )
    with _lock:
        _discovered[issuer] = (time.monotonic(), document)
    return document


def _setting(attr: str, *args: Any) -> Any:
    if attr in ENDPOINTS:
        return discovery().get(ENDPOINTS[attr]) or (args[0] if args else None)
    try:
        return getattr(settings, attr, *args)
    except AttributeError:
        raise ImproperlyConfigured(f"Setting {attr} not found") from None


class Backend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, configured lazily: Django builds every
    backend for every sign-in, also where OpenID Connect is not set up."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        ModelBackend.__init__(self)
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return _setting(attr, *args)

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        if request is None or not configured() or "nonce" not in kwargs:
            return None  # a password sign-in, or SAML's
        for attr in ("OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT"):
            setattr(self, attr, _setting(attr, None))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            return super().authenticate(request, **kwargs)
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "no answer"
            raise SignInRefused(
                "Your identity provider did not accept Bedside's sign-in request: start again, "
                "or tell IT if it repeats.",
                reason=f"token or userinfo endpoint: HTTP {status}",
            ) from None
        except requests.RequestException as exc:
            raise SignInRefused(
                "Bedside could not reach your identity provider: try again in a minute, or tell IT.",
                reason=f"identity provider unreachable: {type(exc).__name__}",
            ) from None
        except SuspiciousOperation as exc:
            raise SignInRefused(
                "The identity provider's answer could not be verified, so the sign-in was "
                "refused: start again.",
                reason=str(exc)[:300],
            ) from None

    def get_token(self, payload: dict[str, Any]) -> Any:
        # The same redirect URI as the authorization request (RFC 6749, 4.1.3).
        return super().get_token({**payload, "redirect_uri": callback_url(self.request)})

    def retrieve_matching_jwk(self, token: Any) -> Any:
        try:
            return super().retrieve_matching_jwk(token)
        except (SuspiciousOperation, KeyError):
            raise SignInRefused(
                "The ID token is signed with a key your identity provider does not publish, so "
                "it was refused.",
                reason="no published key matches the ID token's key id",
            ) from None

    def verify_token(self, token: Any, **kwargs: Any) -> Any:
        # The algorithm first, before any key is looked up for it.
        self._check_algorithm(token)
        return super().verify_token(token, **kwargs)

    def _check_algorithm(self, token: Any) -> None:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise SignInRefused(
                "The identity provider sent an ID token Bedside cannot read: the sign-in was refused.",
                reason="ID token is not a JWT",
            ) from None
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SignInRefused(
                f"The ID token is signed with {header.get('alg')!r}, not "
                f"{self.OIDC_RP_SIGN_ALGO} as Bedside expects: the sign-in was refused.",
                reason=f"ID token algorithm {header.get('alg')!r}",
            )

    def _verify_jws(self, payload: Any, key: Any) -> dict[str, Any]:
        self._check_algorithm(payload)
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER,
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
        except jwt.ExpiredSignatureError:
            message, reason = (
                "Your sign-in has expired (the identity provider's ID token is no longer valid): "
                "start again. If this repeats, check this server's clock.",
                "ID token expired",
            )
        except jwt.ImmatureSignatureError:
            message, reason = (
                "The identity provider's ID token is not valid yet: check this server's clock.",
                "ID token issued in the future",
            )
        except jwt.InvalidAudienceError:
            message, reason = (
                "The ID token was issued for another application, not Bedside: the sign-in was refused.",
                "ID token audience is not Bedside's client id",
            )
        except jwt.InvalidIssuerError:
            message, reason = (
                "The ID token comes from another identity provider than the one Bedside trusts: "
                "the sign-in was refused.",
                "ID token issuer is not BEDSIDE_OIDC_ISSUER",
            )
        except jwt.InvalidSignatureError:
            message, reason = (
                "The ID token's signature does not match your identity provider's keys: the "
                "sign-in was refused.",
                "ID token signature invalid",
            )
        except jwt.MissingRequiredClaimError as exc:
            message, reason = (
                f"The ID token has no {exc.claim!r} claim: the sign-in was refused.",
                f"ID token lacks {exc.claim}",
            )
        except jwt.PyJWTError as exc:
            message, reason = ("The ID token was refused: " + str(exc), f"ID token refused: {exc}")
        raise SignInRefused(message, reason=reason)

    def get_userinfo(self, access_token: Any, id_token: Any, payload: dict[str, Any]) -> dict[str, Any]:
        if not self.OIDC_OP_USER_ENDPOINT or not access_token:
            return {}
        return super().get_userinfo(access_token, id_token, payload)

    def get_or_create_user(self, access_token: Any, id_token: Any, payload: dict[str, Any]) -> Any:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") not in (None, payload["sub"]):
            # OpenID Connect Core 5.3.2: otherwise the answer is someone else's.
            raise SignInRefused(
                "The identity provider described someone else than the person who signed in: the "
                "sign-in was refused.",
                reason="userinfo sub differs from the ID token's",
            )
        claims = {**payload, **userinfo}
        return sign_in(assertion_from(claims), request=self.request)

    def get_user(self, user_id: Any) -> Any:
        # ModelBackend's, which refuses a deactivated person's session.
        return ModelBackend.get_user(self, user_id)


def assertion_from(claims: dict[str, Any]) -> Assertion:
    if claims.get("email_verified") is False and settings.OIDC_USERNAME_CLAIM == "email":
        raise SignInRefused(
            "Your identity provider has not verified your e-mail address, which Bedside uses "
            "as your username: the sign-in was refused.",
            reason="email not verified",
        )
    username = claims.get(settings.OIDC_USERNAME_CLAIM)
    if not isinstance(username, str) or not username.strip():
        sent = ", ".join(sorted(k for k in claims if k not in ("nonce", "at_hash", "c_hash")))
        raise SignInRefused(
            "The identity provider sent no username for you: ask IT to check Bedside's single "
            "sign-on settings.",
            reason=f"no {settings.OIDC_USERNAME_CLAIM!r} claim (sent: {sent})"[:300],
        )
    email = claims.get("email") if isinstance(claims.get("email"), str) else ""
    return Assertion(
        protocol="oidc",
        issuer=str(claims["iss"]),
        subject=str(claims["sub"]),
        username=username.strip(),
        email=email or "",
        groups=mapping.as_groups(claims.get(settings.OIDC_GROUPS_CLAIM)),
    )


def callback_url(request: HttpRequest) -> str:
    """The redirect URI registered at the provider. Behind a TLS proxy the
    request may look like plain HTTP, so BEDSIDE_PUBLIC_URL wins when set."""
    path = reverse("oidc_callback")
    return settings.PUBLIC_URL + path if settings.PUBLIC_URL else request.build_absolute_uri(path)


def _back_to_login(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("login")


class Start(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider (state, nonce, PKCE)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return _setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            raise Http404("OpenID Connect sign-in is not set up here.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = _setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except SignInRefused as exc:
            record_refusal(exc, protocol="oidc", request=request)
            return _back_to_login(request, str(exc))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        # Applied after the library's own parameters: replaces its redirect_uri.
        return {"redirect_uri": callback_url(request)}


class Callback(OIDCAuthenticationCallbackView):
    """Where the identity provider sends the browser back with a code."""

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return _setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            raise Http404("OpenID Connect sign-in is not set up here.")
        if request.GET.get("error"):
            said = str(request.GET.get("error_description") or request.GET["error"])[:200]
            record_refusal(
                SignInRefused(said, reason=f"identity provider error: {said}"),
                protocol="oidc",
                request=request,
            )
            states = request.session.get("oidc_states") or {}
            if states.pop(request.GET.get("state", ""), None) is not None:  # never usable again
                request.session["oidc_states"] = states
            return _back_to_login(request, f"Your identity provider did not sign you in: {said}")
        try:
            return super().get(request)
        except SignInRefused as exc:
            record_refusal(exc, protocol="oidc", request=request)
            return _back_to_login(request, str(exc))
        except SuspiciousOperation:  # a state this browser's session does not hold
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        refused = SignInRefused(
            "This sign-in was already used, or began in another browser or too long ago: start again.",
            reason="unknown, reused or expired state",
        )
        record_refusal(refused, protocol="oidc", request=self.request)
        return _back_to_login(self.request, str(refused))


def end_session_url(request: HttpRequest, id_token: str) -> str | None:
    """Where to send the browser so the identity provider ends its session
    too (OpenID Connect RP-Initiated Logout 1.0), or None when it offers no
    end_session_endpoint or cannot be reached: signing out of Bedside never
    waits on the provider, and the local sign-out has already happened."""
    if not configured() or not id_token:
        return None
    try:
        endpoint = discovery().get("end_session_endpoint")
    except SignInRefused:
        return None
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
        return None
    params = {
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        # Registered at the provider beside the callback URL (docs/guide/single-sign-on.md).
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


start = Start.as_view()
callback = Callback.as_view()
