"""Owned media: the blog, podcast, newsletter, app or own community an
organization runs besides its social accounts. The presence audit counts
them; feeds registered as rss channels count as a blog or podcast already,
the rest only a person knows, so they are entered here."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.benchmark.models import OwnedMedia
from bedside.workspace import audit
from bedside.workspace.models import Organization
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can


class OwnedMediaForm(forms.ModelForm):
    url = forms.URLField(
        label="Address", max_length=1000, assume_scheme="https",
        help_text="Where people find it: the blog's or podcast's page, the app's store page, the sign-up form.",
    )

    class Meta:
        model = OwnedMedia
        fields = ["kind", "url"]

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.organization = organization

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        kind, url = cleaned.get("kind"), cleaned.get("url")
        if kind and url and OwnedMedia.objects.filter(organization=self.organization, kind=kind, url=url).exists():
            self.add_error("url", f"{self.organization} already has this {OwnedMedia.Kind(kind).label.lower()}.")
        return cleaned

    def save(self, commit: bool = True) -> OwnedMedia:
        self.instance.organization = self.organization
        self.instance.source = "manual"
        return super().save(commit)


@requires(Can.VIEW)
def owned_media(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organization, pk=pk)
    can_manage = user_can(request.user, Can.MANAGE_ORGS)
    form = OwnedMediaForm(organization=org)
    if request.method == "POST":
        if not can_manage:
            return HttpResponse("Your role cannot change organizations.", status=403)
        form = OwnedMediaForm(request.POST, organization=org)
        if form.is_valid():
            with transaction.atomic():
                media = form.save()
                audit.record("owned_media_added", org, request=request,
                             detail={"kind": media.kind, "url": media.url})
            messages.success(request, f"Added {media.get_kind_display().lower()} {media.url}.")
            return redirect("owned_media", pk=org.pk)
    return render(
        request,
        "benchmark/owned_media.html",
        {"org": org, "media": org.owned_media.all(), "form": form, "can_manage": can_manage},
        status=400 if form.errors else 200,
    )


@require_POST
@requires(Can.MANAGE_ORGS)
def owned_media_delete(request: HttpRequest, pk: int) -> HttpResponse:
    media = get_object_or_404(OwnedMedia.objects.select_related("organization"), pk=pk)
    with transaction.atomic():
        audit.record("owned_media_removed", media.organization, request=request,
                     detail={"kind": media.kind, "url": media.url})
        media.delete()
    messages.success(request, f"Removed {media.get_kind_display().lower()} {media.url}.")
    return redirect("owned_media", pk=media.organization_id)
