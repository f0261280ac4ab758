"""`bedside retention`: see and apply the retention period and the legal holds."""

from __future__ import annotations

import click

from bedside.bootstrap import setup_django


@click.group()
def retention() -> None:
    """Retention of inbox messages, and legal holds."""


@retention.command(name="status")
def retention_status() -> None:
    """The period, what is due for deletion, and the active holds."""
    setup_django()
    from bedside.governance import retention as r
    from bedside.governance.models import LegalHold, Retention

    cutoff, expired, held = r.expired_messages()
    click.echo(f"Inbox messages are kept {Retention.days_for('messages')} days: {expired.count()} received before "  # type: ignore[attr-defined]
               f"{cutoff:%Y-%m-%d} are due, {held} more are held.")
    for hold in LegalHold.objects.filter(lifted_at__isnull=True):
        click.echo(f"  hold {hold.pk}: {hold.name} (placed {hold.placed_at:%Y-%m-%d})")


@retention.command(name="apply")
@click.option("--batch", default=5_000, show_default=True, type=click.IntRange(1, 100_000))
def retention_apply(batch: int) -> None:
    """Delete what is past its time now (the worker does it daily)."""
    setup_django()
    from bedside.governance import retention as r

    outcome = r.apply(batch=batch, actor="cli")
    click.echo(f"Deleted {outcome.deleted} messages received before {outcome.cutoff:%Y-%m-%d}; "
               f"{outcome.held} kept by legal holds.")
