"""The organization's vocabulary for the guard: campuses, units and wards,
service lines, staff who may be named and the people who sign replies.

Every change goes through add_term / remove_term / replace_staff (the page,
the API and the CLI call them), each audited. The guard's view of it,
:func:`guard_vocabulary`, is cached per organization and per process; the
cache is checked against the table's (count, last id, last change) on each
call, one indexed aggregate, so an edit made by the web app is seen by the
worker on its next scan."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max

from bedside.workspace import audit
from bedside.workspace.models import Organization, VocabularyTerm

Kind = VocabularyTerm.Kind
# The Context keyword each kind fills.
CONTEXT_KEYS = {
    Kind.CAMPUS: "org_campuses",
    Kind.UNIT: "org_units",
    Kind.SERVICE_LINE: "org_service_lines",
    Kind.STAFF: "org_staff",
    Kind.SIGNER: "org_signers",
}
MAX_NAME = 200


class VocabularyError(ValueError):
    """A term that cannot be added: the message says why."""


def clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise VocabularyError("name: is empty")
    if len(name) > MAX_NAME:
        raise VocabularyError(f"name: at most {MAX_NAME} characters, this one has {len(name)}")
    if not any(c.isalnum() for c in name):
        raise VocabularyError("name: has no letter or digit")
    return name


def add_term(org: Organization, kind: str, name: str, *, request: Any = None, actor: Any = None,
             source: str = VocabularyTerm.Source.MANUAL) -> VocabularyTerm:
    if kind not in Kind.values:
        raise VocabularyError(f"kind: must be one of {', '.join(Kind.values)}, got {kind!r}")
    name = clean_name(name)
    if VocabularyTerm.objects.filter(organization=org, kind=kind, name__iexact=name).exists():
        raise VocabularyError(f"name: {name!r} is already in {Kind(kind).label.lower()}")
    try:
        with transaction.atomic():
            term = VocabularyTerm.objects.create(organization=org, kind=kind, name=name, source=source)
            audit.record("vocabulary_term_added", term, request=request, actor=actor,
                         detail={"organization": org.pk, "kind": kind, "name": name, "source": source})
    except IntegrityError:
        raise VocabularyError(f"name: {name!r} is already in {Kind(kind).label.lower()}") from None
    return term


def remove_term(term: VocabularyTerm, *, request: Any = None, actor: Any = None) -> None:
    with transaction.atomic():
        audit.record("vocabulary_term_removed", term, request=request, actor=actor,
                     detail={"organization": term.organization_id, "kind": term.kind, "name": term.name})
        term.delete()


def replace_staff(org: Organization, names: Iterable[str], *, actor: Any = "roster") -> tuple[int, int]:
    """Make the roster's staff exactly ``names`` (the reputation app's provider
    roster calls this): adds the new, removes roster names that left, never
    touches staff a person added. Returns (added, removed)."""
    wanted = {clean_name(n) for n in names if n.strip()}
    with transaction.atomic():
        current = {t.name: t for t in VocabularyTerm.objects.filter(organization=org, kind=Kind.STAFF)}
        removed = [t for n, t in current.items() if t.source == VocabularyTerm.Source.ROSTER and n not in wanted]
        for t in removed:
            remove_term(t, actor=actor)
        added = 0
        for n in sorted(wanted - set(current)):
            add_term(org, Kind.STAFF, n, actor=actor, source=VocabularyTerm.Source.ROSTER)
            added += 1
    return added, len(removed)


_CACHE: dict[int, tuple[tuple[Any, ...], dict[str, tuple[str, ...]]]] = {}
_LOCK = threading.Lock()


def _stamp(org_id: int) -> tuple[Any, ...]:
    # An add raises the last id, a delete lowers the count, an edit moves the
    # last change: together they change whenever the vocabulary does.
    agg = VocabularyTerm.objects.filter(organization_id=org_id).aggregate(
        n=Count("id"), last=Max("id"), changed=Max("updated_at"))
    return (agg["n"], agg["last"], agg["changed"])


def guard_vocabulary(org: Organization | None) -> dict[str, tuple[str, ...]]:
    """Context keywords (org_campuses, org_units, org_service_lines,
    org_staff, org_signers) for the organization; empty for None."""
    empty = {key: () for key in CONTEXT_KEYS.values()}
    if org is None:
        return empty
    stamp = _stamp(org.pk)
    cached = _CACHE.get(org.pk)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    values: dict[str, list[str]] = {key: [] for key in CONTEXT_KEYS.values()}
    for kind, name in VocabularyTerm.objects.filter(organization=org).values_list("kind", "name"):
        values[CONTEXT_KEYS[Kind(kind)]].append(name)
    built = {key: tuple(v) for key, v in values.items()}
    with _LOCK:
        _CACHE[org.pk] = (stamp, built)
    return built
