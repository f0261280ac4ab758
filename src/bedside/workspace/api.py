"""REST API for the workspace: organizations (with their channels), CMS hospitals, audit.

Adding a channel: ``bedside.channels.api``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from bedside.workspace import audit, cms, removal
from bedside.workspace.models import Organization
from bedside.workspace.organization_hooks import after_save
from bedside.workspace.permissions import role_of, user_can
from bedside.workspace.roles import Can, denied_message
from bedside.workspace.views.organizations import add_peer_from_cms

router = Router(tags=["workspace"])

# Paging deeper than this is a mistake, and SQLite cannot take an offset past 2**63.
MAX_OFFSET = 10_000_000
# Ids are 64-bit; a bigger number in a path is a 422, not a database error.
MAX_ID = 2**63 - 1
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]


def need(request: HttpRequest, capability: Can) -> None:
    if not user_can(request.auth, capability):
        raise HttpError(403, denied_message(capability, role=role_of(request.auth)))


class FieldErrors(Exception):
    """422 with ``{"errors": {field: [messages]}}``, like the forms show."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("invalid input")
        self.errors = errors


class ChannelOut(Schema):
    id: int
    network: str
    handle: str
    url: str
    official: bool
    status: str


class LocationOut(Schema):
    name: str
    address: str
    city: str
    state: str
    zip_code: str
    phone: str
    cms_facility_id: str


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str
    is_ours: bool
    website: str
    is_sample: bool
    channels: list[ChannelOut]
    locations: list[LocationOut]


class OrganizationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200, pattern=r"\S")
    kind: Organization.Kind = Organization.Kind.HEALTH_SYSTEM
    website: str = Field("", max_length=200, pattern=r"^(https?://\S+)?$")
    is_ours: bool = False


class PeerFromCmsIn(Schema):
    facility_id: str = Field(..., min_length=1, max_length=10)
    name: str = ""


class HospitalOut(Schema):
    facility_id: str
    name: str
    address: str
    city: str
    state: str
    zip: str
    phone: str
    hospital_type: str
    rating: int | None


class AuditOut(Schema):
    id: int
    at: datetime
    actor_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    ip: str | None
    detail: dict
    hash: str


@router.get("/organizations", response=list[OrganizationOut])
def list_organizations(request: HttpRequest) -> object:
    need(request, Can.VIEW)
    return Organization.objects.prefetch_related("channels", "locations")


@router.get("/organizations/{org_id}", response=OrganizationOut)
def get_organization(request: HttpRequest, org_id: ObjectId) -> object:
    need(request, Can.VIEW)
    return get_object_or_404(Organization, pk=org_id)


@router.post("/organizations", response={201: OrganizationOut})
def create_organization(request: HttpRequest, payload: OrganizationIn) -> object:
    need(request, Can.MANAGE_ORGS)
    errors: dict[str, list[str]] = {}
    if Organization.objects.filter(name__iexact=payload.name.strip()).exists():
        errors["name"] = ["An organization with this name already exists."]
    if payload.is_ours and Organization.objects.filter(is_ours=True).exists():
        errors["is_ours"] = ["Another organization is already marked as ours."]
    if payload.website and not payload.website.startswith(("http://", "https://")):
        errors["website"] = ["Enter a web address starting with http:// or https://."]
    if errors:
        raise FieldErrors(errors)
    with transaction.atomic():
        org = Organization.objects.create(
            name=payload.name.strip(), kind=payload.kind, website=payload.website, is_ours=payload.is_ours
        )
        audit.record("organization_added", org, request=request, actor=request.auth)
        after_save(org, request=request, actor=request.auth)
    return Status(201, org)


@router.post("/peers/from-cms", response={201: OrganizationOut})
def create_peer_from_cms(request: HttpRequest, payload: PeerFromCmsIn) -> object:
    need(request, Can.MANAGE_ORGS)
    hospital = cms.get(payload.facility_id)
    if hospital is None:
        raise FieldErrors({"facility_id": ["No hospital with that CMS facility id."]})
    name = payload.name.strip() or hospital.title
    if Organization.objects.filter(name__iexact=name).exists():
        raise FieldErrors({"name": [f"An organization named {name!r} already exists."]})
    request.user = request.auth
    return Status(201, add_peer_from_cms(hospital, name, request=request))


class DeletionOut(Schema):
    id: int
    name: str
    counts: dict[str, int]
    restorable_until: datetime | None = None


@router.get("/organizations/{org_id}/deletion", response=DeletionOut)
def deletion_preview(request: HttpRequest, org_id: ObjectId) -> object:
    """What deleting the organization would take with it (counts), before confirming."""
    need(request, Can.DELETE_ORGS)
    org = get_object_or_404(Organization, pk=org_id)
    return {"id": org.pk, "name": org.name, "counts": removal.counts(org)}


@router.delete("/organizations/{org_id}", response=DeletionOut)
def delete_organization(request: HttpRequest, org_id: ObjectId, confirm: str = "") -> object:
    """Admins only; ``confirm`` must be the organization's name. A soft delete:
    restorable with POST .../restore for the retention period."""
    need(request, Can.DELETE_ORGS)
    org = get_object_or_404(Organization, pk=org_id)
    try:
        found = removal.delete(org, request.auth, confirm, request=request)
    except removal.RemovalError as exc:
        raise FieldErrors({"confirm": [str(exc)]}) from None
    org = Organization.all_objects.get(pk=org.pk)
    assert org.deleted_at is not None
    return {"id": org.pk, "name": org.name, "counts": found, "restorable_until": org.deleted_at + removal.retention()}


@router.post("/organizations/{org_id}/restore", response=OrganizationOut)
def restore_organization(request: HttpRequest, org_id: ObjectId) -> object:
    need(request, Can.DELETE_ORGS)
    org = get_object_or_404(Organization.all_objects, pk=org_id, deleted_at__isnull=False)
    try:
        return removal.restore(org, request.auth, request=request)
    except removal.RemovalError as exc:
        raise FieldErrors({"organization": [str(exc)]}) from None


@router.get("/hospitals", response=list[HospitalOut])
def search_hospitals(request: HttpRequest, q: str = Query("", max_length=200), state: str = Query("", max_length=2),
                     limit: int = Query(25, ge=1, le=200)) -> object:
    need(request, Can.VIEW)
    return cms.search(q, state, limit=limit)


@router.get("/audit", response=list[AuditOut])
def list_audit(
    request: HttpRequest,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    since: date | None = None,
    until: date | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> object:
    need(request, Can.VIEW_AUDIT)
    from bedside.workspace.views.audit import filter_entries

    form, entries = filter_entries(
        {"actor": actor, "action": action, "object_type": object_type, "since": since or "", "until": until or ""}
    )
    if form.errors:
        raise FieldErrors({k: list(v) for k, v in form.errors.items()})
    return entries[offset : offset + limit]
