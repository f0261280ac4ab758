"""People, roles and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bedside.workspace import audit, lifecycle, people
from bedside.workspace.forms import NewUserForm, RoleForm, TokenForm
from bedside.workspace.models import ApiToken, Member
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can


def _settings_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    can_manage = user_can(request.user, Can.MANAGE_USERS)
    context: dict[str, Any] = {
        "tokens": request.user.api_tokens.all(),
        "token_form": TokenForm(),
        "can_manage_users": can_manage,
    }
    if can_manage:
        context["users"] = get_user_model().objects.select_related("member").order_by("-is_active", "username")
        context["locked"] = lifecycle.locked_out()
        context["user_form"] = NewUserForm()
        # Administrators see every person's tokens, to revoke one that leaked.
        context["all_tokens"] = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
    context.update(extra)
    return context


@requires(Can.VIEW)
def settings_home(request: HttpRequest) -> HttpResponse:
    return render(request, "workspace/settings.html", _settings_context(request))


@require_POST
@requires(Can.MANAGE_USERS)
def user_create(request: HttpRequest) -> HttpResponse:
    form = NewUserForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        people.create_user(d["username"], d["password"], d["role"], email=d["email"], request=request)
        messages.success(request, f"Created {d['username']}.")
        return redirect("settings")
    return render(request, "workspace/settings.html", _settings_context(request, user_form=form), status=400)


@requires(Can.MANAGE_USERS)
def user_role(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    member, _ = Member.objects.get_or_create(user=user)
    form = RoleForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if not people.another_admin_remains(user, form.cleaned_data["role"]):
                form.add_error("role", "This is the last administrator: make someone else an administrator first.")
                return render(request, "workspace/user_role.html", {"form": form, "person": user}, status=400)
            form.save()
            audit.record("role_changed", user, request=request, detail={"role": member.role})
        messages.success(request, f"{user.get_username()} is now {member.get_role_display()}.")
        return redirect("settings")
    return render(request, "workspace/user_role.html", {"form": form, "person": user}, status=400 if form.errors else 200)


@require_POST
@requires(Can.VIEW)
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A token needs a name.")
        return redirect("settings")
    with transaction.atomic():
        token, raw = ApiToken.issue(request.user, form.cleaned_data["name"])
        audit.record("api_token_created", token, request=request, detail={"expires": token.expires_at.isoformat()})
    # Shown once, in this response only: never in the session or anywhere
    # else on the server (the response is no-store, see SecurityHeaders).
    return render(request, "workspace/settings.html", _settings_context(request, new_token=raw))


@require_POST
@requires(Can.VIEW)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Your own tokens, or anyone's for an administrator.
    token = get_object_or_404(ApiToken, pk=pk)
    if token.user_id != request.user.pk and not user_can(request.user, Can.MANAGE_USERS):
        raise Http404("No such token.")
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.revoked_reason = f"revoked by {request.user.get_username()}"
            token.save(update_fields=["revoked_at", "revoked_reason"])
            audit.record("api_token_revoked", token, request=request, detail={"owner": token.user.get_username()})
    messages.success(request, f"Revoked {token.name}.")
    return redirect("settings")


def _person(pk: int) -> Any:
    return get_object_or_404(get_user_model(), pk=pk)


@require_POST
@requires(Can.MANAGE_USERS)
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(pk)
    try:
        done = lifecycle.deactivate(user, by=request.user, request=request, reason=request.POST.get("reason", ""))
    except lifecycle.LifecycleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Deactivated {user.get_username()}: {done['sessions_ended']} session(s) ended, "
                                  f"{done['tokens_revoked']} API token(s) revoked. Their history stays.")
    return redirect("settings")


@require_POST
@requires(Can.MANAGE_USERS)
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(pk)
    try:
        lifecycle.reactivate(user, by=request.user, request=request)
    except lifecycle.LifecycleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Reactivated {user.get_username()}. Their old API tokens stay revoked.")
    return redirect("settings")


@require_POST
@requires(Can.MANAGE_USERS)
def user_reset_link(request: HttpRequest, pk: int) -> HttpResponse:
    user = _person(pk)
    try:
        link = lifecycle.reset_link(user, by=request.user, request=request)
    except lifecycle.LifecycleError as exc:
        messages.error(request, str(exc))
        return redirect("settings")
    # Shown once, in this response only (no-store), for the admin to pass on.
    return render(request, "workspace/settings.html",
                  _settings_context(request, reset_link=link, reset_for=user.get_username()))


@require_POST
@requires(Can.MANAGE_USERS)
def user_unlock(request: HttpRequest) -> HttpResponse:
    username = request.POST.get("username", "")
    try:
        lifecycle.unlock(username, by=request.user, request=request)
    except lifecycle.LifecycleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Unlocked {username}; they can sign in again.")
    return redirect("settings")
