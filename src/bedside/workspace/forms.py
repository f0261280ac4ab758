"""Forms: each validates every field and saves nothing partial."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from bedside.workspace import cms, lockout
from bedside.workspace.models import Member, Organization
from bedside.workspace.models.members import ROLE_CHOICES
from bedside.workspace.sso import local


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": "Too many failed sign-ins for this account. Try again later or ask an administrator.",
        "local_off": local.OFF_MESSAGE,
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username and not local.password_allowed(username):
            # Refused before the password is read or an attempt counted: the
            # password is not what decides here.
            local.record_refused(username, self.request)
            raise ValidationError(self.error_messages["local_off"], code="local_off")
        # Reserve the attempt before the password is checked, atomically, so
        # parallel sign-ins cannot check more passwords than the limit.
        if username and self.cleaned_data.get("password") and not lockout.reserve(username):
            raise ValidationError(self.error_messages["locked"], code="locked")
        return super().clean()


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Organization
        fields = ["name", "kind", "website", "is_ours"]
        labels = {"is_ours": "This is our organization"}

    def clean_is_ours(self) -> bool:
        is_ours = self.cleaned_data["is_ours"]
        if is_ours:
            others = Organization.objects.filter(is_ours=True)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                raise ValidationError(f"{others.first()} is already marked as our organization.")
        return is_ours


class PeerFromCmsForm(forms.Form):
    facility_id = forms.CharField(max_length=10)
    name = forms.CharField(
        max_length=200, required=False, help_text="Leave empty to use the hospital's CMS name."
    )

    def clean_facility_id(self) -> cms.Hospital:
        hospital = cms.get(self.cleaned_data["facility_id"])
        if hospital is None:
            raise ValidationError("No hospital with that CMS facility id.")
        return hospital

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        hospital = data.get("facility_id")
        if hospital is not None:
            data["name"] = (data.get("name") or "").strip() or hospital.title
            if Organization.objects.filter(name__iexact=data["name"]).exists():
                self.add_error("name", f"An organization named {data['name']!r} already exists.")
        return data


class AuditFilterForm(forms.Form):
    actor = forms.CharField(required=False, max_length=150)
    action = forms.CharField(required=False, max_length=64)
    object_type = forms.CharField(required=False, max_length=64)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "must be on or after the start date")
        return data


class NewUserForm(forms.Form):
    username = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)
    # The least privileged role unless someone chooses more.
    role = forms.ChoiceField(choices=ROLE_CHOICES, initial="viewer")
    password = forms.CharField(widget=forms.PasswordInput, strip=False)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError("That username is taken.")
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password"):
            user = get_user_model()(username=data.get("username", ""), email=data.get("email", ""))
            try:
                validate_password(data["password"], user)
            except ValidationError as exc:
                self.add_error("password", exc)
        return data


class RoleForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["role", "on_call"]


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. 'reporting script'.")
