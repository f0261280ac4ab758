from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse_lazy

from bedside.workspace import audit, lockout
from bedside.workspace.forms import LockoutAuthenticationForm
from bedside.workspace.middleware import public


class LoginView(auth_views.LoginView):
    template_name = "workspace/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True


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
logout = auth_views.LogoutView.as_view()
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
