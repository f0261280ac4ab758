"""Policy pages: the two policies and their versions, the employee policy to
read and accept, and who has not accepted it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.governance import policies
from bedside.governance.models import Policy, PolicyVersion
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can

#: who must accept the employee policy: whoever replies, publishes or approves
ACTS = (Can.REPLY, Can.PUBLISH, Can.APPROVE)


@requires(Can.APPROVE, Can.MANAGE_SETTINGS)
def policy_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for policy in policies.ensure():
        versions = list(policy.versions.select_related("author", "reviewer"))
        rows.append(
            {
                "policy": policy,
                "current": policy.current(),
                "versions": versions,
                "latest": versions[0] if versions else None,
            }
        )
    current, standing = policies.report()
    return render(
        request,
        "governance/policies.html",
        {
            "rows": rows,
            "current_employee": current,
            "standing": standing,
            "missing": sum(1 for s in standing if s.accepted_at is None),
            "public_path": policies.public_path(),
            "may_review": user_can(request.user, Can.APPROVE),
        },
    )


@requires(Can.APPROVE, Can.MANAGE_SETTINGS)
@require_POST
def propose(request: HttpRequest, kind: str) -> HttpResponse:
    policy = get_object_or_404(Policy, kind=kind)
    try:
        version = policies.propose(policy, request.POST.get("body", ""), request.user, request=request)
    except policies.PolicyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Version {version.number} of the {policy.title.lower()} awaits approval by "
            "another compliance reviewer.",
        )
    return redirect("governance_policies")


@requires(Can.APPROVE)
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        policies.review(
            version, request.user, approve=approve, note=request.POST.get("note", ""), request=request
        )
    except policies.PolicyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{version} {'approved: it is now in force' if approve else 'rejected'}.")
    return redirect("governance_policies")


@requires(*ACTS)
def employee(request: HttpRequest) -> HttpResponse:
    current = policies.current_employee()
    return render(
        request,
        "governance/employee_policy.html",
        {
            "version": current,
            "body": policies.as_html(current) if current else "",
            "accepted": policies.accepted(request.user, current) if current else None,
        },
    )


@requires(*ACTS)
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion, pk=pk)
    if request.POST.get("read") != "yes":
        messages.error(request, "Tick “I have read this policy” to accept it.")
        return redirect("governance_employee_policy")
    try:
        policies.acknowledge(request.user, version, request=request)
    except policies.PolicyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Accepted version {version.number} of the employee social media policy.")
    return redirect("governance_employee_policy")
