from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from bedside.workspace import audit, lockout, twofactor
from bedside.workspace.forms import LockoutAuthenticationForm
from bedside.workspace.middleware import MUST_ENROL, public
from bedside.workspace.sso import oidc, saml

PENDING = "two_factor_user"
PENDING_NEXT = "two_factor_next"


class LoginView(auth_views.LoginView):
    template_name = "workspace/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        offered = ((oidc.configured(), "oidc_start", settings.OIDC_LABEL),
                   (saml.configured(), "saml2_login", settings.SAML_LABEL))
        context["sso_buttons"] = [(reverse(name), label) for on, name, label in offered if on]
        context["local_sign_in"] = settings.LOCAL_SIGN_IN
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if twofactor.enabled(user):
            # The password was right; the code comes next, and only then a session.
            self.request.session.cycle_key()
            self.request.session[PENDING] = user.pk
            self.request.session[PENDING_NEXT] = self.get_success_url()
            return redirect("login_code")
        response = super().form_valid(form)
        if twofactor.required(user):
            self.request.session[MUST_ENROL] = True
            return redirect("two_factor")
        return response


class CodeForm(forms.Form):
    code = forms.CharField(label="Code from your authenticator app", max_length=12,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


@public
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: the person's password was right, now their code."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth import login as auth_login

    pk = request.session.get(PENDING)
    user = get_user_model().objects.filter(pk=pk, is_active=True).first() if pk else None
    if user is None:
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = user.get_username()
        if not lockout.reserve(name):  # wrong codes count like wrong passwords
            form.add_error("code", "Too many failed attempts: try again later, or ask an administrator.")
        elif twofactor.verify(user, form.cleaned_data["code"]):
            lockout.clear(name)
            next_url = request.session.get(PENDING_NEXT) or "/"
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            audit.record("signed_in_with_two_factor", user, actor=user, request=request)
            return redirect(next_url)
        else:
            lockout.note_failure(name, request.META.get("REMOTE_ADDR"))
            form.add_error("code", "That code is not right (or was used already): enter the newest one.")
    return render(request, "workspace/login_code.html", {"form": form}, status=400 if form.errors else 200)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "workspace/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit.record("password_changed", self.request.user, request=self.request)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "workspace/password_change_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The one-time link an administrator made (lifecycle.reset_link)."""

    template_name = "workspace/password_reset_confirm.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        lockout.clear(user.get_username())
        audit.record("password_reset_done", user, actor=user, request=self.request)
        messages.success(self.request, "Your new password is set; sign in with it.")
        return response


login = public(LoginView.as_view())
password_reset_confirm = public(PasswordResetConfirmView.as_view())
class LogoutView(auth_views.LogoutView):
    """Signs out of Bedside; a person who came in by OpenID Connect is then
    sent to their identity provider to end its session too, so the next
    person at a shared workstation is not signed straight back in."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        id_token = request.session.get("oidc_id_token") or ""
        response = super().post(request, *args, **kwargs)  # the session is gone after this
        elsewhere = oidc.end_session_url(request, id_token)
        return HttpResponseRedirect(elsewhere) if elsewhere else response


logout = LogoutView.as_view()
password_change = PasswordChangeView.as_view()
password_change_done = PasswordChangeDoneView.as_view()


@public
def healthz(request: HttpRequest) -> HttpResponse:
    """The database and the task queue, not just "the process answers"."""
    from bedside.workspace import health

    found = health.check()
    response = JsonResponse(found.as_dict(), status=found.http_status)
    response["Cache-Control"] = "no-store"
    return response
