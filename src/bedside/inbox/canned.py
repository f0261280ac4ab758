"""Canned responses: versioned templates with placeholders, each version
approved by a compliance reviewer (never its author) before anyone uses it."""

from __future__ import annotations

import string
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bedside.inbox.defaults import PLACEHOLDERS
from bedside.inbox.models import CannedResponse, CannedVersion
from bedside.workspace import audit
from bedside.workspace.models import Location, Organization
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can


class CannedError(Exception):
    pass


def placeholders_in(body: str) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(body) if name is not None]
    except ValueError as exc:
        raise CannedError(f"The template's braces do not match: {exc}. Write a literal brace as {{{{ or }}}}.") from None


def validate(body: str) -> str:
    body = body.strip()
    if not body:
        raise CannedError("A template needs some text.")
    unknown = sorted(set(placeholders_in(body)) - set(PLACEHOLDERS))
    if unknown:
        raise CannedError(f"Unknown placeholder(s) {', '.join('{' + u + '}' for u in unknown)}; "
                          f"known: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}.")
    return body


def values() -> dict[str, str]:
    ours = Organization.objects.filter(is_ours=True).first()
    phone = ""
    if ours is not None:
        phone = Location.objects.filter(organization=ours).exclude(phone="").values_list("phone", flat=True).first() or ""
    return {
        "organization": ours.name.replace(" (sample)", "") if ours else "our team",
        "phone": phone or "our main number",
        "website": (ours.website if ours and ours.website else "our website"),
    }


def render(version: CannedVersion, extra: dict[str, str] | None = None) -> str:
    return version.body.format_map({**values(), **(extra or {})})


def usable() -> list[tuple[CannedResponse, CannedVersion]]:
    """Templates with an approved version, each with its latest approved version."""
    out = []
    for canned in CannedResponse.objects.filter(retired=False).prefetch_related("versions"):
        approved = [v for v in canned.versions.all() if v.state == CannedVersion.State.APPROVED]
        if approved:
            out.append((canned, max(approved, key=lambda v: v.number)))
    return out


@transaction.atomic
def propose(canned: CannedResponse, body: str, author: Any, *, request: Any = None) -> CannedVersion:
    body = validate(body)
    number = (canned.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = CannedVersion.objects.create(canned=canned, number=number, body=body, author=author)
    audit.record("canned_proposed", version, request=request, actor=author, detail={"canned": canned.slug})
    return version


@transaction.atomic
def review(version: CannedVersion, reviewer: Any, *, approve: bool, note: str = "", request: Any = None) -> CannedVersion:
    if not user_can(reviewer, Can.APPROVE):
        raise CannedError("Only a compliance reviewer or an admin approves canned responses.")
    if version.author_id is not None and version.author_id == getattr(reviewer, "pk", None):
        raise CannedError("A template cannot be approved by its own author; ask another reviewer.")
    if version.state != CannedVersion.State.PENDING:
        raise CannedError(f"Version {version.number} is already {version.get_state_display().lower()}.")
    version.state = CannedVersion.State.APPROVED if approve else CannedVersion.State.REJECTED
    version.reviewer = reviewer
    version.reviewed_at = timezone.now()
    version.note = note.strip()[:300]
    version.save(update_fields=["state", "reviewer", "reviewed_at", "note"])
    audit.record("canned_approved" if approve else "canned_rejected", version, request=request, actor=reviewer,
                 detail={"canned": version.canned.slug, "number": version.number})
    return version
