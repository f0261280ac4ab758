"""A small OpenID Connect provider on the stand-in server, written from
OpenID Connect Core 1.0 and Discovery 1.0: discovery, authorize (a sign-in
page, or straight back when ``auto_approve``), token (authorization code with
PKCE S256 and client_secret_post), userinfo and JWKS, with ID tokens signed
RS256 by PyJWT. Tests choose who signs in (``person``) and how the provider
misbehaves (``id_token_changes``, ``sign_with_unpublished_key``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.standin.server import Request, Response, StandIn

SLUG = "oidc"


@dataclass
class _Grant:
    claims: dict[str, Any]
    nonce: str
    redirect_uri: str
    code_challenge: str


@dataclass
class OidcProvider:
    standin: StandIn
    client_id: str = "bedside-test-client"
    client_secret: str = "a-test-client-secret-0123456789"
    #: the claims of whoever signs in next (sub is required)
    person: dict[str, Any] = field(default_factory=dict)
    #: claims only the userinfo endpoint sends (Entra: groups in the ID token only)
    userinfo_only: dict[str, Any] = field(default_factory=dict)
    #: merged into the next ID tokens' claims: {"aud": "someone-else"}, {"exp": past}
    id_token_changes: dict[str, Any] = field(default_factory=dict)
    sign_with_unpublished_key: bool = False
    #: "HS256" signs with the client secret: the algorithm-confusion attack
    algorithm: str = "RS256"
    auto_approve: bool = False
    #: whether discovery names an end_session_endpoint (RP-Initiated Logout 1.0)
    offers_logout: bool = True

    def __post_init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._kid = "standin-key-1"
        self._codes: dict[str, _Grant] = {}
        self._tokens: dict[str, dict[str, Any]] = {}
        self.token_requests: list[dict[str, str]] = []
        #: the subjects whose provider session ended, from a valid id_token_hint
        self.logged_out: list[str] = []
        for method, path, handler in (
            ("GET", "/.well-known/openid-configuration", self._discovery),
            ("GET", "/authorize", self._authorize),
            ("POST", "/authorize", self._approve),
            ("POST", "/token", self._token),
            ("GET", "/userinfo", self._userinfo),
            ("GET", "/jwks", self._jwks),
            ("GET", "/logout", self._logout),
        ):
            self.standin.route(SLUG, method, path, handler)

    @property
    def issuer(self) -> str:
        return self.standin.base_url(SLUG)

    def settings_for(self, settings: Any) -> None:
        """Point Bedside (pytest-django's ``settings``) at this provider."""
        settings.OIDC_ISSUER = self.issuer
        settings.OIDC_RP_CLIENT_ID = self.client_id
        settings.OIDC_RP_CLIENT_SECRET = self.client_secret

    # -- endpoints -----------------------------------------------------------
    def _discovery(self, request: Request) -> Response:
        base = self.issuer
        return Response(
            200,
            {
                "issuer": base,
                "authorization_endpoint": f"{base}/authorize",
                "token_endpoint": f"{base}/token",
                "userinfo_endpoint": f"{base}/userinfo",
                "jwks_uri": f"{base}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
                **({"end_session_endpoint": f"{base}/logout"} if self.offers_logout else {}),
            },
        )

    def _authorize(self, request: Request) -> Response:
        q = request.query
        if q.get("client_id") != self.client_id or q.get("response_type") != "code":
            return Response(400, "unknown client or response type", content_type="text/plain")
        if "openid" not in q.get("scope", "").split() or q.get("code_challenge_method") != "S256":
            return Response(400, "openid scope and PKCE S256 are required", content_type="text/plain")
        if self.auto_approve:
            return self._approve(request, q)
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in q.items()
        )
        who = html.escape(str(self.person.get("preferred_username") or self.person.get("email") or "someone"))
        page = (
            f"<!doctype html><title>Stand-in identity provider</title><h1>Stand-in identity provider</h1>"
            f'<form method="post" action="{self.issuer}/authorize">{hidden}'
            f"<button>Continue as {who}</button></form>"
        )
        return Response(200, page, content_type="text/html; charset=utf-8")

    def _approve(self, request: Request, params: dict[str, str] | None = None) -> Response:
        q = params if params is not None else request.form()
        code = secrets.token_urlsafe(24)
        self._codes[code] = _Grant(
            dict(self.person), q.get("nonce", ""), q["redirect_uri"], q["code_challenge"]
        )
        location = f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q.get('state', '')})}"
        return Response(302, b"", headers={"Location": location}, content_type="text/plain")

    def _token(self, request: Request) -> Response:
        form = request.form()
        self.token_requests.append(form)
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return Response(401, {"error": "invalid_client"})
        grant = self._codes.pop(form.get("code", ""), None)  # a code works once
        if grant is None or form.get("grant_type") != "authorization_code":
            return Response(400, {"error": "invalid_grant"})
        if form.get("redirect_uri") != grant.redirect_uri:
            return Response(400, {"error": "invalid_grant", "error_description": "redirect_uri differs"})
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant.code_challenge:
            return Response(
                400, {"error": "invalid_grant", "error_description": "PKCE verifier does not match"}
            )
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.nonce,
            **grant.claims,
            **self.id_token_changes,
        }
        key: Any = self._other_key if self.sign_with_unpublished_key else self._key
        if self.algorithm.startswith("HS"):
            key = self.client_secret.encode()
        id_token = jwt.encode(claims, key, algorithm=self.algorithm, headers={"kid": self._kid})
        access_token = secrets.token_urlsafe(24)
        self._tokens[access_token] = {"sub": grant.claims.get("sub"), **self.userinfo_only}
        for name in ("email", "name", "preferred_username"):
            if name in grant.claims:
                self._tokens[access_token][name] = grant.claims[name]
        return Response(
            200,
            {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token},
        )

    def _userinfo(self, request: Request) -> Response:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in self._tokens:
            return Response(401, {"error": "invalid_token"})
        return Response(200, self._tokens[token])

    def _logout(self, request: Request) -> Response:
        # RP-Initiated Logout 1.0, section 2: the hint must be an ID token we
        # issued to this client; expiry does not matter (the session may be old).
        q = request.query
        try:
            claims = jwt.decode(q.get("id_token_hint", ""), self._key.public_key(), algorithms=["RS256"],
                                audience=self.client_id, options={"verify_exp": False})
        except jwt.PyJWTError as exc:
            return Response(400, f"bad id_token_hint: {exc}", content_type="text/plain")
        if q.get("client_id") != self.client_id:
            return Response(400, "client_id does not match the hint", content_type="text/plain")
        self.logged_out.append(str(claims.get("sub")))
        back = q.get("post_logout_redirect_uri")
        if back:
            return Response(302, b"", headers={"Location": back}, content_type="text/plain")
        return Response(200, "You are signed out.", content_type="text/plain")

    def _jwks(self, request: Request) -> Response:
        jwk = json.loads(RSAAlgorithm.to_jwk(self._key.public_key()))
        return Response(200, {"keys": [{**jwk, "kid": self._kid, "use": "sig", "alg": "RS256"}]})
