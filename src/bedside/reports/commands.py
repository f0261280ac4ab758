"""`bedside report benchmark`: the executive report or the comparison table."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bedside.bootstrap import setup_django


@click.group()
def report() -> None:
    """Reports: the executive peer benchmark and its exports."""


@report.command()
@click.option("--org", "org", required=True, help="The organization the report is for (name or id).")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "csv", "json"]), default="html", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output.")
@click.option("--period", type=click.Choice(["day", "week", "month", "quarter"]), default="month", show_default=True)
@click.option("--leader", help="The organization that scores 100 on every index (name or id); default: largest peer.")
@click.option("--peer", "peers", multiple=True, help="Compare with these peers only (name or id; repeatable).")
@click.option("--network", help="One network only (its slug, e.g. facebook).")
@click.option("--start", "start_text", metavar="YYYY-MM-DD", help="The window's first day (default: 12 months before --end).")
@click.option("--end", "end_text", metavar="YYYY-MM-DD", help="The window's last day (default: the latest reading).")
@click.option("--log-scale", is_flag=True, help="Draw audience over time on a log scale.")
def benchmark(
    org: str, fmt: str, out: Path | None, period: str, leader: str | None, peers: tuple[str, ...], network: str | None,
    start_text: str | None, end_text: str | None, log_scale: bool,
) -> None:
    """The peer benchmark for ORG, as an HTML or PDF report, or a CSV or JSON export."""
    setup_django()
    from bedside.benchmark.overview import build
    from bedside.benchmark.window import read_window
    from bedside.networks.registry import NETWORKS
    from bedside.reports import executive, export
    from bedside.workspace.lookup import UnknownOrganization, find_organization

    if network and network not in NETWORKS:
        raise click.BadParameter(f"unknown network {network!r}; one of {', '.join(NETWORKS)}", param_hint="--network")
    try:
        subject = find_organization(org)
        chosen_leader = find_organization(leader) if leader else None
        chosen_peers = [find_organization(p) for p in peers] if peers else None
    except UnknownOrganization as exc:
        raise click.BadParameter(str(exc)) from None
    start, end, wrong = read_window(start_text, end_text)
    for field, message in wrong.items():
        raise click.BadParameter(message, param_hint=f"--{field}")
    overview = build(
        subject=subject, peers=chosen_peers, period=period, network=network, leader=chosen_leader,
        with_charts=fmt in ("html", "pdf"), chart_kind="png" if fmt == "pdf" else "svg",
        start=start, end=end, log_scale=log_scale,
    )
    if fmt == "pdf":
        data: bytes = executive.render_pdf(overview)
    else:
        text = {"html": executive.render_html, "csv": export.to_csv, "json": export.to_json}[fmt](overview)
        data = text.encode("utf-8")
    if out is None:
        if fmt == "pdf" and sys.stdout.isatty():
            raise click.UsageError("a PDF goes to a file: add --out report.pdf")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        out.write_bytes(data)
        click.echo(f"Wrote {out} ({len(data):,} bytes)", err=True)


@report.group()
def schedule() -> None:
    """Scheduled reports: the executive PDF e-mailed weekly (Mondays) or monthly (the 1st)."""


@schedule.command(name="add")
@click.argument("name")
@click.option("--every", type=click.Choice(["weekly", "monthly"]), required=True,
              help="weekly: on Mondays, the week before; monthly: on the 1st, the month before.")
@click.option("--to", "recipients", required=True, help="E-mail addresses, comma-separated.")
def schedule_add(name: str, every: str, recipients: str) -> None:
    """Add a scheduled report NAME sent to --to."""
    setup_django()
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from bedside.reports.models import ScheduledReport, validate_recipients
    from bedside.workspace import audit

    name = name.strip()
    if not name:
        raise click.BadParameter("is empty", param_hint="NAME")
    if ScheduledReport.objects.filter(name__iexact=name).exists():
        raise click.ClickException(f"a scheduled report named {name!r} already exists")
    try:
        validate_recipients(recipients)
    except ValidationError as exc:
        raise click.BadParameter(" ".join(exc.messages), param_hint="--to") from None
    with transaction.atomic():
        made = ScheduledReport.objects.create(name=name, frequency=every, recipients=recipients, created_by="cli")
        audit.record("report_scheduled", made, actor="cli")
    click.echo(f"Scheduled {made}: to {', '.join(made.recipient_list)}. `bedside worker` sends it.")


@schedule.command(name="list")
def schedule_list() -> None:
    """Scheduled reports with their last delivery."""
    setup_django()
    from bedside.reports.models import ScheduledReport
    from bedside.sync.commands import table

    rows = []
    for s in ScheduledReport.objects.prefetch_related("deliveries"):
        last = s.deliveries.first()
        rows.append((s.pk, s.name, s.frequency, "yes" if s.enabled else "no", ", ".join(s.recipient_list),
                     f"{last.period_start}–{last.period_end} {last.status}" if last else "not yet",
                     last.error if last else ""))
    click.echo(table(["id", "name", "every", "enabled", "to", "last delivery", "error"], rows)
               if rows else "No scheduled reports yet.")


@schedule.command(name="send-due")
def schedule_send_due() -> None:
    """Send now what the worker would send on its next tick; exits 1 if a delivery failed."""
    setup_django()
    from bedside.reports.schedules import send_due

    tried = send_due()
    for d in tried:
        click.echo(f"{d.schedule.name} {d.period_start}–{d.period_end}: {d.status}{' — ' + d.error if d.error else ''}")
    if not tried:
        click.echo("Nothing due.")
    if any(d.status != "sent" for d in tried):
        sys.exit(1)
