"""Governance pages: retention periods and legal holds."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from bedside.governance import retention
from bedside.governance.forms import HoldForm, LiftForm, RetentionForm
from bedside.governance.models import LegalHold, Retention
from bedside.workspace import audit
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can


def _kinds() -> list[dict[str, object]]:
    """Each kind of record: its period, what is due and what a hold keeps."""
    out = []
    for kind, label in Retention.Kind.choices:
        cutoff, due, held = retention.expired(kind)
        spec = retention.SPECS[kind]
        out.append({"kind": kind, "label": label, "days": retention.days_for(kind), "cutoff": cutoff,
                    "due": due.count(), "held": held, "deletes": spec.deletes,
                    "editable": kind != Retention.Kind.MENTIONS})
    return out


def _context(request: HttpRequest, **extra: object) -> dict[str, object]:
    row, _ = Retention.objects.get_or_create(kind=Retention.Kind.MESSAGES)
    cutoff, expired, held = retention.expired_messages()
    return {
        "kinds": _kinds(),
        "retention": row, "retention_form": RetentionForm(instance=row), "hold_form": HoldForm(),
        "holds": LegalHold.objects.select_related("organization", "channel", "placed_by", "lifted_by"),
        "cutoff": cutoff, "due": expired.count(), "held": held,
        "may_set": user_can(request.user, Can.MANAGE_SETTINGS), "may_hold": user_can(request.user, Can.APPROVE),
        **extra,
    }


@requires(Can.APPROVE, Can.MANAGE_SETTINGS)
def governance(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/governance.html", _context(request))


@requires(Can.MANAGE_SETTINGS)
@require_POST
def set_retention(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind") or Retention.Kind.MESSAGES
    if kind not in Retention.Kind.values or kind == Retention.Kind.MENTIONS:
        messages.error(request, f"Unknown kind of record “{kind}” (mentions are kept as listening's settings say).")
        return redirect("governance")
    row, _ = Retention.objects.get_or_create(kind=kind)
    before = row.days
    form = RetentionForm(request.POST, instance=row)
    if not form.is_valid():
        return render(request, "governance/governance.html", _context(request, retention_form=form), status=400)
    with transaction.atomic():
        saved = form.save(commit=False)
        saved.updated_by = request.user
        saved.save()
        audit.record("retention_changed", saved, request=request, detail={"kind": saved.kind, "from": before,
                                                                          "to": saved.days})
    messages.success(request, f"{saved.get_kind_display()}: now kept {saved.days} days.")
    return redirect("governance")


@requires(Can.APPROVE)
@require_http_methods(["POST"])
def place_hold(request: HttpRequest) -> HttpResponse:
    form = HoldForm(request.POST)
    if not form.is_valid():
        return render(request, "governance/governance.html", _context(request, hold_form=form), status=400)
    with transaction.atomic():
        hold = form.save(commit=False)
        hold.placed_by = request.user
        hold.save()
        audit.record("legal_hold_placed", hold, request=request, detail={"name": hold.name})
    messages.success(request, f"Placed the hold “{hold.name}”: nothing it covers is deleted until it is lifted.")
    return redirect("governance")


@requires(Can.APPROVE)
@require_POST
def lift_hold(request: HttpRequest, pk: int) -> HttpResponse:
    hold = get_object_or_404(LegalHold, pk=pk)
    form = LiftForm(request.POST)
    if not hold.active:
        raise PermissionDenied("This hold was lifted already.")
    if not form.is_valid():
        messages.error(request, "Say why the hold is lifted.")
        return redirect("governance")
    with transaction.atomic():
        hold.lifted_by, hold.lifted_at = request.user, timezone.now()  # type: ignore[assignment]
        hold.lift_reason = form.cleaned_data["reason"]
        hold.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
        audit.record("legal_hold_lifted", hold, request=request, detail={"name": hold.name})
    messages.success(request, f"Lifted the hold “{hold.name}”.")
    return redirect("governance")


