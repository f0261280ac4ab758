"""Inbox settings for admins: queues, routing rules and alert rules."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django import forms
from django.contrib import messages as flash
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bedside.channels.handles import network_choices
from bedside.inbox import alerts, response_times
from bedside.inbox.models import AlertRule, Queue, RoutingRule
from bedside.inbox.models import alerting as ad
from bedside.workspace import audit
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can


class QueueForm(forms.ModelForm):
    class Meta:
        model = Queue
        fields = ["name", "slug", "description", "response_target_minutes", "position", "is_default"]


class RuleForm(forms.ModelForm):
    match_network = forms.ChoiceField(choices=partial(network_choices, "Any network"), required=False,
                                      label="Match network")

    class Meta:
        model = RoutingRule
        fields = ["position", "name", "match_flag", "match_intent", "match_network", "match_kind", "queue", "alert",
                  "enabled"]


class AlertRuleForm(forms.ModelForm):
    webhook_url = forms.URLField(required=False, max_length=500, assume_scheme="https",
                                 help_text="Receives a Slack-compatible JSON body.")
    teams_webhook_url = forms.URLField(required=False, max_length=500, assume_scheme="https",
                                       label="Microsoft Teams webhook URL",
                                       help_text="A Teams channel's incoming webhook: receives an Adaptive Card.")
    signed_webhook_url = forms.URLField(required=False, max_length=500, assume_scheme="https",
                                        label="Signed webhook URL (paging)",
                                        help_text="Receives JSON signed with HMAC-SHA256 in X-Bedside-Signature.")
    repeat_after_minutes = forms.IntegerField(
        required=False, min_value=0, max_value=24 * 60, initial=10, label="Crisis: alert again after (minutes)",
        help_text="Unacknowledged, it alerts again after this long and escalates to the second tier after as long "
        "again (0: never; blank: 10).")
    signing_secret = forms.CharField(required=False, max_length=200, widget=forms.PasswordInput(render_value=False),
                                     help_text="Shared with the paging system; stored encrypted, never shown again.")

    class Meta:
        model = AlertRule
        fields = ["name", "trigger", "queue", "email_to", "email_on_call", "webhook_url", "teams_webhook_url",
                  "signed_webhook_url", "signing_secret", "repeat_after_minutes", "escalate_email_to", "enabled"]

    def clean_repeat_after_minutes(self) -> int:
        value = self.cleaned_data.get("repeat_after_minutes")
        return 10 if value is None else int(value)

    def clean_escalate_email_to(self) -> str:
        return self._addresses("escalate_email_to")

    def clean_email_to(self) -> str:
        return self._addresses("email_to")

    def _addresses(self, name: str) -> str:
        value = self.cleaned_data[name]
        validator = forms.EmailField()
        for address in [a.strip() for a in value.split(",") if a.strip()]:
            try:
                validator.clean(address)
            except forms.ValidationError:
                raise forms.ValidationError(f"{address!r} is not an email address.") from None
        return value

    def clean(self) -> dict:
        data = super().clean()
        if not any(data.get(k) for k in ("email_to", "email_on_call", "webhook_url", "teams_webhook_url",
                                          "signed_webhook_url")):
            raise forms.ValidationError("Say where the alert goes: addresses, on-call people or a webhook.")
        if data.get("signed_webhook_url") and not data.get("signing_secret"):
            self.add_error("signing_secret", "A signed webhook needs a shared secret to sign with.")
        return data


SECRET = {"signing_secret", "webhook_url", "teams_webhook_url", "signed_webhook_url"}  # credentials: never audited
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
                                 detail={k: str(v) for k, v in model_to_dict(obj).items() if k not in SECRET})
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


@requires(Can.MANAGE_SETTINGS)
@require_POST
def test_alert(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a test alert through every target of a rule, now, and say how
    each delivery went."""
    rule = get_object_or_404(AlertRule, pk=pk)
    alert = alerts.test(rule)
    audit.record("inbox_alert_tested", rule, request=request, detail={"alert": alert.pk})
    rows = list(alert.deliveries.select_related("person"))
    if not rows:
        flash.error(request, f"Test of “{rule.name}”: nobody to alert (no address, nobody on call, no webhook).")
    for d in rows:
        said = f"Test of “{rule.name}”: {d.get_transport_display()} to {d.recipient}: {d.get_status_display()}"
        if d.status == ad.SENT:
            flash.success(request, said + ".")
        else:
            flash.error(request, f"{said} — {d.last_error}" + (" (retrying)" if d.status == "pending" else ""))
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
