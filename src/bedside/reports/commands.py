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
