"""Every page needs a signed-in user with a role, unless marked public.

Deny by default: a view someone forgets to decorate is still closed to
anonymous visitors. The API has its own authentication (tokens).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from bedside.workspace.permissions import role_of

PUBLIC_PREFIXES = ("/login/", "/static/", "/api/", "/healthz")


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
        return None
