"""`bedside providers` and `bedside listings`: the roster and its listings from a terminal.

Every change is audited with the actor "cli"; errors are one line each, and
a refused import exits with status 1 having stored nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bedside.bootstrap import setup_django
from bedside.workspace.tables import table

CLI = "cli"


@click.group()
def providers() -> None:
    """The provider roster: import it, add one by NPI, list it."""


@providers.command(name="import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(path: Path) -> None:
    """Import the roster CSV (docs/guide/provider-roster-csv.md), all or nothing.

    Every bad cell is printed as FILE, row N, COLUMN: what is wrong; then
    nothing is stored and the exit status is 1."""
    setup_django()
    from bedside.reputation.roster import RosterRefused, import_file

    try:
        result = import_file(path, actor=CLI)
    except RosterRefused as exc:
        for line in exc.errors:
            click.echo(line, err=True)
        click.echo(f"{path}: nothing was stored.", err=True)
        sys.exit(1)
    click.echo(f"Imported {path}: {result.created} new provider(s), {result.updated} updated, "
               f"{result.locations} new location(s).")


@providers.command()
@click.option("--npi", required=True, help="The provider's 10-digit NPI.")
def add(npi: str) -> None:
    """Add a provider from the NPPES NPI Registry (or check one already on the roster)."""
    setup_django()
    from bedside.reputation.roster import RosterRefused, add_by_npi

    try:
        provider = add_by_npi(npi, actor=CLI)
    except RosterRefused as exc:
        raise click.ClickException("; ".join(exc.errors)) from None
    click.echo(f"{provider.display_name} (NPI {provider.npi})")
    for diff in provider.registry_differences:
        click.echo(f"  differs from the registry: {diff['field']}: roster {diff['ours']!r}, "
                   f"registry {diff['registry']!r}")


@providers.command()
@click.argument("department")
@click.argument("username")
def leader(department: str, username: str) -> None:
    """Name USERNAME the leader of DEPARTMENT (as the roster writes it): they
    are alerted, with patient relations, about a review of 2 stars or fewer."""
    setup_django()
    from bedside.reputation import leaders

    try:
        found = leaders.set_leader(department, username, actor=CLI)
    except leaders.LeaderRefused as refused:
        raise click.ClickException(str(refused)) from refused
    person = found.leader
    note = "" if person.email else " (they have no e-mail address: alerts to them will fail until one is set)"
    click.echo(f"{username} leads {department}{note}.")


@providers.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per provider.")
def list_(as_json: bool) -> None:
    """Our providers with their rating, standing against the baseline and listing accuracy."""
    setup_django()
    from bedside.reputation.overview import provider_rows

    rows = provider_rows()
    if as_json:
        for row in rows:
            click.echo(json.dumps(row.as_dict(), default=str))
        return
    click.echo(table(
        ["NPI", "Name", "Department", "Status", "Rating", "Reviews", "Standing", "Accuracy", "Missing on"],
        [[r.provider.npi, r.provider.display_name, r.provider.department, r.provider.status,
          f"{r.average:.2f}" if r.average is not None else "", r.count,
          r.standing.verdict if r.standing else "", f"{r.accuracy}%" if r.accuracy is not None else "",
          ", ".join(r.missing)] for r in rows],
    ))


@providers.command(name="cms")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organization", "organizations", multiple=True, required=True,
              help="Part of the organization's name as CMS spells it (repeatable).")
@click.option("--state", "states", multiple=True, help="Two-letter state (repeatable).")
@click.option("--specialty", default="", help="Part of the primary specialty, as CMS spells it.")
@click.option("--add-to", "add_to", default=None,
              help="Keep the clinicians found as this organization's providers (a peer's, to rank ours against).")
def cms(path: Path, organizations: tuple[str, ...], states: tuple[str, ...], specialty: str,
        add_to: str | None) -> None:
    """Find clinicians by organization in the CMS Doctors and Clinicians file (streamed)."""
    from bedside.networks.cms_clinicians import Clinician, clinicians
    from bedside.networks.imports.base import ImportError_

    seen: set[str] = set()
    keep: list[Clinician] = []
    try:
        for found in clinicians(path, organizations=organizations, states=states, specialty=specialty):
            if found.npi in seen:
                continue  # one line per clinician, not per address
            seen.add(found.npi)
            if add_to:
                keep.append(found)
            click.echo(f"{found.npi}  {found.first_name} {found.last_name}, {found.credential}  "
                       f"{found.primary_specialty}  {found.organization}  {found.city}, {found.state} {found.zip}")
    except ImportError_ as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{len(seen)} clinician(s).", err=True)
    if add_to:
        setup_django()
        from bedside.reputation.roster import add_clinicians
        from bedside.workspace.lookup import UnknownOrganization, find_organization

        try:
            org = find_organization(add_to)
        except UnknownOrganization as exc:
            raise click.ClickException(str(exc)) from None
        added = add_clinicians(keep, org, actor=CLI)
        click.echo(f"Added {added} provider(s) to {add_to}.")


@click.group()
def listings() -> None:
    """Providers' listings on review sites: attach, check, fix lists."""


@listings.command()
@click.option("--npi", default=None, help="The provider whose listing it is.")
@click.option("--location", "location_name", default=None, help="Or the practice location whose listing it is.")
@click.option("--site", "network", required=True, help="google, healthgrades, vitals, webmd, yelp or zocdoc")
@click.argument("handle")
def attach(npi: str | None, location_name: str | None, network: str, handle: str) -> None:
    """Attach the listing at HANDLE (page URL, business id) to a provider or a location, read and check it."""
    setup_django()
    from bedside.reputation.listings import ListingRefused
    from bedside.reputation.listings import attach as attach_listing
    from bedside.reputation.models import PracticeLocation, Provider

    if (npi is None) == (location_name is None):
        raise click.UsageError("name the provider (--npi) or the location (--location), not both")
    provider = place = None
    if npi is not None:
        provider = Provider.objects.filter(npi=npi.strip()).first()
        if provider is None:
            raise click.ClickException(f"no provider with NPI {npi} on the roster")
    else:
        place = PracticeLocation.objects.filter(organization__is_ours=True,
                                                name__iexact=(location_name or "").strip()).first()
        if place is None:
            raise click.ClickException(f"no practice location named {location_name!r} on the roster")
    try:
        listing = attach_listing(network, handle, provider=provider, location=place, actor=CLI)
    except ListingRefused as exc:
        raise click.ClickException(str(exc)) from None
    latest = listing.checks.first()
    click.echo(f"{listing.name} on {network}: accuracy {latest.score if latest else '?'}%")
    for item in latest.fields if latest else []:
        if not item["ok"]:
            click.echo(f"  {item['fix']}")


@listings.command()
@click.option("--site", "network", default=None, help="Only this site's listings.")
def refresh(network: str | None) -> None:
    """Read every confirmed listing again (rating, count, details) and check it.

    Sites without an API are read politely (robots.txt, a delay between pages),
    so a large roster takes a while; one listing that fails is reported and
    the others go on."""
    setup_django()
    from bedside.reputation.listings import ListingRefused
    from bedside.reputation.listings import refresh as refresh_listing
    from bedside.reputation.models import Listing

    confirmed = Listing.objects.filter(status=Listing.Status.CONFIRMED).select_related("channel")
    if network:
        confirmed = confirmed.filter(network=network)
    done = failed = 0
    for listing in confirmed.order_by("network", "pk"):
        try:
            refresh_listing(listing)
            done += 1
        except ListingRefused as exc:
            failed += 1
            click.echo(str(exc), err=True)
    click.echo(f"Refreshed {done} listing(s); {failed} could not be read.")
    if failed:
        sys.exit(1)


@listings.command()
def check() -> None:
    """Check every confirmed listing against the roster (no network calls)."""
    setup_django()
    from bedside.reputation.listings import check_all

    click.echo(f"Checked {check_all()} listing(s).")


@listings.command()
@click.option("--npi", default=None, help="The provider to look for.")
@click.option("--location", "place_name", default=None, help="Instead: a hospital or clinic of the roster, by name.")
@click.option("--missing", is_flag=True, help="Instead: every active provider, on each site they are missing on.")
@click.option("--site", "sites", multiple=True, help="A site to search (repeatable); every review site by default.")
def find(npi: str | None, place_name: str | None, missing: bool, sites: tuple[str, ...]) -> None:
    """Search review sites for a provider's listing by name and city; likely
    results wait as candidates for `bedside listings decide`.

    Sites without an API are read politely (robots.txt, a delay between
    pages), so `--missing` on a large roster takes a while. A site that
    refuses is reported and the others are searched."""
    setup_django()
    from bedside.reputation import candidates
    from bedside.reputation.listings import SITES, ListingRefused
    from bedside.reputation.listings import missing as missing_listings
    from bedside.reputation.models import PracticeLocation, Provider

    if [npi is not None, place_name is not None, missing].count(True) != 1:
        raise click.UsageError("name one provider (--npi) or one location (--location), or ask for every missing "
                               "listing (--missing)")
    unknown = [s for s in sites if s not in candidates.SEARCHABLE]
    if unknown:
        raise click.UsageError(f"unknown review site {unknown[0]!r}; expected one of {', '.join(SITES)}")
    chosen = sites or tuple(candidates.SEARCHABLE)
    if place_name is not None:
        place = PracticeLocation.objects.filter(name__iexact=place_name.strip()).first()
        if place is None:
            raise click.ClickException(f"no practice location named {place_name!r} on the roster")
        work = [(place, site) for site in chosen]
    elif npi is not None:
        provider = Provider.objects.filter(npi=npi.strip()).first()
        if provider is None:
            raise click.ClickException(f"no provider with NPI {npi} on the roster")
        work = [(provider, site) for site in chosen]
    else:
        work = [(m.provider, m.network) for m in missing_listings() if m.network in chosen]
    batch = candidates.Batch()
    refused: set[str] = set()  # a site that refuses every search is said once
    failed = 0
    for owner, site in work:
        who = f"{owner.display_name}, " if missing else ""
        if site in refused:
            continue
        try:
            found = (candidates.find_location(owner, site, batch=batch) if isinstance(owner, PracticeLocation)
                     else candidates.find(owner, site, batch=batch))
        except candidates.SiteRefused as exc:
            failed += 1
            refused.add(site)
            click.echo(str(exc), err=True)
            continue
        except ListingRefused as exc:
            failed += 1
            click.echo(f"{who}{exc}", err=True)
            continue
        confirmed = owner.listings.filter(network=site, status="confirmed").exists()
        if not found:
            click.echo(f"{who}{SITES[site]}: no likely listing" + ("" if confirmed else f" (missing on {SITES[site]})"))
            continue
        click.echo(f"{who}{SITES[site]}: {len(found)} possible listing(s)")
        for c in found:
            click.echo(f"  #{c.pk}  {c.extra.get('match_score', '?')}%  {c.name}  {c.address}  {c.phone}  {c.url}")
    if failed:
        sys.exit(1)


@listings.command()
@click.argument("listing_id", type=int)
@click.option("--confirm/--reject", required=True, help="Whether the candidate is the provider's own listing.")
def decide(listing_id: int, confirm: bool) -> None:
    """Confirm (read into the checks) or reject a candidate found by `bedside listings find`."""
    setup_django()
    from bedside.reputation import candidates
    from bedside.reputation.listings import ListingRefused
    from bedside.reputation.models import Listing

    listing = Listing.objects.filter(pk=listing_id).select_related("provider").first()
    if listing is None:
        raise click.ClickException(f"no listing #{listing_id}")
    try:
        candidates.decide(listing, confirm=confirm, actor=CLI)
    except ListingRefused as exc:
        raise click.ClickException(str(exc)) from None
    if confirm:
        latest = listing.checks.first()
        click.echo(f"{listing.name} on {listing.network} confirmed as {listing.provider}'s: "
                   f"accuracy {latest.score if latest else '?'}%")
        for item in latest.fields if latest else []:
            if not item["ok"]:
                click.echo(f"  {item['fix']}")
    else:
        click.echo(f"{listing.name} on {listing.network} rejected: it will not be offered again.")
@click.group()
def stars() -> None:
    """Patient-survey stars on our own website: import the vendor's results, publish."""


@stars.command(name="import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def stars_import(path: Path) -> None:
    """Import the survey vendor's per-provider results CSV (docs/guide/survey-stars-csv.md), all or nothing."""
    setup_django()
    from bedside.reputation.stars import StarsRefused, import_file

    try:
        found = import_file(path, actor=CLI)
    except StarsRefused as exc:
        for line in exc.errors:
            click.echo(line, err=True)
        click.echo(f"{path}: nothing was stored.", err=True)
        sys.exit(1)
    click.echo(f"Imported {path}: {found.results} result(s), {found.comments} new comment(s) "
               f"({found.held} blocked by the guard, never published); comments wait for a reviewer.")


@stars.command(name="publish")
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The folder the website includes (default: BEDSIDE_STARS_DIR).")
def stars_publish(folder: Path | None) -> None:
    """Write each eligible provider's stars (at least 30 ratings) as JSON and an HTML snippet."""
    setup_django()
    from bedside.reputation.stars import MIN_RATINGS, publish

    done = publish(actor=CLI, folder=folder)
    click.echo(f"Published {len(done.providers)} provider(s) to {done.folder}; {done.withheld} withheld "
               f"(fewer than {MIN_RATINGS} ratings); {done.removed} removed.")
