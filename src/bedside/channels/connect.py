"""OAuth connect for the networks whose clients offer it.

A client that defines ``authorize_url`` and ``exchange_code`` can be connected
(X, Facebook, Instagram, YouTube, Pinterest, Reddit, Mastodon, Google). The
``state`` sent to the network is signed (channel, person, nonce) and expires;
the nonce is single-use, kept in the session with the PKCE verifier X needs.
The app's client id and secret come from ``BEDSIDE_<NETWORK>_CLIENT_ID`` and
``_CLIENT_SECRET``, except on Mastodon, where each instance issues its own.
"""

from __future__ import annotations

import inspect
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse

from bedside.channels import credentials
from bedside.channels.models import Channel
from bedside.networks.base import Credentials, NetworkClient
from bedside.networks.errors import NetworkError
from bedside.networks.oauth import new_code_verifier
from bedside.networks.registry import NETWORKS, client_class
from bedside.workspace import audit

SALT = "bedside.sync.oauth"
MAX_AGE = 15 * 60  # seconds a person has to sign in at the network


class ConnectError(Exception):
    """Why connecting did not work, in words for the person connecting."""


def supports(channel: Channel) -> bool:
    cls = client_class(channel.network)
    return callable(getattr(cls, "authorize_url", None)) and callable(getattr(cls, "exchange_code", None))


def redirect_uri(request: HttpRequest, network: str) -> str:
    return request.build_absolute_uri(reverse("oauth_callback", args=[network]))


def start(request: HttpRequest, channel: Channel) -> str:
    """The network's sign-in address for ``channel``."""
    if not supports(channel):
        raise ConnectError(f"{NETWORKS[channel.network]} has no connect flow: enter a token instead")
    client = credentials.client_for(channel)
    callback = redirect_uri(request, channel.network)
    try:
        if not client.credentials.client_id and callable(getattr(client, "register_app", None)):
            _register_app(request, channel, client, callback)
        if not client.credentials.client_id:
            prefix = f"BEDSIDE_{channel.network.upper()}_"
            raise ConnectError(
                f"Connecting {NETWORKS[channel.network]} accounts needs the app's {prefix}CLIENT_ID and "
                f"{prefix}CLIENT_SECRET (from the network's developer console), with {callback} as its redirect URI."
            )
        nonce = secrets.token_urlsafe(16)
        extra = _extra_arguments(client.authorize_url, channel)
        if "code_verifier" in extra:
            extra["code_verifier"] = new_code_verifier()
        request.session[f"oauth:{nonce}"] = {"channel": channel.pk, "code_verifier": extra.get("code_verifier", "")}
        state = signing.dumps({"c": channel.pk, "u": request.user.pk, "n": nonce}, salt=SALT)
        return client.authorize_url(client.credentials.client_id, callback, state, **extra)
    except NetworkError as exc:
        raise ConnectError(str(exc)) from exc


def finish(request: HttpRequest, network: str) -> Channel:
    """Check the callback, trade its code for a token and store it."""
    if request.GET.get("error"):
        reason = request.GET.get("error_description") or request.GET["error"]
        raise ConnectError(f"{NETWORKS.get(network, network)} did not grant access: {reason}")
    try:
        state = signing.loads(request.GET.get("state", ""), salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise ConnectError("The connect link expired; start again from the channel page.") from None
    except signing.BadSignature:
        raise ConnectError("The answer from the network did not carry a valid state; start again.") from None
    pending = request.session.pop(f"oauth:{state.get('n')}", None)
    channel = Channel.objects.filter(pk=state.get("c")).first()
    if pending is None or channel is None or state.get("u") != request.user.pk or channel.network != network:
        raise ConnectError("This connect answer was already used or belongs to another sign-in; start again.")
    code = request.GET.get("code", "")
    if not code:
        raise ConnectError(f"{NETWORKS[network]} answered without a code; start again.")
    client = credentials.client_for(channel)
    try:
        extra = _extra_arguments(client.exchange_code, channel)
        if "code_verifier" in extra:
            extra["code_verifier"] = pending.get("code_verifier", "")
        granted = client.exchange_code(code, redirect_uri(request, network), **extra)
        granted = _after_exchange(client, channel, granted)
    except NetworkError as exc:
        raise ConnectError(f"Connecting failed: {exc}") from exc
    # The app's id and secret stay where they came from (settings or the
    # Mastodon registration); the channel keeps its own token and grant.
    credentials.save(channel, Credentials(token=granted.token, extra=granted.extra), how="oauth", request=request)
    return channel


def _extra_arguments(method: Any, channel: Channel) -> dict[str, Any]:
    """Keyword-only arguments a client's OAuth methods need: the Mastodon
    handle (to find its instance) and X's PKCE verifier."""
    names = {n for n, p in inspect.signature(method).parameters.items() if p.kind is p.KEYWORD_ONLY}
    found: dict[str, Any] = {}
    if "handle" in names:
        found["handle"] = channel.handle
    if "code_verifier" in names:
        found["code_verifier"] = ""
    return found


def _register_app(request: HttpRequest, channel: Channel, client: NetworkClient, callback: str) -> None:
    app = client.register_app(channel.handle, settings.SITE_NAME, callback)  # type: ignore[attr-defined]
    merged = credentials.stored(channel)
    merged = Credentials(token=merged.token, client_id=app.client_id, client_secret=app.client_secret,
                         extra=merged.extra)
    Channel.objects.filter(pk=channel.pk).update(credentials=credentials.as_dict(merged))
    channel.credentials = credentials.as_dict(merged)
    audit.record("channel_oauth_app_registered", channel, request=request)
    client.credentials = credentials.credentials_for(channel)


def _after_exchange(client: NetworkClient, channel: Channel, granted: Credentials) -> Credentials:
    """Facebook Login gives a short-lived user token: trade it for a long-lived
    one, then for the Page's own token (or the linked Instagram account)."""
    long_lived = getattr(client, "long_lived", None)
    if callable(long_lived):
        granted = long_lived(granted)
    pages = getattr(client, "pages", None)
    if not callable(pages):
        return granted
    client.credentials = granted
    found = pages()
    wanted = channel.handle.lower().replace(" ", "")
    if channel.network == "facebook":
        for page in found:
            if wanted in (page["id"], page["name"].lower().replace(" ", "")) and page["access_token"]:
                return Credentials(token=page["access_token"], extra={**granted.extra, "page_id": page["id"]})
        return granted
    linked = [page for page in found if page.get("instagram_user_id")]
    if len(linked) == 1:
        return Credentials(token=granted.token, extra={**granted.extra, "ig_user_id": linked[0]["instagram_user_id"]})
    return granted
