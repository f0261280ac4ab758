"""/api/vocabulary: our organization's guard vocabulary, and
/api/patient-index: whether a patient index is loaded (counts only; never a
name, a number or a hash)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from bedside.workspace import patient_index
from bedside.workspace.api import FieldErrors, need
from bedside.workspace.models import Organization, VocabularyTerm
from bedside.workspace.roles import Can
from bedside.workspace.vocabulary import MAX_NAME, VocabularyError, add_term, remove_term

router = Router(tags=["guard vocabulary"])


class TermOut(Schema):
    id: int
    kind: VocabularyTerm.Kind
    name: str
    source: VocabularyTerm.Source


class TermIn(Schema):
    kind: VocabularyTerm.Kind
    name: str = Field(..., min_length=1, max_length=MAX_NAME)


class PatientIndexOut(Schema):
    loaded: bool
    patients: int
    entries: int
    imported_at: datetime | None
    imported_by: str
    key_matches: bool


def _ours() -> Organization:
    ours = Organization.objects.filter(is_ours=True).first()
    if ours is None:
        raise HttpError(409, "add our organization first: the vocabulary is our organization's")
    return ours


@router.get("/vocabulary", response=list[TermOut])
def list_terms(request: HttpRequest) -> object:
    """Our campuses, units, service lines, staff who may be named and reply signers."""
    need(request, Can.VIEW)
    ours = Organization.objects.filter(is_ours=True).first()
    return list(VocabularyTerm.objects.filter(organization=ours)) if ours else []


@router.post("/vocabulary", response={201: TermOut})
def create_term(request: HttpRequest, payload: TermIn) -> object:
    need(request, Can.EDIT_VOCABULARY)
    try:
        term = add_term(_ours(), payload.kind, payload.name, request=request)
    except VocabularyError as exc:
        field, _, message = str(exc).partition(": ")
        raise FieldErrors({field: [message]}) from None
    return Status(201, term)


@router.delete("/vocabulary/{term_id}", response={204: None})
def delete_term(request: HttpRequest, term_id: int) -> object:
    need(request, Can.EDIT_VOCABULARY)
    remove_term(get_object_or_404(VocabularyTerm, pk=term_id, organization__is_ours=True), request=request)
    return Status(204, None)


@router.get("/patient-index", response=PatientIndexOut)
def patient_index_status(request: HttpRequest) -> object:
    """Whether a patient index is loaded, with counts. Import and clear it with
    `bedside patient-index` on the server: the file never travels over HTTP."""
    need(request, Can.MANAGE_SETTINGS)
    s = patient_index.status()
    return {"loaded": s.loaded, "patients": s.patients, "entries": s.entries, "imported_at": s.imported_at,
            "imported_by": s.imported_by, "key_matches": s.key_matches}
