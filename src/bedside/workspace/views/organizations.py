"""Our organization and peers (an organization's page with its channels:
``bedside.channels.views``)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.workspace import audit, cms, removal
from bedside.workspace.forms import OrganizationForm, PeerFromCmsForm
from bedside.workspace.models import Location, Organization
from bedside.workspace.organization_hooks import after_save
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can


@requires(Can.VIEW)
def organization_list(request: HttpRequest) -> HttpResponse:
    orgs = Organization.objects.prefetch_related("channels", "locations")
    can_delete = user_can(request.user, Can.DELETE_ORGS)
    deleted = Organization.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at") if can_delete else []
    return render(
        request,
        "workspace/organization_list.html",
        {"organizations": orgs, "can_manage": user_can(request.user, Can.MANAGE_ORGS), "can_delete": can_delete,
         "deleted": deleted},
    )


@requires(Can.MANAGE_ORGS)
def organization_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    org = get_object_or_404(Organization, pk=pk) if pk else None
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            audit.record("organization_saved" if org else "organization_added", saved, request=request)
            after_save(saved, request=request)
        messages.success(request, f"Saved {saved}.")
        return redirect("organization_detail", pk=saved.pk)
    return render(
        request, "workspace/organization_form.html", {"form": form, "org": org}, status=400 if form.errors else 200
    )


@requires(Can.DELETE_ORGS)
def organization_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A page naming what goes (counts), confirmed by typing the name."""
    org = get_object_or_404(Organization, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            found = removal.delete(org, request.user, request.POST.get("confirm", ""), request=request)
        except removal.RemovalError as exc:
            error = str(exc)
        else:
            messages.success(request, f"Deleted {org}: {removal.describe(found)} hidden. An admin can restore it "
                                      f"for {removal.retention().days} days.")
            return redirect("organizations")
    return render(request, "workspace/organization_delete.html",
                  {"org": org, "counts": removal.counts(org), "error": error, "days": removal.retention().days},
                  status=400 if error else 200)


@require_POST
@requires(Can.DELETE_ORGS)
def organization_restore(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organization.all_objects, pk=pk, deleted_at__isnull=False)
    try:
        removal.restore(org, request.user, request=request)
    except removal.RemovalError as exc:
        messages.error(request, str(exc))
        return redirect("organizations")
    messages.success(request, f"Restored {org}.")
    return redirect("organization_detail", pk=org.pk)


@requires(Can.MANAGE_ORGS)
def peer_from_cms(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    state = request.GET.get("state", "").strip()
    results = cms.search(query, state) if (query or state) else []
    if request.method == "POST":
        form = PeerFromCmsForm(request.POST)
        if form.is_valid():
            org = add_peer_from_cms(form.cleaned_data["facility_id"], form.cleaned_data["name"], request=request)
            messages.success(request, f"Added {org} as a peer.")
            return redirect("organization_detail", pk=org.pk)
    else:
        form = PeerFromCmsForm()
    template = "workspace/_cms_results.html" if request.headers.get("HX-Request") else "workspace/peer_from_cms.html"
    return render(
        request,
        template,
        {"form": form, "results": results, "q": query, "state": state},
        status=400 if form.errors else 200,
    )


@transaction.atomic
def add_peer_from_cms(hospital: cms.Hospital, name: str, *, request: HttpRequest | None = None) -> Organization:
    org = Organization.objects.create(name=name, kind=Organization.Kind.HOSPITAL, is_ours=False)
    Location.objects.create(
        organization=org,
        name=hospital.title,
        address=hospital.street,
        city=hospital.town,
        state=hospital.state,
        zip_code=hospital.zip,
        phone=hospital.phone,
        cms_facility_id=hospital.facility_id,
        hospital_type=hospital.hospital_type,
        star_rating=hospital.rating,
    )
    audit.record("peer_added", org, request=request, detail={"cms_facility_id": hospital.facility_id})
    return org
