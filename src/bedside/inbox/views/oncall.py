"""The on-call schedule: weekly shifts per person in their time zone, and who
is on call right now (what alerts use)."""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.inbox import oncall
from bedside.inbox.models import OnCallShift
from bedside.workspace import audit
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can


class ShiftForm(forms.ModelForm):
    class Meta:
        model = OnCallShift
        fields = ["person", "weekday", "starts", "ends", "time_zone", "tier"]
        widgets = {"starts": forms.TimeInput(attrs={"type": "time"}), "ends": forms.TimeInput(attrs={"type": "time"})}
        help_texts = {"ends": "At or before the start: the shift runs past midnight.",
                      "time_zone": "Such as America/New_York; the shift follows its daylight-saving changes."}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["person"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["person"].label_from_instance = lambda u: f"{u.get_username()} ({u.email or 'no e-mail address'})"

    def clean(self) -> dict:
        data = super().clean()
        if data.get("starts") is not None and data.get("starts") == data.get("ends"):
            # Equal times would mean a 24-hour shift: say so rather than guess.
            self.add_error("ends", "A shift ends at a different time than it starts (use two shifts for a day).")
        return data


@requires(Can.READ_MESSAGES)
def schedule(request: HttpRequest) -> HttpResponse:
    can_edit = user_can(request.user, Can.MANAGE_SETTINGS)
    form = ShiftForm(prefix="shift")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Changing the on-call schedule needs the settings permission.")
        form = ShiftForm(request.POST, prefix="shift")
        if form.is_valid():
            with transaction.atomic():
                shift = form.save()
                audit.record("inbox_on_call_shift_added", shift, request=request)
            flash.success(request, f"Shift added: {shift}.")
            return redirect("inbox_on_call")
    return render(request, "inbox/on_call.html", {
        "shifts": OnCallShift.objects.select_related("person").all(),
        "first": oncall.on_call(tier=1), "second": oncall.on_call(tier=2),
        "flagged": get_user_model().objects.filter(member__on_call=True, is_active=True).order_by("username"),
        "form": form, "can_edit": can_edit,
    })


@requires(Can.MANAGE_SETTINGS)
@require_POST
def delete_shift(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_object_or_404(OnCallShift, pk=pk)
    with transaction.atomic():
        audit.record("inbox_on_call_shift_deleted", shift, request=request)
        shift.delete()
    flash.success(request, "Shift deleted.")
    return redirect("inbox_on_call")
