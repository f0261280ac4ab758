"""Inbox settings for admins: queues, routing rules and alert rules."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages as flash
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bedside.inbox import response_times
from bedside.inbox.models import AlertRule, Queue, RoutingRule
from bedside.workspace import audit
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can


class QueueForm(forms.ModelForm):
    class Meta:
        model = Queue
        fields = ["name", "slug", "description", "response_target_minutes", "position", "is_default"]


class RuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["position", "name", "match_flag", "match_intent", "match_network", "match_kind", "queue", "alert",
                  "enabled"]


class AlertRuleForm(forms.ModelForm):
    webhook_url = forms.URLField(required=False, max_length=500, assume_scheme="https",
                                 help_text="Receives a Slack-compatible JSON body.")

    class Meta:
        model = AlertRule
        fields = ["name", "trigger", "queue", "email_to", "email_on_call", "webhook_url", "enabled"]

    def clean_email_to(self) -> str:
        value = self.cleaned_data["email_to"]
        validator = forms.EmailField()
        for address in [a.strip() for a in value.split(",") if a.strip()]:
            try:
                validator.clean(address)
            except forms.ValidationError:
                raise forms.ValidationError(f"{address!r} is not an email address.") from None
        return value

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("email_to") and not data.get("email_on_call") and not data.get("webhook_url"):
            raise forms.ValidationError("Say where the alert goes: addresses, on-call people or a webhook.")
        return data


FORMS = {"queue": (QueueForm, Queue), "rule": (RuleForm, RoutingRule), "alert": (AlertRuleForm, AlertRule)}


@requires(Can.MANAGE_SETTINGS)
def inbox_settings(request: HttpRequest) -> HttpResponse:
    forms_ = {name: cls(prefix=name) for name, (cls, _) in FORMS.items()}
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind in FORMS:
            cls, _ = FORMS[kind]
            form = cls(request.POST, prefix=kind)
            forms_[kind] = form
            if form.is_valid():
                with transaction.atomic():
                    if kind == "queue" and form.cleaned_data.get("is_default"):
                        Queue.objects.update(is_default=False)
                    obj = form.save()
                    audit.record(f"inbox_{kind}_added", obj, request=request,
                                 detail={k: str(v) for k, v in model_to_dict(obj).items()})
                flash.success(request, "Saved.")
                return redirect("inbox_settings")
    return render(request, "inbox/settings.html", {
        "queues": Queue.objects.all(), "rules": RoutingRule.objects.select_related("queue").all(),
        "alert_rules": AlertRule.objects.select_related("queue").all(), "forms": forms_})


@requires(Can.MANAGE_SETTINGS)
@require_POST
def inbox_settings_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in FORMS:
        return redirect("inbox_settings")
    obj = get_object_or_404(FORMS[kind][1], pk=pk)
    with transaction.atomic():
        audit.record(f"inbox_{kind}_deleted", obj, request=request)
        obj.delete()
    flash.success(request, "Deleted.")
    return redirect("inbox_settings")


@requires(Can.READ_MESSAGES)
def times(request: HttpRequest) -> HttpResponse:
    until = timezone.now()
    since = until - timedelta(days=response_times.DEFAULT_DAYS)
    return render(request, "inbox/response_times.html", {
        "rows": response_times.summary(since, until=until),
        "by_queue": response_times.summary(since, by=("queue",), until=until),
        "overall": response_times.conversation_metrics(since, until=until),
        "since": since, "until": until, "definition": response_times.DEFINITION})
