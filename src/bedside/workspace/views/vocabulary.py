"""The guard's vocabulary page: our campuses, units, service lines, staff who
may be named and people who sign replies. Admins and compliance edit it;
everyone signed in may read it (it holds nothing about patients)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.workspace import patient_index
from bedside.workspace.models import Organization, VocabularyTerm
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can
from bedside.workspace.vocabulary import MAX_NAME, VocabularyError, add_term, remove_term

HELP = {
    VocabularyTerm.Kind.CAMPUS: "Our campuses and clinics (\"the Elm Street clinic\"). The guard allows them "
                                "as our own places.",
    VocabularyTerm.Kind.UNIT: "Units and wards (\"4 West\", \"5 North\"). A person named on one is a patient: "
                              "the guard blocks it.",
    VocabularyTerm.Kind.SERVICE_LINE: "Service lines (\"Cardiology\", \"Women's Health\").",
    VocabularyTerm.Kind.STAFF: "Staff who may be named in posts (physicians of the roster). Never next to a "
                               "patient's details.",
    VocabularyTerm.Kind.SIGNER: "People who sign replies (\"- Dana, Patient Relations\"). Only these names may "
                                "close a reply.",
}


class TermForm(forms.Form):
    kind = forms.ChoiceField(choices=VocabularyTerm.Kind.choices)
    name = forms.CharField(max_length=MAX_NAME)


def _ours() -> Organization | None:
    return Organization.objects.filter(is_ours=True).first()


def _page(request: HttpRequest, form: TermForm, status: int = 200) -> HttpResponse:
    ours = _ours()
    terms = list(VocabularyTerm.objects.filter(organization=ours)) if ours else []
    groups = [(kind, label, HELP[kind], [t for t in terms if t.kind == kind])
              for kind, label in VocabularyTerm.Kind.choices]
    context = {
        "ours": ours,
        "groups": groups,
        "form": form,
        "can_edit": user_can(request.user, Can.EDIT_VOCABULARY),
        "index": patient_index.status() if user_can(request.user, Can.MANAGE_SETTINGS) else None,
    }
    return render(request, "workspace/vocabulary.html", context, status=status)


@requires(Can.VIEW)
def vocabulary_page(request: HttpRequest) -> HttpResponse:
    return _page(request, TermForm())


@require_POST
@requires(Can.EDIT_VOCABULARY)
def vocabulary_add(request: HttpRequest) -> HttpResponse:
    form = TermForm(request.POST)
    ours = _ours()
    if ours is None:
        messages.error(request, "Add our organization first: the vocabulary is our organization's.")
        return redirect("vocabulary")
    if form.is_valid():
        try:
            term = add_term(ours, form.cleaned_data["kind"], form.cleaned_data["name"], request=request)
        except VocabularyError as exc:
            field, _, message = str(exc).partition(": ")
            form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, f"Added {term.name} to {term.get_kind_display().lower()}.")
            return redirect("vocabulary")
    return _page(request, form, status=400)


@require_POST
@requires(Can.EDIT_VOCABULARY)
def vocabulary_remove(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(VocabularyTerm, pk=pk, organization__is_ours=True)
    remove_term(term, request=request)
    messages.success(request, f"Removed {term.name} from {term.get_kind_display().lower()}.")
    return redirect("vocabulary")
