"""`bedside listen`: saved searches from a shell (list, add, run, purge).

Mentions' bodies are never printed here: they are read on the page or through
the API, where the read is audited."""

from __future__ import annotations

import click

from bedside.bootstrap import setup_django


@click.group()
def listen() -> None:
    """Listening: saved searches about us, our physicians and our peers."""


@listen.command(name="list")
def listen_list() -> None:
    """List saved searches with their mention counts."""
    setup_django()
    from bedside.listening.models import SavedSearch

    searches = list(SavedSearch.objects.select_related("organization"))
    if not searches:
        click.echo("No saved searches yet; add one with `bedside listen add`.")
    for s in searches:
        state = "" if s.active else " (paused)"
        click.echo(f"{s.pk:>4}  {s.name}{state}  [{s.organization.name}]  {s.query!r}  "
                   f"on {', '.join(s.sources)}  {s.mentions.count()} mentions")


@listen.command(name="add")
@click.argument("name")
@click.argument("query")
@click.option("--org", "org_name", required=True, help="The organization it is about (ours or a peer): id or name.")
@click.option("--source", "sources", multiple=True, default=["bluesky"], show_default=True,
              help="bluesky, mastodon:<instance> or rss:<feed URL>; repeat for several.")
def listen_add(name: str, query: str, org_name: str, sources: tuple[str, ...]) -> None:
    """Save a search NAME for QUERY ("bedside listen add Brand '\"Riverbend Health\" OR #riverbendcares' --org ours")."""
    setup_django()
    from bedside.listening.models import SavedSearch
    from bedside.listening.query import QueryError, parse
    from bedside.listening.sources import parse_sources
    from bedside.workspace import audit
    from bedside.workspace.lookup import UnknownOrganization, find_organization

    try:
        parse(query)
    except QueryError as exc:
        raise click.BadParameter(str(exc), param_hint="QUERY") from None
    parsed, bad = parse_sources(list(sources))
    if bad:
        raise click.BadParameter(bad[0][1], param_hint="--source")
    try:
        org = find_organization(org_name)
    except UnknownOrganization as exc:
        raise click.ClickException(str(exc)) from None
    if SavedSearch.objects.filter(organization=org, name=name).exists():
        raise click.ClickException(f"{org.name} already has a search named {name!r}")
    search = SavedSearch.objects.create(organization=org, name=name, query=query, sources=parsed)
    audit.record("listening_search_created", search, actor="cli", detail={"sources": parsed})
    click.echo(f"Saved search {search.pk}: {search.parsed().explain()}.")


@listen.command(name="run")
@click.argument("search_id", type=int, required=False)
def listen_run(search_id: int | None) -> None:
    """Run one saved search now (or every active one)."""
    setup_django()
    from bedside.listening import collect
    from bedside.listening.models import SavedSearch

    searches = SavedSearch.objects.select_related("organization")
    chosen = list(searches.filter(pk=search_id) if search_id else searches.filter(active=True))
    if search_id and not chosen:
        raise click.ClickException(f"no saved search {search_id}; `bedside listen list` shows them")
    failed = False
    for search in chosen:
        outcome = collect.run(search)
        click.echo(f"{search.name}: read {outcome.read}, matched {outcome.matched}, {outcome.stored} new"
                   + (f", {outcome.needs_review} for compliance" if outcome.needs_review else "")
                   + (f", {len(outcome.problems)} unreadable records skipped" if outcome.problems else ""))
        for error in outcome.errors:
            failed = True
            click.echo(f"  {error}", err=True)
    if failed:
        raise SystemExit(1)


@listen.command(name="purge")
def listen_purge() -> None:
    """Delete mentions past the retention period now (the worker does it daily)."""
    setup_django()
    from bedside.listening.tasks import purge

    click.echo(f"Deleted {purge()} mentions past the retention period.")
