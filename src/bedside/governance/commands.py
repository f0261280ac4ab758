"""`bedside retention`, `bedside archive` and `bedside policy`: retention
periods and legal holds, e-discovery exports, policies and who accepted them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from bedside.bootstrap import setup_django


@click.group()
def retention() -> None:
    """Retention of each kind of record, and legal holds."""


@retention.command(name="status")
def retention_status() -> None:
    """The periods, what is due for deletion, and the active holds."""
    setup_django()
    from bedside.governance import retention as r
    from bedside.governance.models import LegalHold, Retention

    cutoff, expired, held = r.expired_messages()
    click.echo(
        f"Inbox messages are kept {Retention.days_for('messages')} days: {expired.count()} received before "
        f"{cutoff:%Y-%m-%d} are due, {held} more are held."
    )
    for kind, label in Retention.Kind.choices:
        if kind == "messages":
            continue
        cutoff, due, held = r.expired(kind)
        what = "due" if r.SPECS[kind].deletes else "older (not deleted here)"
        click.echo(f"{label}: kept {r.days_for(kind)} days; {due.count()} {what}, {held} held.")
    for hold in LegalHold.objects.filter(lifted_at__isnull=True):
        click.echo(f"  hold {hold.pk}: {hold.name} (placed {hold.placed_at:%Y-%m-%d})")


@retention.command(name="apply")
@click.option("--batch", default=5_000, show_default=True, type=click.IntRange(1, 100_000))
def retention_apply(batch: int) -> None:
    """Delete what is past its time now (the worker does it daily)."""
    setup_django()
    from bedside.governance import retention as r

    for outcome in r.apply_all(batch=batch, actor="cli"):
        if outcome.kind == "messages":
            click.echo(
                f"Deleted {outcome.deleted} messages received before {outcome.cutoff:%Y-%m-%d}; "
                f"{outcome.held} kept by legal holds."
            )
        else:
            click.echo(f"{outcome.kind}: deleted {outcome.deleted}; {outcome.held} kept by legal holds.")


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD).") from None


@click.group()
def archive() -> None:
    """Archive exports for e-discovery and compliance archivers."""


@archive.command(name="export")
@click.option("--from", "start", required=True, callback=_day, help="First day (YYYY-MM-DD).")
@click.option("--to", "end", required=True, callback=_day, help="Last day (YYYY-MM-DD).")
@click.option("--organization", type=int, help="Only this organization's channels (its id).")
@click.option("--channel", type=int, help="Only this channel (its id).")
@click.option("--author", default="", help="Only this person's messages (their handle).")
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write into (default: BEDSIDE_ARCHIVE_DIR, else DATA_DIR/archives).",
)
def archive_export(
    start: date, end: date, organization: int | None, channel: int | None, author: str, into: Path | None
) -> None:
    """Export everything in the scope and range: JSON lines, EML per conversation, SHA-256 manifest."""
    setup_django()
    from bedside.governance import archive as a
    from bedside.governance.archive_views import folder

    try:
        scope = a.Scope(
            start=start,
            end=end,
            organization_id=organization,
            channel_id=channel,
            author_handle=author.strip(),
        )
        written = a.export(scope, into or folder(), actor="cli")
    except a.ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    c = written.counts
    click.echo(
        f"Exported {c['messages']} messages, {c['replies']} replies, {c['posts']} posts and "
        f"{c['conversations']} conversations to {written.path}"
    )


@click.group()
def policy() -> None:
    """Policies: write the public one out again; who has not accepted the employee one."""


@policy.command(name="publish")
def policy_publish() -> None:
    """Write the community policy in force to BEDSIDE_PUBLIC_POLICY_DIR."""
    setup_django()
    from bedside.governance import policies

    path = policies.publish_public()
    if path is None:
        raise click.ClickException(
            "Nothing written: set BEDSIDE_PUBLIC_POLICY_DIR and approve a community policy."
        )
    click.echo(f"Wrote {path}")


@policy.command(name="pending")
def policy_pending() -> None:
    """People who reply, publish or approve and have not accepted the employee policy in force."""
    setup_django()
    from bedside.governance import policies

    current, standing = policies.report()
    if current is None:
        click.echo("No employee policy is in force.")
        return
    missing = [s for s in standing if s.accepted_at is None]
    click.echo(f"Version {current.number}: {len(missing)} of {len(standing)} have not accepted it.")
    for s in missing:
        click.echo(f"  {s.person.get_username()}")
