"""Creating people and changing their role, for the UI, the CLI and the demo."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from bedside.workspace import audit
from bedside.workspace.models import Member
from bedside.workspace.roles import Role


@transaction.atomic
def create_user(
    username: str,
    password: str | None,
    role: Role | str,
    *,
    email: str = "",
    by: Any = None,
    request: Any = None,
    actor_label: str = "",
) -> Any:
    role = Role(role)
    # password None: an unusable one (people who sign in through the
    # identity provider, workspace/sso/provision.py).
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, is_staff=False, is_superuser=False
    )
    Member.objects.create(user=user, role=role)
    audit.record("user_created", user, actor=by or actor_label or None, request=request, detail={"role": role.value})
    return user


def another_admin_remains(user: Any, new_role: str, *, active: bool = True) -> bool:
    """Whether someone can still administer Bedside if ``user`` takes
    ``new_role`` (or is deactivated, ``active=False``): never lock everyone out."""
    from bedside.workspace.permissions import role_of

    if role_of(user) != Role.ADMIN.value or (new_role == Role.ADMIN.value and active):
        return True
    others = get_user_model().objects.filter(is_active=True).exclude(pk=user.pk).select_related("member")
    return any(role_of(other) == Role.ADMIN.value for other in others)
