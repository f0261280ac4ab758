"""Google's OAuth 2.0, shared by the clients of Google APIs (YouTube, Google
Business Profile): one consent screen, one token endpoint, their own scopes.

https://developers.google.com/identity/protocols/oauth2/web-server
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from .base import Credentials
from .oauth import build_authorize_url, refresh_token_of, request_token

AUTHORIZE_URL = "https://accounts.google.com/o/oauth2/v2/auth"
TOKEN_URL = "https://oauth2.googleapis.com/token"


class GoogleOAuth:
    """Mixed into a NetworkClient whose API is Google's."""

    oauth_scopes: ClassVar[tuple[str, ...]] = ()

    @property
    def token_url(self) -> str:
        # A stand-in (or a proxy) in place of the API answers the token call too.
        return TOKEN_URL if self.base_url == self.default_base_url else self.url("/token")  # type: ignore[attr-defined]

    def authorize_url(
        self, client_id: str, redirect_uri: str, state: str, scopes: Iterable[str] | None = None
    ) -> str:
        # offline + consent: Google returns a refresh token only when asked this way.
        return build_authorize_url(
            AUTHORIZE_URL, client_id=client_id, redirect_uri=redirect_uri, state=state,
            scopes=self.oauth_scopes if scopes is None else scopes,
            extra={"access_type": "offline", "prompt": "consent", "include_granted_scopes": "true"},
        )

    def exchange_code(self, code: str, redirect_uri: str) -> Credentials:
        credentials: Credentials = self.credentials  # type: ignore[attr-defined]
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
        }
        return request_token(self.http, self.token_url, form, base=credentials)  # type: ignore[attr-defined]

    def refresh(self, credentials: Credentials) -> Credentials:
        form = {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token_of(self.slug, credentials),  # type: ignore[attr-defined]
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
        }
        return request_token(self.http, self.token_url, form, base=credentials)  # type: ignore[attr-defined]
