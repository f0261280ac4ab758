"""The training course, its scenarios and its records."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.governance import training
from bedside.governance.models import Requirements, Scenario, TrainingRecord
from bedside.governance.policy_views import ACTS
from bedside.workspace import audit
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can


class ScenarioForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Scenario
        fields = ["kind", "title", "text", "replying_to", "position", "active"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "replying_to": forms.Textarea(attrs={"rows": 2}),
        }


class RequirementsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Requirements
        fields = ["require_training", "pass_mark"]
        labels = {
            "require_training": "Replies and posts need a current training record",
            "pass_mark": "Pass mark (percent)",
        }


def _context(request: HttpRequest, **extra: object) -> dict[str, object]:
    training.seed()
    manage = user_can(request.user, Can.APPROVE)
    return {
        "scenarios": training.course(),
        "verdicts": training.VERDICTS,
        "current": training.current_record(request.user),
        "mine": TrainingRecord.objects.filter(person=request.user)[:10],
        "requirements": Requirements.get(),
        "may_manage": manage,
        "may_set": user_can(request.user, Can.MANAGE_SETTINGS),
        "all_scenarios": Scenario.objects.all() if manage else [],
        "records": TrainingRecord.objects.select_related("person")[:100] if manage else [],
        "scenario_form": ScenarioForm(),
        "requirements_form": RequirementsForm(instance=Requirements.get()),
        **extra,
    }


@requires(*ACTS)
def course(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/training.html", _context(request))


@requires(*ACTS)
@require_POST
def take(request: HttpRequest) -> HttpResponse:
    answers: dict[int, str] = {}
    for key, value in request.POST.items():
        if key.startswith("scenario-") and key[9:].isdigit():
            answers[int(key[9:])] = value
    try:
        record, graded = training.grade(request.user, answers, request=request)
    except training.TrainingError as exc:
        messages.error(request, str(exc))
        return render(request, "governance/training.html", _context(request, answers=answers), status=400)
    return render(request, "governance/training_result.html", {"record": record, "graded": graded})


@requires(Can.APPROVE)
@require_POST
def add_scenario(request: HttpRequest) -> HttpResponse:
    form = ScenarioForm(request.POST)
    if not form.is_valid():
        return render(request, "governance/training.html", _context(request, scenario_form=form), status=400)
    scenario = form.save()
    audit.record("training_scenario_added", scenario, request=request)
    messages.success(request, f"Added the scenario “{scenario.title}”.")
    return redirect("governance_training")


@requires(Can.APPROVE)
@require_POST
def toggle_scenario(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(Scenario, pk=pk)
    scenario.active = not scenario.active
    scenario.save(update_fields=["active"])
    audit.record("training_scenario_changed", scenario, request=request, detail={"active": scenario.active})
    return redirect("governance_training")


@requires(Can.MANAGE_SETTINGS)
@require_POST
def set_requirements(request: HttpRequest) -> HttpResponse:
    form = RequirementsForm(request.POST, instance=Requirements.get())
    if not form.is_valid():
        return render(
            request, "governance/training.html", _context(request, requirements_form=form), status=400
        )
    saved = form.save()
    audit.record(
        "training_requirements_changed",
        saved,
        request=request,
        detail={"require_training": saved.require_training, "pass_mark": saved.pass_mark},
    )
    messages.success(request, "Saved the training requirement.")
    return redirect("governance_training")
