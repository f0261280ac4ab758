"""What other apps do when an organization is saved by a person.

Workspace is below the apps that act on an organization (channels makes its
website channel), so they register a callable here rather than being
imported: the organization form and the API call :func:`after_save` inside
the transaction that saved it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from bedside.workspace.models import Organization

AFTER_SAVE: list[Callable[..., Any]] = []


def after_save(org: Organization, *, request: HttpRequest | None = None, actor: Any = None) -> None:
    for hook in AFTER_SAVE:
        hook(org, request=request, actor=actor)
