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


@click.group()
def mentions() -> None:
    """Mentions saved searches found."""


@mentions.command(name="export")
@click.option("--search", "search_name", required=True, help="The saved search: its id or its name.")
@click.option("--since", default="", help="First day posted (YYYY-MM-DD); default 30 days before --until.")
@click.option("--until", default="", help="Last day posted (YYYY-MM-DD), included; default today (UTC).")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The file to write (- for standard output).")
@click.option("--intent", default="", help="Only mentions with this intent (as on the page).")
@click.option("--source", default="", help="Only mentions from this source (bluesky, reddit, x, ...).")
@click.option("--by", "username", default="", help="The Bedside user exporting (their role is checked and the "
                                                     "audit log names them); default: the shell user.")
def mentions_export(search_name: str, since: str, until: str, fmt: str, output: str, intent: str, source: str,
                    username: str) -> None:
    """Export a search's mentions, bodies included, as CSV or JSON Lines: an
    audited read. Nothing of a body is printed but into --output."""
    setup_django()
    import getpass

    from django.contrib.auth import get_user_model

    from bedside.listening import export
    from bedside.listening.filters import FilterError, Filters
    from bedside.listening.models import SavedSearch

    try:
        days = export.Range.read(since, until)
        filters = Filters.read({"intent": intent, "source": source})
    except (export.ExportError, FilterError) as exc:
        raise click.BadParameter(str(exc)) from None
    found_searches = list(SavedSearch.objects.filter(pk=int(search_name)) if search_name.isdigit()
                          else SavedSearch.objects.filter(name__iexact=search_name.strip()))
    if not found_searches:
        raise click.ClickException(f"no saved search {search_name!r}; `bedside listen list` shows them")
    if len(found_searches) > 1:
        raise click.ClickException(f"{len(found_searches)} searches are named {search_name!r} (one per "
                                   f"organization): give its id ({', '.join(str(s.pk) for s in found_searches)})")
    search = found_searches[0]
    actor: object = f"cli:{getpass.getuser()}"
    if username:
        actor = get_user_model().objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise click.ClickException(f"no active user {username!r}")
        if not export.may_export(actor):
            raise click.ClickException(f"{username}'s role may not export mentions (admins, social media "
                                       "managers and compliance reviewers may)")
    found = export.mentions(search, days, filters)
    count = found.count()
    export.record(search, days, filters, fmt, count, actor=actor, via="cli")
    # Written whole or not at all (atomic: a temporary file renamed into place).
    with click.open_file(output, "wb", atomic=output != "-") as out:
        for chunk in export.lines(found, fmt):
            out.write(chunk.encode("utf-8"))
    if output != "-":
        click.echo(f"Wrote {count} mention{'s' if count != 1 else ''} of {search.name} posted {days.since} to "
                   f"{days.until} ({filters.describe()}) to {output}.")
