"""People, roles and API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.workspace import audit, people
from bedside.workspace.forms import NewUserForm, RoleForm, TokenForm
from bedside.workspace.models import ApiToken, Member
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can


@requires(Can.VIEW)
def settings_home(request: HttpRequest) -> HttpResponse:
    new_token = request.session.pop("new_token", None)
    context = {
        "tokens": request.user.api_tokens.all(),
        "token_form": TokenForm(),
        "new_token": new_token,
        "can_manage_users": user_can(request.user, Can.MANAGE_USERS),
    }
    if context["can_manage_users"]:
        context["users"] = get_user_model().objects.select_related("member").order_by("username")
        context["user_form"] = NewUserForm()
    return render(request, "workspace/settings.html", context)


@require_POST
@requires(Can.MANAGE_USERS)
def user_create(request: HttpRequest) -> HttpResponse:
    form = NewUserForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        people.create_user(d["username"], d["password"], d["role"], email=d["email"], request=request)
        messages.success(request, f"Created {d['username']}.")
        return redirect("settings")
    return render(
        request,
        "workspace/settings.html",
        {
            "tokens": request.user.api_tokens.all(),
            "token_form": TokenForm(),
            "can_manage_users": True,
            "users": get_user_model().objects.select_related("member").order_by("username"),
            "user_form": form,
        },
        status=400,
    )


@requires(Can.MANAGE_USERS)
def user_role(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    member, _ = Member.objects.get_or_create(user=user)
    form = RoleForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
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
        audit.record("api_token_created", token, request=request)
    # Shown once on the next page, never stored in clear.
    request.session["new_token"] = raw
    return redirect("settings")


@require_POST
@requires(Can.VIEW)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    with transaction.atomic():
        audit.record("api_token_revoked", token, request=request)
        token.delete()
    messages.success(request, f"Revoked {token.name}.")
    return redirect("settings")
