"""Server-side enforcement of the role matrix for pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from bedside.workspace.roles import Can, Role, allows


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


def requires(capability: Can) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Page decorator: 403 unless the user's role grants ``capability``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not user_can(request.user, capability):
                raise PermissionDenied(f"your role does not allow: {capability.value}")
            return view(request, *args, **kwargs)

        wrapper.required_capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator
