"""The form a person adds a channel with."""

from __future__ import annotations

from typing import Any

from django import forms

from bedside.channels.handles import HandleError, network_choices, normalize_handle
from bedside.channels.models import Channel
from bedside.workspace.models import Organization


class ChannelForm(forms.ModelForm):
    network = forms.ChoiceField(choices=network_choices)
    url = forms.URLField(required=False, assume_scheme="https", max_length=500, label="Profile URL")

    class Meta:
        model = Channel
        fields = ["network", "handle", "url", "official"]

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organization = organization

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        network, handle = data.get("network"), data.get("handle")
        if network and handle:
            try:
                data["handle"] = normalize_handle(network, handle)
            except HandleError as exc:
                self.add_error("handle", str(exc))
                return data
            self.instance.handle = data["handle"]
            duplicate = Channel.objects.filter(
                organization=self.instance.organization, network=network, handle=data["handle"]
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error("handle", "This organization already has that channel.")
        return data
