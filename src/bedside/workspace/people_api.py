"""/api/users: people and their lifecycle, for administrators' scripts
(HR off-boarding, for one): the same rules as the pages and the CLI."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from bedside.workspace import lifecycle
from bedside.workspace.api import need
from bedside.workspace.permissions import role_of
from bedside.workspace.roles import Can, Role

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    username: str
    role: str | None
    active: bool
    locked_out: bool
    last_login: datetime | None


class DeactivateIn(Schema):
    reason: str = Field("", max_length=200)


class RoleIn(Schema):
    role: Role


class UnlockIn(Schema):
    username: str = Field(..., min_length=1, max_length=150)


class ConflictOut(Schema):
    """409: what cannot be done to this person (the last administrator, say)."""

    detail: str


class LinkOut(Schema):
    link: str


def _out(user: object, locked: set[str]) -> PersonOut:
    member = getattr(user, "member", None)
    return PersonOut(id=user.pk, username=user.get_username(),  # type: ignore[attr-defined]
                     role=member.role if member is not None else role_of(user),
                     active=user.is_active, locked_out=user.get_username().lower() in locked,  # type: ignore[attr-defined]
                     last_login=user.last_login)  # type: ignore[attr-defined]


def _conflict(exc: lifecycle.LifecycleError) -> HttpError:
    return HttpError(409, str(exc))


@router.get("/users", response=list[PersonOut])
def list_people(request: HttpRequest) -> object:
    need(request, Can.MANAGE_USERS)
    locked = {entry.username for entry in lifecycle.locked_out()}
    return [_out(u, locked) for u in get_user_model().objects.select_related("member").order_by("username")]


@router.post("/users/{user_id}/deactivate", response={200: PersonOut, 409: ConflictOut})
def deactivate(request: HttpRequest, user_id: int, payload: DeactivateIn) -> object:
    need(request, Can.MANAGE_USERS)
    person = get_object_or_404(get_user_model(), pk=user_id)
    try:
        lifecycle.deactivate(person, by=request.auth, request=request, reason=payload.reason)
    except lifecycle.LifecycleError as exc:
        raise _conflict(exc) from None
    return _out(person, set())


@router.post("/users/{user_id}/reactivate", response={200: PersonOut, 409: ConflictOut})
def reactivate(request: HttpRequest, user_id: int) -> object:
    need(request, Can.MANAGE_USERS)
    person = get_object_or_404(get_user_model(), pk=user_id)
    try:
        lifecycle.reactivate(person, by=request.auth, request=request)
    except lifecycle.LifecycleError as exc:
        raise _conflict(exc) from None
    return _out(person, set())


@router.post("/users/{user_id}/role", response={200: PersonOut, 409: ConflictOut})
def set_role(request: HttpRequest, user_id: int, payload: RoleIn) -> object:
    need(request, Can.MANAGE_USERS)
    person = get_object_or_404(get_user_model(), pk=user_id)
    try:
        lifecycle.set_role(person, payload.role.value, by=request.auth, request=request)
    except lifecycle.LifecycleError as exc:
        raise _conflict(exc) from None
    return _out(get_user_model().objects.select_related("member").get(pk=user_id), set())


@router.post("/users/{user_id}/reset-link", response={200: LinkOut, 409: ConflictOut})
def reset_link(request: HttpRequest, user_id: int) -> object:
    need(request, Can.MANAGE_USERS)
    person = get_object_or_404(get_user_model(), pk=user_id)
    try:
        return LinkOut(link=lifecycle.reset_link(person, by=request.auth, request=request))
    except lifecycle.LifecycleError as exc:
        raise _conflict(exc) from None


@router.post("/users/unlock", response={204: None, 409: ConflictOut})
def unlock(request: HttpRequest, payload: UnlockIn) -> object:
    need(request, Can.MANAGE_USERS)
    try:
        lifecycle.unlock(payload.username, by=request.auth, request=request)
    except lifecycle.LifecycleError as exc:
        raise _conflict(exc) from None
    return 204, None
