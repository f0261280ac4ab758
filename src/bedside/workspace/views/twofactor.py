"""Setting up and turning off two-factor sign-in (your own account)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from bedside.workspace import twofactor
from bedside.workspace.middleware import MUST_ENROL
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can

SECRET = "two_factor_secret"  # the secret being set up, until the first code confirms it


class CodeForm(forms.Form):
    code = forms.CharField(label="Code from your authenticator app", max_length=12,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


@requires(Can.VIEW)
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    enabled = twofactor.enabled(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "disable":
        if twofactor.required(request.user):
            messages.error(request, "Administrators must keep two-factor sign-in on.")
        elif form.is_valid() and twofactor.verify(request.user, form.cleaned_data["code"]):
            twofactor.disable(request.user, request=request)
            messages.success(request, "Two-factor sign-in is off.")
        else:
            messages.error(request, "Enter a current code from your app to turn two-factor sign-in off.")
        return redirect("two_factor")
    if enabled:
        return render(request, "workspace/two_factor.html", {"enabled": True, "form": CodeForm(),
                                                             "required": twofactor.required(request.user)})
    secret = request.session.get(SECRET) or twofactor.new_secret()
    request.session[SECRET] = secret
    if request.method == "POST" and form.is_valid():
        if twofactor.confirm(request.user, secret, form.cleaned_data["code"], request=request):
            request.session.pop(SECRET, None)
            request.session.pop(MUST_ENROL, None)
            messages.success(request, "Two-factor sign-in is on: you will be asked for a code each time you sign in.")
            return redirect("settings")
        form.add_error("code", "That code does not match: check the app's clock and enter the newest code.")
    uri = twofactor.uri(request.user, secret)
    return render(request, "workspace/two_factor.html", {
        "enabled": False, "form": form, "secret": secret, "qr": twofactor.qr_svg(uri),
        "required": twofactor.required(request.user), "must": bool(request.session.get(MUST_ENROL)),
    }, status=400 if form.errors else 200)
