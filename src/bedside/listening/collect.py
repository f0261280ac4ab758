"""Run a saved search: read its sources, keep what the query matches, store
each mention once (encrypted), and triage the new ones like inbox messages."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from bedside.channels.clients import install_client
from bedside.inbox.triage import triage
from bedside.listening import counts, quota, spike_alerts
from bedside.listening.models import Mention, SavedSearch
from bedside.listening.query import Query, Text
from bedside.listening.sources import Found, Source, SourceError, page_units, parse_source, read
from bedside.logs import event
from bedside.networks.errors import NetworkError, NotSupported
from bedside.networks.records import Problem

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    read: int = 0
    matched: int = 0
    stored: int = 0
    needs_review: int = 0
    alerts: int = 0  # spike alerts this run raised
    errors: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def run(search: SavedSearch, *, org_names: tuple[str, ...] = ()) -> Outcome:
    """One pass over every source of ``search``. A source that fails costs
    only itself; its error is kept on the search for the page to show."""
    outcome = Outcome()
    query = search.parsed()
    names = org_names or (search.organization.name,)
    for raw in search.sources:
        try:
            source = parse_source(str(raw))
            seen = set(Mention.objects.filter(searches=search, source=_network(source.kind))
                       .values_list("source", "external_id"))
            found = _read(source, query, seen, outcome)
        except (NetworkError, NotSupported, SourceError, ValueError) as exc:
            outcome.errors.append(f"{raw}: {exc}")
            continue
        outcome.read += len(found)
        store(search, query, found, outcome, org_names=names)
    search.last_run_at = timezone.now()
    search.last_error = "; ".join(outcome.errors)[:500]
    search.save(update_fields=["last_run_at", "last_error"])
    # Every run looks (two small queries): a spike can also build from
    # mentions another search of the same posts stored; each alerts once.
    outcome.alerts = spike_alerts.raise_for(search)
    event(logger, "listening.run", search=search.pk, read=outcome.read, matched=outcome.matched,
          stored=outcome.stored, review=outcome.needs_review, errors=len(outcome.errors), alerts=outcome.alerts)
    return outcome


def _read(source: Source, query: Query, seen: set[tuple[str, str]], outcome: Outcome) -> list[Found]:
    if not page_units(source):
        return list(read(source, query, seen=seen, problems=outcome.problems))
    # A source with a daily quota gets what is left of listening's share of
    # the day; the units spent are booked even when the read fails midway.
    client = install_client(_network(source.kind))
    left = quota.left(source.kind)
    if left < page_units(source):
        raise NotSupported(source.kind, f"listening's share of today's quota ({quota.daily(source.kind)} units) is "
                                        "spent; it is read again after the quota resets")
    try:
        return list(read(source, query, seen=seen, problems=outcome.problems, client=client, units=left))
    finally:
        quota.spend(source.kind, getattr(client, "units_spent", 0))


def _network(kind: str) -> str:
    return "rss" if kind == "rss" else kind


def store(search: SavedSearch, query: Query, found: Iterable[Found], outcome: Outcome,
          *, org_names: tuple[str, ...] = ()) -> list[Mention]:
    """Keep the matching posts: new ones triaged and stored in one batch; ones
    stored before (by this or another search) linked to this search too."""
    matching: dict[tuple[str, str], Found] = {}
    for item in found:
        if query.matches(Text.of(item.text, item.language)):
            matching.setdefault((item.source, item.external_id), item)
    outcome.matched += len(matching)
    if not matching:
        return []
    by_source: dict[str, list[str]] = {}
    for src, ext in matching:
        by_source.setdefault(src, []).append(ext)
    existing: dict[tuple[str, str], Mention] = {}
    for src, ids in by_source.items():
        for m in Mention.objects.filter(source=src, external_id__in=ids):
            existing[(m.source, m.external_id)] = m
    new = [_triaged(item, org_names) for key, item in matching.items() if key not in existing]
    with transaction.atomic():
        created = Mention.objects.bulk_create(new, ignore_conflicts=True)
        # ignore_conflicts leaves pks unset on some databases: read them back.
        keys = [(m.source, m.external_id) for m in created]
        stored = {(m.source, m.external_id): m for src, ids in by_source.items()
                  for m in Mention.objects.filter(source=src, external_id__in=ids).defer("body")}
        through = Mention.searches.through
        ids = [m.pk for m in stored.values()]
        linked = set(through.objects.filter(mention_id__in=ids, savedsearch_id=search.pk)
                     .values_list("mention_id", flat=True))
        in_org = set(through.objects.filter(mention_id__in=ids, savedsearch__organization_id=search.organization_id)
                     .values_list("mention_id", flat=True))
        through.objects.bulk_create([through(mention_id=m.pk, savedsearch_id=search.pk) for m in stored.values()
                                     if m.pk not in linked], ignore_conflicts=True)
        counts.add_links(search.pk, search.organization_id, [m for m in stored.values() if m.pk not in linked],
                         in_org)
    fresh = [stored[k] for k in keys if k in stored and k not in existing]
    outcome.stored += len(fresh)
    outcome.needs_review += sum(1 for m in fresh if m.needs_review)
    return fresh


def _triaged(item: Found, org_names: tuple[str, ...]) -> Mention:
    result = triage(item.text, kind="mention", org_names=org_names)
    return Mention(
        source=item.source, external_id=item.external_id[:300], author_handle=item.author_handle[:200],
        author_name=item.author_name[:200], body=item.text, url=item.url[:500], language=item.language[:16],
        published_at=item.published_at, sentiment=result.sentiment, sentiment_score=result.sentiment_score,
        crisis=result.crisis, phi=result.phi, spam=result.spam, verdict=result.verdict, labels=result.labels,
        needs_review=result.crisis or result.phi,
    )
