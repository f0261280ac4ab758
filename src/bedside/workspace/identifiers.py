"""Our organization's own public identifiers, which the guard lets a reply or
post say: its names, website and the phone numbers of its locations."""

from __future__ import annotations

from bedside.workspace.models import Location, Organization


def our_public_identifiers() -> dict[str, tuple[str, ...]]:
    """Keyword arguments for :class:`bedside.guard.Context` (org_names,
    org_websites, org_phones); empty before our organization exists."""
    ours = Organization.objects.filter(is_ours=True).first()
    if ours is None:
        return {"org_names": (), "org_websites": (), "org_phones": ()}
    # The demo's organization is "Riverbend Health (sample)"; its replies say "Riverbend Health".
    names = tuple(dict.fromkeys((ours.name.replace(" (sample)", ""), ours.name)))
    phones = tuple(p for p in Location.objects.filter(organization=ours).values_list("phone", flat=True) if p)
    return {"org_names": names, "org_websites": (ours.website,) if ours.website else (), "org_phones": phones}
