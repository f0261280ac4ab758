"""OAuth 2.0 pieces the network clients share: authorize URLs, PKCE, token calls.

The Django views (connect, callback) call a client's ``authorize_url`` and
``exchange_code``; nothing here knows about requests or sessions. A token
answer becomes a :class:`Credentials` whose ``extra`` keeps the refresh token,
its expiry (ISO 8601, UTC) and the granted scopes.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from .base import Credentials
from .errors import AuthError, PayloadError, PermanentError
from .http import HttpTransport
from .parsing import now


def build_authorize_url(
    endpoint: str,
    *,
    client_id: str,
    redirect_uri: str,
    state: str,
    scopes: Iterable[str],
    scope_separator: str = " ",
    extra: Mapping[str, str] | None = None,
) -> str:
    if not client_id:
        raise ValueError("client_id is required to start an OAuth connect flow")
    if not state:
        raise ValueError("state is required: it is what protects the callback from forgery")
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "state": state,
        "scope": scope_separator.join(scopes),
    }
    params.update(extra or {})
    return f"{endpoint}?{urlencode(params)}"


def new_code_verifier() -> str:
    """A PKCE verifier (RFC 7636): 43+ characters from the unreserved set."""
    return secrets.token_urlsafe(48)


def code_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def basic_auth(client_id: str, client_secret: str) -> dict[str, str]:
    raw = f"{client_id}:{client_secret}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}


def request_token(
    http: HttpTransport,
    url: str,
    form: Mapping[str, Any],
    *,
    base: Credentials,
    headers: Mapping[str, str] | None = None,
    method: str = "POST",
) -> Credentials:
    """Call a token endpoint and turn its answer into :class:`Credentials`.

    ``base`` supplies the client id and secret to carry over, and a refresh
    token to keep when the network does not rotate it.
    """
    try:
        if method == "GET":
            answer = http.get_json(url, params=form, headers=headers)
        else:
            answer = http.post_json(url, data=form, headers=headers)
    except PermanentError as exc:
        if exc.status in (400, 401) and not isinstance(exc, AuthError):
            # RFC 6749 5.2: a bad code or a revoked refresh token is a 400
            # "invalid_grant"; either way a person must connect again.
            raise AuthError(http.network, f"token request refused: {exc.message}", status=exc.status) from exc
        raise
    return credentials_from_token(http.network, answer, base=base)


def credentials_from_token(network: str, answer: Any, *, base: Credentials) -> Credentials:
    if not isinstance(answer, Mapping):
        raise PayloadError(network, "token", "expected an object")
    if "error" in answer and "access_token" not in answer:
        # Some token endpoints answer 200 with an error body (Reddit does).
        raise AuthError(network, f"token request refused: {answer.get('error')}")
    token = answer.get("access_token")
    if not isinstance(token, str) or not token:
        raise PayloadError(network, "token.access_token", "missing")
    extra = dict(base.extra)
    refresh = answer.get("refresh_token")
    if isinstance(refresh, str) and refresh:
        extra["refresh_token"] = refresh
    expires_in = answer.get("expires_in")
    if isinstance(expires_in, int | float) and not isinstance(expires_in, bool):
        extra["expires_at"] = (now() + timedelta(seconds=float(expires_in))).isoformat()
    else:
        extra.pop("expires_at", None)
    scope = answer.get("scope")
    if isinstance(scope, str):
        extra["scope"] = scope
    elif isinstance(scope, list):
        extra["scope"] = " ".join(str(s) for s in scope)
    return Credentials(token=token, client_id=base.client_id, client_secret=base.client_secret, extra=extra)


def refresh_token_of(network: str, credentials: Credentials) -> str:
    token = credentials.extra.get("refresh_token", "")
    if not token:
        raise AuthError(network, "no refresh token stored: the channel needs reconnecting")
    return token
