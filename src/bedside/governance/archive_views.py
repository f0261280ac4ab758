"""The archive export page: a scope and a date range, written to a folder."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from bedside.channels.models import Channel
from bedside.governance import archive
from bedside.workspace.models import Organization
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can


class ExportForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    organization = forms.ModelChoiceField(Organization.objects.all(), required=False)
    channel = forms.ModelChoiceField(Channel.objects.all(), required=False)
    author_handle = forms.CharField(required=False, label="A person's messages (handle)")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The end date is before the start date.")
        return data


def folder() -> Path:
    return Path(settings.ARCHIVE_DIR) if settings.ARCHIVE_DIR else Path(settings.DATA_DIR) / "archives"


@requires(Can.APPROVE, Can.MANAGE_SETTINGS)
def page(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        scope = archive.Scope(
            start=d["start"],
            end=d["end"],
            author_handle=d["author_handle"].strip(),
            organization_id=d["organization"].pk if d["organization"] else None,
            channel_id=d["channel"].pk if d["channel"] else None,
        )
        written = archive.export(scope, folder(), actor=request.user, request=request)
        c = written.counts
        messages.success(
            request,
            f"Exported {c['messages']} messages, {c['replies']} replies, {c['posts']} posts "
            f"and {c['conversations']} conversations to {written.path}.",
        )
        return redirect("governance_archive")
    return render(
        request,
        "governance/archive.html",
        {"form": form, "folder": folder(), "scheduled": bool(settings.ARCHIVE_DIR)},
        status=400 if request.method == "POST" else 200,
    )
