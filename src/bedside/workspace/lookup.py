"""Finding an organization from what a person typed: one rule for every
command and form that takes one (`--org`, `--leader`, `--peer`, imports)."""

from __future__ import annotations

from bedside.workspace.models import Organization

MAX_LISTED = 5


class UnknownOrganization(LookupError):
    """Nothing matches, or several do; the message says which and how to choose."""


def find_organization(key: str | int) -> Organization:
    """By id, by whole name (any case), or by an unambiguous part of a name
    ("mayo" for "Mayo Clinic" when no other name contains "mayo")."""
    text = str(key).strip()
    if not text:
        raise UnknownOrganization("no organization given: name one, or give its id (`bedside org list`)")
    if text.isdigit():
        found = Organization.objects.filter(pk=int(text)).first()
        if found is not None:
            return found
    exact = Organization.objects.filter(name__iexact=text).first()
    if exact is not None:
        return exact
    partial = list(Organization.objects.filter(name__icontains=text).order_by("name")[: MAX_LISTED + 1])
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise UnknownOrganization(f"no organization named, numbered or containing {text!r} (`bedside org list` shows them)")
    names = ", ".join(f"{o.name} (id {o.pk})" for o in partial[:MAX_LISTED])
    more = " and more" if len(partial) > MAX_LISTED else ""
    raise UnknownOrganization(f"{text!r} could be {names}{more}: give more of the name or the id")
