"""`bedside org`, `channel`, `sync`, `export` and `import`: scriptable set-up,
on-demand syncs with a progress bar, and snapshot files in and out.

Every change is audited with the actor "cli". Errors are one line naming what
was wrong; a sync or import that did not fully succeed exits with status 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from bedside.bootstrap import setup_django
from bedside.networks.registry import NETWORKS
from bedside.workspace.tables import table

CLI = "cli"
#: skipped records listed under `bedside sync`'s summary
SKIPPED_SHOWN = 20


def _org(name: str) -> Any:
    from bedside.workspace.lookup import UnknownOrganization, find_organization

    try:
        return find_organization(name)
    except UnknownOrganization as exc:
        raise click.ClickException(str(exc)) from None


def _channel(org_name: str, network: str, handle: str) -> Any:
    from bedside.channels.handles import HandleError, normalize_handle

    org = _org(org_name)
    try:
        canonical = normalize_handle(network, handle)
    except HandleError as exc:
        raise click.ClickException(f"handle: {exc}") from None
    channel = org.channels.filter(network=network, handle__iexact=canonical).first()
    if channel is None:
        raise click.ClickException(f"{org.name} has no {network} channel {canonical!r}; `bedside channel list` shows them")
    return channel


# -- org -------------------------------------------------------------------
@click.group()
def org() -> None:
    """Organizations: ours and the peers we benchmark against."""


@org.command(name="add")
@click.argument("name")
@click.option("--peer", is_flag=True, help="A peer to benchmark against (default: our own organization).")
@click.option("--website", default="", help="Its website, https://…")
@click.option("--kind", type=click.Choice(["health_system", "hospital", "practice", "other"]), default="health_system",
              show_default=True)
def org_add(name: str, peer: bool, website: str, kind: str) -> None:
    """Add an organization."""
    setup_django()
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator
    from django.db import transaction

    from bedside.channels.websites import ensure_website_channel
    from bedside.workspace import audit
    from bedside.workspace.models import Organization

    name = name.strip()
    if not name:
        raise click.ClickException("NAME: is empty")
    if Organization.objects.filter(name__iexact=name).exists():
        raise click.ClickException(f"an organization named {name!r} already exists")
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            raise click.ClickException(f"--website: {website!r} is not a web address starting with https://") from None
    ours = Organization.objects.filter(is_ours=True).first()
    if not peer and ours is not None:
        raise click.ClickException(f"{ours.name} is already our organization; add {name!r} with --peer")
    with transaction.atomic():
        created = Organization.objects.create(name=name, website=website, kind=kind, is_ours=not peer)
        audit.record("organization_added", created, actor=CLI)
        site = ensure_website_channel(created, actor=CLI)
    click.echo(f"Added {created.name} ({created.role_label.lower()}), id {created.pk}.")
    if site is not None:
        click.echo(f"Added its website channel {site.pk} ({site.handle}): the cross-promotion audit crawls it.")


@org.command(name="list")
def org_list() -> None:
    """List organizations with their channels."""
    setup_django()
    from django.db.models import Count

    from bedside.workspace.models import Organization

    rows = [(o.pk, o.name, o.role_label, o.n, o.website)
            for o in Organization.objects.annotate(n=Count("channels"))]
    click.echo(table(["id", "name", "role", "channels", "website"], rows) if rows else "No organizations yet.")


# -- channel ---------------------------------------------------------------
@click.group()
def channel() -> None:
    """Channels: an organization's profiles on the networks."""


@channel.command(name="add")
@click.argument("org_name", metavar="ORG")
@click.argument("network", type=click.Choice(list(NETWORKS)))
@click.argument("handle")
@click.option("--unofficial", is_flag=True, help="Not run by the organization itself.")
@click.option("--url", default="", help="The profile's address.")
def channel_add(org_name: str, network: str, handle: str, unofficial: bool, url: str) -> None:
    """Add a channel: HANDLE as a person types it (@name, user@instance, a feed URL)."""
    setup_django()
    from django.db import transaction

    from bedside.channels.handles import HandleError, normalize_handle
    from bedside.channels.models import Channel
    from bedside.workspace import audit

    owner = _org(org_name)
    try:
        canonical = normalize_handle(network, handle)
    except HandleError as exc:
        raise click.ClickException(f"HANDLE: {exc}") from None
    if owner.channels.filter(network=network, handle__iexact=canonical).exists():
        raise click.ClickException(f"{owner.name} already has the {network} channel {canonical!r}")
    with transaction.atomic():
        created = Channel.objects.create(organization=owner, network=network, handle=canonical, url=url,
                                         official=not unofficial)
        audit.record("channel_added", created, actor=CLI)
    click.echo(f"Added channel {created.pk}: {created} ({owner.name}).")


@channel.command(name="list")
@click.option("--org", "org_name", default=None, help="Only this organization's channels.")
def channel_list(org_name: str | None) -> None:
    """List channels with their status and last sync."""
    setup_django()
    from bedside.channels.models import Channel
    from bedside.sync.models import SyncRun

    channels = Channel.objects.select_related("organization")
    if org_name:
        channels = channels.filter(organization=_org(org_name))
    rows = []
    for c in channels:
        last = SyncRun.objects.filter(channel=c).first()
        rows.append((c.pk, c.organization.name, c.network, c.handle, c.get_status_display(),
                     f"{last.started_at:%Y-%m-%d %H:%M} {last.status}" if last else "never"))
    click.echo(table(["id", "organization", "network", "handle", "status", "last sync"], rows)
               if rows else "No channels yet.")


@channel.command(name="credentials")
@click.argument("org_name", metavar="ORG")
@click.argument("network", type=click.Choice(list(NETWORKS)))
@click.argument("handle")
@click.option("--token-stdin", is_flag=True, help="Read the access token or API key from the first line of stdin.")
@click.option("--client-id", default="", help="The app's client id (or a Bluesky identifier), if this channel has its own.")
@click.option("--secret-stdin", is_flag=True,
              help="Read the client secret (or a Bluesky app password) from the next line of stdin.")
@click.option("--clear", is_flag=True, help="Remove the channel's own credentials.")
def channel_credentials(org_name: str, network: str, handle: str, token_stdin: bool, client_id: str,
                        secret_stdin: bool, clear: bool) -> None:
    """Store a channel's credentials, encrypted; values never appear in output or the audit log."""
    setup_django()
    from bedside.channels import credentials
    from bedside.networks.base import Credentials

    target = _channel(org_name, network, handle)
    if clear:
        credentials.clear(target, actor=CLI)
        click.echo(f"Removed the stored credentials of {target}.")
        return
    token = sys.stdin.readline().strip() if token_stdin else ""
    secret = sys.stdin.readline().strip() if secret_stdin else ""
    if token_stdin and not token:
        raise click.ClickException("--token-stdin: standard input held no token")
    if not (token or client_id or secret):
        raise click.ClickException("nothing to store: give --token-stdin, --client-id or --secret-stdin")
    credentials.save(target, Credentials(token=token, client_id=client_id, client_secret=secret), how="cli",
                     actor=CLI)
    parts = [name for name, value in (("token", token), ("client id", client_id), ("client secret", secret)) if value]
    click.echo(f"Stored the {', '.join(parts)} of {target} ({target.organization.name}), encrypted.")


# -- sync ------------------------------------------------------------------
@click.command()
@click.option("--org", "org_name", default=None, help="Only this organization's channels.")
@click.option("--network", type=click.Choice(list(NETWORKS)), default=None, help="Only channels on this network.")
@click.option("--channel", "channel_ids", type=int, multiple=True, help="Only this channel id (repeatable).")
def sync(org_name: str | None, network: str | None, channel_ids: tuple[int, ...]) -> None:
    """Sync channels now, showing progress, then a summary table.

    Exits with status 1 when any channel's sync failed or partly failed."""
    setup_django()
    from bedside.channels.models import Channel
    from bedside.sync import engine

    channels = Channel.objects.select_related("organization").order_by("organization__name", "network", "handle")
    if org_name:
        channels = channels.filter(organization=_org(org_name))
    elif not channel_ids:
        # The demo's sample organizations sync only when named (see tasks.due_channel_ids).
        channels = channels.exclude(organization__is_sample=True)
    if network:
        channels = channels.filter(network=network)
    if channel_ids:
        channels = channels.filter(pk__in=channel_ids)
        missing = sorted(set(channel_ids) - set(channels.values_list("pk", flat=True)))
        if missing:
            raise click.ClickException(f"--channel: no channel with id {', '.join(map(str, missing))}")
    chosen = list(channels)
    if not chosen:
        raise click.ClickException("no channels match; `bedside channel list` shows them")

    rows, trouble, total = [], False, {"records": 0}
    skipped: list[tuple[Any, dict[str, str]]] = []
    notes: list[tuple[Any, str]] = []  # synced, with something a person should know (mentions need an account)
    with click.progressbar(chosen, label="Syncing", file=sys.stderr, show_pos=True,
                           item_show_func=lambda c: f"{c} ({total['records']} records)" if c else None) as bar:
        def on_batch(stream: str, n: int) -> None:
            total["records"] += n
            bar.render_progress()

        for item in bar:
            try:
                run = engine.sync_channel(item, trigger="cli", on_batch=on_batch)
            except engine.AlreadyRunning as exc:
                rows.append((item.pk, item.organization.name, item.network, item.handle, "skipped", "", "", "", "",
                             f"already syncing since {exc.run.started_at:%H:%M:%S} ({exc.run.worker})"))
                continue
            except Exception as exc:  # a bug, logged with its traceback: the other channels still sync
                trouble = True
                rows.append((item.pk, item.organization.name, item.network, item.handle, "failed", "", "", "", "",
                             f"internal error ({type(exc).__name__}); see the log"))
                continue
            trouble = trouble or run.status != "ok"
            stored = sum(v for k, v in run.counts.items() if not k.endswith("_new"))
            new = sum(v for k, v in run.counts.items() if k.endswith("_new"))
            rows.append((item.pk, item.organization.name, item.network, item.handle, run.status, stored, new,
                         run.problem_count, f"{run.seconds:.1f}", "; ".join(run.errors)[:160]))
            skipped.extend((item, p) for p in run.problems)
            if run.status == "ok" and item.status_detail:
                notes.append((item, item.status_detail))
    click.echo(table(["id", "organization", "network", "handle", "status", "stored", "new", "skipped", "seconds",
                      "errors"], rows))
    if skipped:
        # Records the networks sent that could not be read: the rest was stored.
        click.echo("\nSkipped records (unreadable; the rest of their page was stored):")
        for item, p in skipped[:SKIPPED_SHOWN]:
            click.echo(f"  {item.pk} {p['stream']}: {p['network']} {p['external_id'] or '(no id)'} {p['field']}: "
                       f"{p['reason']}")
        if len(skipped) > SKIPPED_SHOWN:
            click.echo(f"  ... and {len(skipped) - SKIPPED_SHOWN} more on the channels' pages")
    if notes:
        click.echo("\nNotes:")
        for item, text in notes:
            click.echo(f"  {item.pk} {item}: {text}")
    if trouble:
        sys.exit(1)


# -- export ----------------------------------------------------------------
@click.group()
def export() -> None:
    """Export stored data."""


@export.command(name="snapshots")
@click.option("--org", "org_name", default=None, help="Only this organization's profiles.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), default=None,
              help="Write here instead of standard output.")
def export_snapshots(org_name: str | None, fmt: str, out: Path | None) -> None:
    """Profile snapshots in the snapshot CSV (docs/snapshot-csv.md) or JSON."""
    setup_django()
    from bedside.sync import exports

    found = exports.snapshots(_org(org_name).name if org_name else None)
    handle = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        if fmt == "csv":
            rows, skipped = exports.write_csv(found, handle)
            if skipped:
                click.echo(f"{skipped} value(s) that are not whole counts were left out of the CSV; "
                           "--format json keeps them.", err=True)
        else:
            rows = exports.write_json(found, handle)
    finally:
        if out:
            handle.close()
    if out:
        click.echo(f"Wrote {rows} snapshot(s) to {out}.", err=True)


# -- import ----------------------------------------------------------------
@click.command(name="import")
@click.argument("path", metavar="FILE", type=click.Path(path_type=Path))
@click.option("--format", "fmt", default=None, help="The file's format (default: recognised from its header row).")
@click.option("--org", "org_name", default=None, help="Whose profile an export is, when the file cannot say.")
@click.option("--handle", default=None, help="The profile's handle, for exports that do not name it.")
@click.option("--timezone", "tz", default=None, help="IANA zone of export times written without an offset.")
@click.option("--create", is_flag=True, help="Create the organizations and channels the file names that are missing.")
def import_(path: Path, fmt: str | None, org_name: str | None, handle: str | None, tz: str | None,
            create: bool) -> None:
    """Import a snapshot CSV or a network's own export, all or nothing.

    Every bad row is printed as FILE, row N, COLUMN: what is wrong; then
    nothing is stored and the exit status is 1."""
    setup_django()
    from bedside.networks.imports import FORMATS, ImportError_, read_file
    from bedside.sync.imports import ImportRejected, store_import

    if fmt is not None and fmt not in FORMATS:
        raise click.BadParameter(f"{fmt!r}; expected one of {', '.join(FORMATS)}", param_hint="--format")
    try:
        result = read_file(path, fmt, handle=handle, organization=org_name, timezone=tz)
        summary = store_import(result, path, organization=org_name, create=create, actor=CLI)
    except ImportRejected as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        if exc.more:
            click.echo(f"... and {exc.more:,} more problem(s) not listed (the first {len(exc.errors):,} are above).",
                       err=True)
        click.echo(f"{len(exc.errors) + exc.more:,} problem(s) in {path}; nothing was stored.", err=True)
        sys.exit(1)
    except ImportError_ as exc:
        raise click.ClickException(str(exc)) from None
    parts = []
    if summary.snapshots.total:
        parts.append(f"{summary.snapshots.total} snapshot(s) ({summary.snapshots.new} new)")
    if summary.posts.total:
        parts.append(f"{summary.posts.total} post(s) ({summary.posts.new} new)")
    click.echo(f"Imported {path} as {summary.format}: {', '.join(parts) or 'nothing to store'}.")
    for created in summary.organizations_created:
        click.echo(f"  created organization {created}")
    for created in summary.channels_created:
        click.echo(f"  created channel {created}")
