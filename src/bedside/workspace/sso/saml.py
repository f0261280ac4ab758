"""SAML 2.0 sign-in (ADFS and older identity providers) through djangosaml2
and pysaml2, which checks signatures with Debian's xmlsec1.

Bedside is the service provider: its metadata is at ``/saml2/metadata/``, the
provider posts to ``/saml2/acs/``. Assertions must be signed, answer a request
Bedside made, be addressed to Bedside (audience) and be within their validity
window; pysaml2 checks each, and a failure is shown as a sentence saying
which. The identity provider's metadata comes from ``BEDSIDE_SAML_IDP_METADATA_URL``
(refetched every ten minutes) or ``BEDSIDE_SAML_IDP_METADATA_FILE``.
"""

from __future__ import annotations

import copy
import shutil
import threading
import time
from typing import Any

import saml2
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from djangosaml2 import views as saml_views
from saml2.config import SPConfig
from saml2.response import IncorrectlySigned, StatusError, UnsolicitedResponse
from saml2.sigver import SignatureError
from saml2.validate import ResponseLifetimeExceed, ToEarly

from bedside.workspace.sso import mapping
from bedside.workspace.sso.provision import Assertion, SignInRefused, record_refusal, sign_in

CONFIG_SECONDS = 600
# Clocks drift between the provider and Bedside: a minute either way.
CLOCK_SKEW_SECONDS = 60

_configs: dict[tuple[Any, ...], tuple[float, SPConfig]] = {}
_lock = threading.Lock()


def configured() -> bool:
    return bool(settings.SAML_IDP_METADATA_URL or settings.SAML_IDP_METADATA_FILE)


def _base_url(request: HttpRequest | None) -> str:
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL
    return request.build_absolute_uri("/").rstrip("/") if request is not None else "http://127.0.0.1:8000"


def sp_config_dict(base_url: str) -> dict[str, Any]:
    """pysaml2's service-provider configuration, from Bedside's settings."""
    if settings.SAML_IDP_METADATA_URL:
        metadata: dict[str, Any] = {"remote": [{"url": settings.SAML_IDP_METADATA_URL}]}
    else:
        metadata = {"local": [settings.SAML_IDP_METADATA_FILE]}
    signing = bool(settings.SAML_SP_KEY_FILE and settings.SAML_SP_CERT_FILE)
    config: dict[str, Any] = {
        "entityid": settings.SAML_SP_ENTITY_ID or f"{base_url}{reverse('saml2_metadata')}",
        "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
        "allow_unknown_attributes": True,
        "accepted_time_diff": CLOCK_SKEW_SECONDS,
        "metadata": metadata,
        "service": {
            "sp": {
                "name": settings.SITE_NAME,
                "endpoints": {
                    "assertion_consumer_service": [
                        (f"{base_url}{reverse('saml2_acs')}", saml2.BINDING_HTTP_POST)
                    ],
                },
                "want_assertions_signed": True,
                "want_response_signed": False,
                "allow_unsolicited": False,
                "authn_requests_signed": signing,
                "logout_requests_signed": signing,
            }
        },
    }
    if signing:
        config["key_file"] = settings.SAML_SP_KEY_FILE
        config["cert_file"] = settings.SAML_SP_CERT_FILE
    return config


def config_loader(request: HttpRequest | None = None) -> SPConfig:
    """djangosaml2's SAML_CONFIG_LOADER: built from the settings, and kept ten
    minutes so the provider's metadata is not fetched on every sign-in."""
    if not configured():
        raise Http404("SAML sign-in is not set up here.")
    base = _base_url(request)
    key = (
        base,
        settings.SAML_IDP_METADATA_URL,
        settings.SAML_IDP_METADATA_FILE,
        settings.SAML_SP_ENTITY_ID,
        settings.SAML_SP_KEY_FILE,
        settings.SAML_SP_CERT_FILE,
    )
    with _lock:
        cached = _configs.get(key)
        if cached and time.monotonic() - cached[0] < CONFIG_SECONDS:
            return cached[1]
    config = SPConfig()
    config.load(copy.deepcopy(sp_config_dict(base)))
    with _lock:
        _configs[key] = (time.monotonic(), config)
    return config


def forget_configs() -> None:
    with _lock:
        _configs.clear()


def _first(values: Any) -> str:
    found = mapping.as_groups(values)
    return found[0].strip() if found else ""


def assertion_from(session_info: dict[str, Any]) -> Assertion:
    attributes = session_info.get("ava") or {}
    name_id = session_info.get("name_id")
    subject = getattr(name_id, "text", None) or ""
    if settings.SAML_USERNAME_ATTRIBUTE:
        username = _first(attributes.get(settings.SAML_USERNAME_ATTRIBUTE))
        if not username:
            sent = ", ".join(sorted(attributes)) or "none"
            raise SignInRefused(
                "The identity provider sent no username for you: ask IT to check Bedside's "
                "single sign-on settings.",
                reason=f"no {settings.SAML_USERNAME_ATTRIBUTE!r} attribute (sent: {sent})"[:300],
            )
    else:
        username = subject.strip()
    return Assertion(
        protocol="saml",
        issuer=str(session_info.get("issuer") or ""),
        subject=subject,
        username=username,
        email=_first(attributes.get(settings.SAML_EMAIL_ATTRIBUTE)),
        groups=mapping.as_groups(attributes.get(settings.SAML_GROUPS_ATTRIBUTE)),
    )


class Backend(ModelBackend):
    """Signs in the person of a verified assertion (djangosaml2's ACS view
    calls it through django.contrib.auth.authenticate)."""

    def authenticate(self, request: Any, session_info: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        if session_info is None or not configured():
            return None
        return sign_in(assertion_from(session_info), request=request)


def _explain(exception: Any) -> tuple[str, str]:
    """(the sentence for the person, the reason for the audit log)."""
    if isinstance(exception, (SignatureError, IncorrectlySigned)):
        return (
            "The identity provider's signature on this sign-in did not verify, so it was refused. If IT changed "
            "the provider's certificate, Bedside needs its new metadata.",
            "signature invalid or missing",
        )
    if isinstance(exception, ResponseLifetimeExceed):
        return (
            "This sign-in has expired (the identity provider's answer is valid for a few minutes only): start "
            "again. If this repeats, check this server's clock.",
            "assertion expired",
        )
    if isinstance(exception, ToEarly):
        return (
            "The identity provider's answer is not valid yet: check this server's clock.",
            "assertion not yet valid",
        )
    if isinstance(exception, UnsolicitedResponse):
        return (
            "Bedside did not ask for this sign-in, or it was used already: start again from Bedside's sign-in "
            "page.",
            "unsolicited or replayed response",
        )
    if isinstance(exception, StatusError):
        return (
            "Your identity provider did not sign you in: " + (str(exception) or type(exception).__name__),
            f"identity provider status {type(exception).__name__}",
        )
    if "AudienceRestriction" in str(exception):
        return (
            "This sign-in was issued for another application, not Bedside (audience): it was refused.",
            "audience is not Bedside's entity id",
        )
    return (
        "The identity provider's answer could not be verified, so the sign-in was refused: start again, or "
        "tell IT if it repeats.",
        f"SAML response refused: {type(exception).__name__}: {exception}"[:300],
    )


def acs_failure(
    request: HttpRequest, exception: Any = None, status: int = 403, **kwargs: Any
) -> HttpResponse:
    """djangosaml2's SAML_ACS_FAILURE_RESPONSE_FUNCTION: the sign-in page's
    look, with one sentence saying what went wrong."""
    cause = getattr(exception, "__cause__", None)
    if isinstance(cause, SignInRefused):
        refused = cause
    else:
        message, reason = _explain(exception)
        refused = SignInRefused(message, reason=reason)
    record_refusal(refused, protocol="saml", request=request)
    return render(request, "workspace/sso_failed.html", {"message": str(refused)}, status=status)


class Acs(saml_views.AssertionConsumerServiceView):
    def authenticate_user(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().authenticate_user(request, *args, **kwargs)
        except SignInRefused as exc:
            raise PermissionDenied(str(exc)) from exc


class Login(saml_views.LoginView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not configured():
            raise Http404("SAML sign-in is not set up here.")
        try:
            return super().get(request, *args, **kwargs)
        except Exception as exc:  # the provider's metadata could not be fetched or read
            refused = SignInRefused(
                "Bedside could not read your identity provider's SAML metadata: tell IT.",
                reason=f"metadata: {type(exc).__name__}: {exc}"[:300],
            )
            record_refusal(refused, protocol="saml", request=request)
            return render(request, "workspace/sso_failed.html", {"message": str(refused)}, status=502)


login = Login.as_view()
acs = Acs.as_view()
metadata = saml_views.MetadataView.as_view()
