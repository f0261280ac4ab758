"""Canned responses: versioned templates with placeholders, each version
approved by a compliance reviewer (never its author) before anyone uses it."""

from __future__ import annotations

import string
from typing import Any

from django.db import transaction
from django.utils import timezone

from bedside.guard import Context, Result, scan
from bedside.inbox.defaults import PLACEHOLDERS
from bedside.inbox.models import CannedResponse, CannedVersion
from bedside.workspace import audit, versions
from bedside.workspace.identifiers import our_public_identifiers
from bedside.workspace.models import Location, Organization


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


# What a placeholder says when the organization has not set its value yet.
FALLBACKS = {"organization": "our team", "phone": "our main number", "website": "our website"}


def _set_values() -> dict[str, str]:
    """The placeholders our organization has a value for."""
    ours = Organization.objects.filter(is_ours=True).first()
    if ours is None:
        return {}
    found = {"organization": ours.name, "website": ours.website}
    found["phone"] = Location.objects.filter(organization=ours).exclude(phone="").values_list(
        "phone", flat=True).first() or ""
    return {k: v for k, v in found.items() if v}


def values() -> dict[str, str]:
    return {**FALLBACKS, **_set_values()}


def missing(body: str) -> dict[str, str]:
    """Placeholders in ``body`` that have no value yet, each with the words it
    falls back to, so the person using the template is told before sending
    "call our main number" instead of a number."""
    known = _set_values()
    return {name: FALLBACKS[name] for name in dict.fromkeys(placeholders_in(body))
            if name in FALLBACKS and name not in known}


# Templates answer reviews as well as comments, so they are judged by the
# strictest reply rule: a reply to a review, where confirming a patient is PHI.
GUARD_KIND = "review_reply"


def check(body: str) -> Result:
    """The guard on what the template will say once its placeholders are filled:
    a placeholder is our own name, phone or website (allowed), never a person's
    name or a number to flag."""
    try:
        filled = body.format_map(values())
    except (KeyError, ValueError, IndexError):
        filled = body  # validate() explains bad braces and unknown names
    return scan(filled, Context(direction="outbound", kind=GUARD_KIND, **our_public_identifiers()))


def render(version: CannedVersion, extra: dict[str, str] | None = None) -> str:
    return version.body.format_map({**values(), **(extra or {})})


def usable(intents: tuple[str, ...] = ()) -> list[tuple[CannedResponse, CannedVersion]]:
    """Templates with an approved version, each with its latest approved version,
    those written for the message's intents first (in the order of ``intents``,
    so the crisis template leads on a crisis), then the rest by name."""
    out = []
    for canned in CannedResponse.objects.filter(retired=False).prefetch_related("versions"):
        approved = [v for v in canned.versions.all() if v.state == CannedVersion.State.APPROVED]
        if approved:
            out.append((canned, max(approved, key=lambda v: v.number)))
    rank = {intent: n for n, intent in enumerate(intents)}
    return sorted(out, key=lambda pair: (rank.get(pair[0].intent, len(rank)), pair[0].name.lower()))


@transaction.atomic
def propose(canned: CannedResponse, body: str, author: Any, *, request: Any = None) -> CannedVersion:
    body = validate(body)
    number = versions.next_number(canned.versions.all())
    version = CannedVersion.objects.create(canned=canned, number=number, body=body, author=author)
    audit.record("canned_proposed", version, request=request, actor=author, detail={"canned": canned.slug})
    return version


@transaction.atomic
def review(version: CannedVersion, reviewer: Any, *, approve: bool, note: str = "", request: Any = None) -> CannedVersion:
    try:
        versions.may_review(version, reviewer, what="canned responses", noun="template")
    except versions.VersionError as exc:
        raise CannedError(str(exc)) from None
    # The guard again at approval, on the text as it will go out.
    verdict = check(version.body)
    note = note.strip()[:300]
    if approve and verdict.verdict == "block" and not note:
        raise CannedError("The HIPAA guard blocks this template (" + "; ".join(verdict.reasons or ["PHI found"])
                          + "). To approve it anyway, write why in the note: it is kept in the audit log.")
    version.state = CannedVersion.State.APPROVED if approve else CannedVersion.State.REJECTED
    version.reviewer = reviewer
    version.reviewed_at = timezone.now()
    version.note = note
    version.save(update_fields=["state", "reviewer", "reviewed_at", "note"])
    detail: dict[str, Any] = {"canned": version.canned.slug, "number": version.number, "guard": verdict.verdict}
    if approve and verdict.verdict == "block":
        detail["justification"] = note
    audit.record("canned_approved" if approve else "canned_rejected", version, request=request, actor=reviewer,
                 detail=detail)
    return version
