"""The responsibility matrix: one printable page, edited row by row."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.governance import matrix
from bedside.governance.models import Situation
from bedside.workspace import audit
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can, Role, allows


class SituationForm(forms.ModelForm):  # type: ignore[type-arg]
    """A row: each column in words (printed) and as a role and/or named
    people (enforced), validated against the workspace's roles and people."""

    class Meta:
        model = Situation
        fields = ["drafts", "drafts_role", "drafts_people", "approves", "approves_role", "approves_people",
                  "told", "told_role", "told_people", "target_minutes", "queue"]
        widgets = {f: forms.CheckboxSelectMultiple for f in ("drafts_people", "approves_people", "told_people")}
        labels = {"drafts": "Drafts (in words)", "drafts_role": "Drafts: role", "drafts_people": "Drafts: people",
                  "approves": "Approves (in words)", "approves_role": "Approves: role",
                  "approves_people": "Approves: people", "told": "Told at once (in words)",
                  "told_role": "Told: role", "told_people": "Told: people"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = get_user_model().objects.filter(is_active=True).order_by("username")
        for name in ("drafts_people", "approves_people", "told_people"):
            field = self.fields[name]
            field.queryset = active  # type: ignore[attr-defined]
            field.label_from_instance = lambda u: u.get_full_name() or u.get_username()  # type: ignore[attr-defined]

    def clean_approves_role(self) -> str:
        role = self.cleaned_data.get("approves_role") or ""
        if role and not allows(role, Can.APPROVE):
            raise forms.ValidationError(
                f"A {Role(role).label.lower()} cannot approve replies; choose a role that can "
                f"({', '.join(Role(r).label.lower() for r in Role if allows(r, Can.APPROVE))}).")
        return role

    def clean_approves_people(self) -> Any:
        people = self.cleaned_data.get("approves_people")
        unable = [p.get_username() for p in people or [] if not user_can(p, Can.APPROVE)]
        if unable:
            raise forms.ValidationError(f"Their role does not let them approve replies: {', '.join(unable)}.")
        return people


@requires(Can.VIEW)
def page(request: HttpRequest) -> HttpResponse:
    rows = matrix.ensure()
    may_set = user_can(request.user, Can.MANAGE_SETTINGS)
    return render(
        request,
        "governance/matrix.html",
        {
            "rows": [
                (s, matrix.recognised(s), SituationForm(instance=s, prefix=f"s{s.pk}") if may_set else None)
                for s in rows
            ],
            "may_set": may_set,
        },
    )


@requires(Can.MANAGE_SETTINGS)
@require_POST
def save(request: HttpRequest, pk: int) -> HttpResponse:
    situation = get_object_or_404(Situation, pk=pk)
    form = SituationForm(request.POST, instance=situation, prefix=f"s{pk}")
    if not form.is_valid():
        errors = "; ".join(f"{f}: {' '.join(e)}" for f, e in form.errors.items())
        messages.error(request, f"{situation.get_key_display()}: {errors}")
        return redirect("governance_matrix")
    form.save()  # the people too (save_m2m)
    audit.record("matrix_changed", situation, request=request, detail={"changed": form.changed_data})
    changes = matrix.apply(request=request)
    messages.success(
        request,
        f"Saved “{situation.get_key_display()}”."
        + (" Inbox: " + "; ".join(changes) + "." if changes else ""),
    )
    return redirect("governance_matrix")
