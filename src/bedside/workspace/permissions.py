"""Server-side enforcement of the role matrix for pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from bedside.workspace.roles import Can, Role, allows, denied_message


def role_of(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    member = getattr(user, "member", None)
    if member is not None:
        return member.role
    # A superuser made with Django's own tools and no Member row is an admin.
    return Role.ADMIN.value if user.is_superuser else None


def user_can(user: Any, capability: Can) -> bool:
    return allows(role_of(user), capability)


def requires(*capabilities: Can) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Page decorator: 403 unless the user's role grants one of ``capabilities``
    (several when different roles reach the same page for different jobs, e.g.
    checking a draft is for those who write replies and those who approve them)."""
    if not capabilities:
        raise TypeError("requires() needs at least one capability")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not any(user_can(request.user, c) for c in capabilities):
                raise PermissionDenied(denied_message(*capabilities, role=role_of(request.user)))
            return view(request, *args, **kwargs)

        wrapper.required_capabilities = capabilities  # type: ignore[attr-defined]
        return wrapper

    return decorator


def may_open(user: Any, url_name: str) -> bool:
    """Whether ``user`` may open the page named ``url_name``, read from the
    page's own @requires, so links (navigation, dashboard) never offer a page
    that would answer 403 and never keep a second copy of the matrix."""
    try:
        view = resolve(reverse(url_name)).func
    except (NoReverseMatch, Resolver404):
        return False
    needed = getattr(view, "required_capabilities", None)
    if needed is None:
        return role_of(user) is not None
    return any(user_can(user, c) for c in needed)
