"""Staff posts pages: the consented accounts, and the posts the guard flagged."""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from bedside.channels.handles import normalize_handle
from bedside.inbox.highlight import pieces
from bedside.listening import staff
from bedside.listening.models import StaffAccount, StaffPost
from bedside.networks.registry import NETWORKS, client_class
from bedside.workspace import audit
from bedside.workspace.models import Organization
from bedside.workspace.permissions import requires, role_of, user_can
from bedside.workspace.roles import Can, denied_message


class StaffAccountForm(forms.Form):
    person = forms.CharField(max_length=200, label="Employee")
    network = forms.ChoiceField(choices=[(slug, label) for slug, label in NETWORKS.items()
                                         if "posts" in client_class(slug).capabilities and slug not in ("rss", "website")])
    handle = forms.CharField(max_length=200, label="Their public account")
    consented_on = forms.DateField(label="Consent given on", widget=forms.DateInput(attrs={"type": "date"}))
    policy_version = forms.CharField(max_length=40, label="Policy version agreed to")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        network, handle = data.get("network"), data.get("handle")
        if network and handle:
            try:
                data["handle"] = normalize_handle(str(network), str(handle))
            except ValueError as exc:
                self.add_error("handle", str(exc))
            else:
                if StaffAccount.objects.filter(network=network, handle=data["handle"]).exists():
                    self.add_error("handle", "This account is already listed.")
        consented = data.get("consented_on")
        if consented and consented > timezone.localdate():  # type: ignore[operator]
            self.add_error("consented_on", "Consent cannot be given in the future.")
        return data


@requires(Can.APPROVE, Can.MANAGE_SETTINGS)
@require_http_methods(["GET", "POST"])
def staff_page(request: HttpRequest) -> HttpResponse:
    form = StaffAccountForm(request.POST or None)
    if request.method == "POST":
        if not user_can(request.user, Can.MANAGE_SETTINGS):
            raise PermissionDenied(denied_message(Can.MANAGE_SETTINGS, role=role_of(request.user)))
        ours = Organization.objects.filter(is_ours=True).first()
        if ours is None:
            form.add_error(None, "Add our organization first.")
        elif form.is_valid():
            data = form.cleaned_data
            staff.add_account(organization=ours, network=data["network"], handle=data["handle"],
                              person=data["person"], consented_on=data["consented_on"],
                              policy_version=data["policy_version"], actor=request.user, request=request)
            flash.success(request, f"Listed {data['person']}'s account; its public posts are read every hour.")
            return redirect("listening_staff")
    return render(request, "listening/staff.html", {
        "form": form, "accounts": StaffAccount.objects.select_related("organization"),
        "flagged": StaffPost.objects.filter(flagged=True, reviewed_at__isnull=True).select_related("account"),
        "may_add": user_can(request.user, Can.MANAGE_SETTINGS),
        "may_read": user_can(request.user, Can.READ_MESSAGES),
    })


@requires(Can.READ_MESSAGES)
def staff_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(StaffPost.objects.select_related("account"), pk=pk, flagged=True)
    audit.record("staff_post_read", post, request=request)
    return render(request, "listening/staff_post.html", {
        "post": post, "pieces": pieces(post.body, post.findings), "may_review": user_can(request.user, Can.APPROVE)})


@requires(Can.APPROVE)
@require_POST
def staff_post_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(StaffPost, pk=pk, flagged=True)
    if post.reviewed_at is None:
        post.reviewed_by, post.reviewed_at = request.user, timezone.now()  # type: ignore[assignment]
        post.save(update_fields=["reviewed_by", "reviewed_at"])
        audit.record("staff_post_reviewed", post, request=request)
    return redirect("listening_staff")
