"""The credentials form: secrets go in, never come back out."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class CredentialsForm(forms.Form):
    token = forms.CharField(
        required=False, max_length=4000, label="Access token or API key", strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="Stored encrypted; never shown again.",
    )
    client_id = forms.CharField(
        required=False, max_length=500, label="Client id (Bluesky: identifier)",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="Only if this channel uses its own app; otherwise BEDSIDE_<NETWORK>_CLIENT_ID.",
    )
    client_secret = forms.CharField(
        required=False, max_length=4000, label="Client secret (Bluesky: app password)", strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(name) for name in ("token", "client_id", "client_secret")):
            raise ValidationError("Enter a token, a client id or a client secret.")
        for name in ("token", "client_secret"):
            if any(ch.isspace() for ch in data.get(name, "")):
                self.add_error(name, "Tokens and secrets have no spaces: check what was pasted.")
        return data
