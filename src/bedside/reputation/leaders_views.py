"""The Department leaders page: who hears of a low review, per department."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can

from . import leaders


@requires(Can.VIEW)
def leaders_page(request: HttpRequest) -> HttpResponse:
    people = get_user_model().objects.filter(is_active=True).order_by("username")
    return render(request, "reputation/leaders.html", {
        "departments": leaders.departments(), "people": people,
        "can_manage": user_can(request.user, Can.MANAGE_ROSTER),
    })


@require_POST
@requires(Can.MANAGE_ROSTER)
def leaders_set(request: HttpRequest) -> HttpResponse:
    department = request.POST.get("department", "")
    username = request.POST.get("leader", "")
    if not username:
        if leaders.clear_leader(department, request=request):
            messages.success(request, f"{department} has no leader now: low reviews reach patient relations only.")
        return redirect("reputation_leaders")
    try:
        leaders.set_leader(department, username, request=request)
    except leaders.LeaderRefused as refused:
        messages.error(request, f"Not saved: {refused}.")
    else:
        messages.success(request, f"{username} leads {department}.")
    return redirect("reputation_leaders")
