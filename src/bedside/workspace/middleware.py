"""Every page needs a signed-in user with a role, unless marked public.

Deny by default: a view someone forgets to decorate is still closed to
anonymous visitors. The API has its own authentication (tokens).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse

from bedside.workspace.permissions import role_of

PUBLIC_PREFIXES = ("/login/", "/static/", "/api/", "/healthz")
# Set at sign-in for an administrator who must set up two-factor first: every
# page but the set-up page and signing out leads there until it is done.
MUST_ENROL = "two_factor_must_enrol"
ENROL_PATHS = ("/settings/two-factor/", "/logout/")


def public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    view.bedside_public = True  # type: ignore[attr-defined]
    return view


class RoleRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if getattr(view, "bedside_public", False) or request.path.startswith(PUBLIC_PREFIXES):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if role_of(request.user) is None:
            raise PermissionDenied("your account has no role yet: ask an administrator")
        if request.session.get(MUST_ENROL) and not request.path.startswith(ENROL_PATHS):
            from django.shortcuts import redirect

            return redirect("two_factor")
        return None


# Every page is the app's own: scripts, styles, images and fonts from this
# origin only; no inline script or style (htmx's indicator style is turned off
# in base.html), no plugins, no framing, forms post only here.
def content_security_policy(style_hashes: list[str] | tuple[str, ...] = ()) -> str:
    styles = " ".join(["'self'", *(f"'sha256-{h}'" for h in style_hashes)])
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        f"style-src {styles}",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


CONTENT_SECURITY_POLICY = content_security_policy()
_STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


def inline_style_hashes(html: str) -> list[str]:
    """The CSP hashes of a document's own <style> blocks."""
    return [base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode() for m in _STYLE_BLOCK.finditer(html)]


# Pages that show no message, review, draft or secret: everything else is
# no-store, so a shared or lost computer's cache keeps no PHI and no token.
CACHEABLE_PREFIXES = ("/static/",)


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response, ``Cache-Control: no-store``
    on every signed-in or API response, and HSTS once cookies are secure (the
    site is then served over HTTPS only, through the TLS proxy)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A view may send its own, stricter or with a hash (the executive report).
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if not request.path.startswith(CACHEABLE_PREFIXES):
            response["Cache-Control"] = "no-store"
            response.headers.setdefault("Pragma", "no-cache")
        if settings.SESSION_COOKIE_SECURE and settings.SECURE_HSTS_SECONDS:
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={settings.SECURE_HSTS_SECONDS}; includeSubDomains"
            )
        return response


class RefuseNulCharacters:
    """A NUL character in a query string or a JSON body is never meant, and
    PostgreSQL refuses to store or compare text holding one (a 500 before):
    refuse it up front, 422 for the API, 400 for pages, saying where."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = self._nul_in(request)
        if where is None:
            return self.get_response(request)
        message = f"{where} contains a NUL character (\\u0000), which Bedside does not accept"
        if request.path.startswith("/api/"):
            body = {"detail": [{"type": "nul_character", "loc": [where.split(" ")[0]], "msg": message}]}
            return JsonResponse(body, status=422)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _nul_in(request: HttpRequest) -> str | None:
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return f"query parameter {key.replace(chr(0), '')!r}"
        if request.method in ("POST", "PUT", "PATCH") and request.content_type == "application/json":
            raw = request.body
            if b"\x00" in raw or b"\\u0000" in raw:
                return "body"
        return None
