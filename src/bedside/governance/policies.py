"""Policy documents: versioned and approved the way canned responses are
(:mod:`bedside.workspace.versions`), the community policy written out as a
static page, and each person's acceptance of the employee policy in force."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from bedside.governance.models import Acknowledgement, Policy, PolicyVersion
from bedside.governance.templates_text import TEMPLATES
from bedside.inbox.canned import values as placeholder_values
from bedside.workspace import audit, gates, versions
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can

PUBLIC_FILE = "community-policy.html"
MAX_BODY = 20_000


class PolicyError(Exception):
    pass


def ensure() -> list[Policy]:
    """Both policies, each starting from its shipped template (version 1,
    awaiting approval) the first time."""
    out = []
    for kind, (title, body) in TEMPLATES.items():
        policy, made = Policy.objects.get_or_create(kind=kind, defaults={"title": title})
        if made:
            PolicyVersion.objects.create(policy=policy, number=1, body=body)
        out.append(policy)
    return out


def validate(body: str) -> str:
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise PolicyError("A policy needs some text.")
    if len(body) > MAX_BODY:
        raise PolicyError(f"A policy can be at most {MAX_BODY:,} characters; this one has {len(body):,}.")
    return body


@transaction.atomic
def propose(policy: Policy, body: str, author: Any, *, request: Any = None) -> PolicyVersion:
    body = validate(body)
    version = PolicyVersion.objects.create(
        policy=policy, number=versions.next_number(policy.versions.all()), body=body, author=author
    )
    audit.record(
        "policy_proposed",
        version,
        request=request,
        actor=author,
        detail={"policy": policy.kind, "number": version.number},
    )
    return version


@transaction.atomic
def review(
    version: PolicyVersion, reviewer: Any, *, approve: bool, note: str = "", request: Any = None
) -> PolicyVersion:
    version = PolicyVersion.objects.select_for_update().select_related("policy").get(pk=version.pk)
    try:
        versions.may_review(version, reviewer, what="policies", noun="policy version")
    except versions.VersionError as exc:
        raise PolicyError(str(exc)) from None
    version.state = PolicyVersion.State.APPROVED if approve else PolicyVersion.State.REJECTED
    version.reviewer, version.reviewed_at, version.note = reviewer, timezone.now(), note.strip()[:300]
    version.save(update_fields=["state", "reviewer", "reviewed_at", "note"])
    audit.record(
        "policy_approved" if approve else "policy_rejected",
        version,
        request=request,
        actor=reviewer,
        detail={"policy": version.policy.kind, "number": version.number},
    )
    if approve and version.policy.kind == Policy.Kind.COMMUNITY:
        transaction.on_commit(lambda: publish_public(version))
    return version


def text(version: PolicyVersion) -> str:
    """The version's words with {organization} (and our phone and website) filled."""
    try:
        return version.body.format_map(_Values(placeholder_values()))
    except (ValueError, IndexError):
        return version.body  # a stray brace: shown as written


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def as_html(version: PolicyVersion) -> SafeString:
    """Paragraphs and '- ' lists as HTML, every word escaped."""
    parts = []
    for block in text(version).split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        items = [line[2:] for line in lines if line.startswith("- ")]
        lead = [line for line in lines if not line.startswith("- ")]
        if lead:
            parts.append(f"<p>{escape(' '.join(lead))}</p>")
        if items:
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
    return mark_safe("\n".join(parts))  # noqa: S308 - built from escaped text above


def public_page(version: PolicyVersion) -> str:
    """A whole standalone page: no script, no link back to Bedside."""
    name = placeholder_values().get("organization", "")
    effective = (version.reviewed_at or version.created_at).date().isoformat()
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(version.policy.title)} - {escape(name)}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.5;color:#1a1a1a}small{color:#555}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{escape(version.policy.title)}</h1>\n{as_html(version)}\n"
        f"<p><small>{escape(name)} - version {version.number}, in effect since {effective}.</small></p>\n"
        "</main>\n</body>\n</html>\n"
    )


def public_path() -> Path | None:
    return Path(settings.PUBLIC_POLICY_DIR) / PUBLIC_FILE if settings.PUBLIC_POLICY_DIR else None


def publish_public(version: PolicyVersion | None = None) -> Path | None:
    """Write the community policy in force to the configured directory, whole
    or not at all (a temporary file renamed over the old one)."""
    target = public_path()
    if version is None:
        version = Policy.objects.get(kind=Policy.Kind.COMMUNITY).current() if target else None
    if target is None or version is None:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".community-policy-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(public_page(version))
        os.chmod(tmp, 0o644)  # served to the public by another program
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    audit.record(
        "policy_published", version, actor="policy", detail={"path": str(target), "number": version.number}
    )
    return target


def current_employee() -> PolicyVersion | None:
    policy = Policy.objects.filter(kind=Policy.Kind.EMPLOYEE).first()
    return policy.current() if policy else None


def accepted(person: Any, version: PolicyVersion | None = None) -> Acknowledgement | None:
    version = version or current_employee()
    if version is None:
        return None
    return Acknowledgement.objects.filter(person=person, version=version).first()


@transaction.atomic
def acknowledge(person: Any, version: PolicyVersion, *, request: Any = None) -> Acknowledgement:
    if version.policy.kind != Policy.Kind.EMPLOYEE or version.state != PolicyVersion.State.APPROVED:
        raise PolicyError("Only the employee policy in force is accepted.")
    current = current_employee()
    if current is None or current.pk != version.pk:
        raise PolicyError("A newer version of the policy is in force: read it and accept that one.")
    ack, made = Acknowledgement.objects.get_or_create(person=person, version=version)
    if made:
        audit.record(
            "policy_acknowledged",
            version,
            request=request,
            actor=person,
            detail={"policy": "employee", "number": version.number},
        )
    return ack


@dataclass(frozen=True)
class Standing:
    person: Any
    accepted_at: datetime | None
    accepted_version: int | None


def who_must_accept() -> list[Any]:
    """Active people whose role lets them reply, publish or approve."""
    return [
        u
        for u in get_user_model().objects.filter(is_active=True).order_by("username")
        if user_can(u, Can.REPLY) or user_can(u, Can.PUBLISH) or user_can(u, Can.APPROVE)
    ]


def report() -> tuple[PolicyVersion | None, list[Standing]]:
    """Each person who must accept, with when they accepted the version in
    force (None: not yet) — those who have not listed first."""
    current = current_employee()
    rows = []
    for person in who_must_accept():
        ack = accepted(person, current) if current else None
        last = Acknowledgement.objects.filter(person=person).select_related("version").first()
        rows.append(Standing(person, ack.accepted_at if ack else None, last.version.number if last else None))
    rows.sort(key=lambda r: (r.accepted_at is not None, r.person.get_username()))
    return current, rows


ACK_URL = "/governance/policies/employee/"


def policy_gate(person: Any, action: str) -> gates.Refusal | None:
    current = current_employee()
    if current is None or accepted(person, current):
        return None
    return gates.Refusal(
        f"Before you can {action}, read and accept the employee social media policy "
        f"(version {current.number}).",
        ACK_URL,
    )
