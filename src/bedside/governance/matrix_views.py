"""The responsibility matrix: one printable page, edited row by row."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.governance import matrix
from bedside.governance.models import Situation
from bedside.workspace import audit
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can


class SituationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Situation
        fields = ["drafts", "approves", "told", "target_minutes", "queue"]


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
    form.save()
    audit.record("matrix_changed", situation, request=request, detail={"changed": form.changed_data})
    changes = matrix.apply(request=request)
    messages.success(
        request,
        f"Saved “{situation.get_key_display()}”."
        + (" Inbox: " + "; ".join(changes) + "." if changes else ""),
    )
    return redirect("governance_matrix")
