from __future__ import annotations

from django import forms

from bedside.governance.models import LegalHold, Retention


class RetentionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Retention
        fields = ["days"]
        labels = {"days": "Keep inbox messages and replies for (days)"}


class HoldForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = LegalHold
        fields = ["name", "reason", "organization", "channel", "author_handle", "start", "end"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3}), "start": forms.DateInput(attrs={"type": "date"}),
                   "end": forms.DateInput(attrs={"type": "date"})}
        labels = {"name": "Matter", "start": "From", "end": "To"}


class LiftForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why the hold is lifted")
