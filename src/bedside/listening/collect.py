"""Run a saved search: read its sources, keep what the query matches, store
each mention once (encrypted), and triage the new ones like inbox messages."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from bedside.channels.clients import install_client
from bedside.inbox.triage import Triage, triage
from bedside.listening import counts, quota, review_alerts, spike_alerts
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
    alerts: int = 0  # alerts this run raised: spikes, and mentions with crisis language or PHI
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
    outcome.alerts += spike_alerts.raise_for(search)
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
        if query.matches(Text.of(item.text, item.language, (item.place, item.author_location))):
            matching.setdefault((item.source, item.external_id), item)
    outcome.matched += len(matching)
    if not matching:
        return []
    by_source: dict[str, list[str]] = {}
    for src, ext in matching:
        by_source.setdefault(src, []).append(ext)
    # Stored before: only their ids are needed (no body to decrypt).
    existing: dict[tuple[str, str], Mention] = {}
    for src, ids in by_source.items():
        for m in Mention.objects.filter(source=src, external_id__in=ids).only("id", "source", "external_id",
                                                                              "published_at", "sentiment", "intent"):
            existing[(m.source, m.external_id)] = m
    new = triaged([item for key, item in matching.items() if key not in existing], org_names)
    with transaction.atomic():
        fresh = _insert(new)
        if fresh is None:
            # Another worker stored some of these first (or the database gave
            # no ids back): read every one back, as stored, whoever stored it.
            stored = {(m.source, m.external_id): m for src, ids in by_source.items()
                      for m in Mention.objects.filter(source=src, external_id__in=ids).defer("body")}
            fresh = [stored[(m.source, m.external_id)] for m in new if (m.source, m.external_id) in stored]
            before = [m for key, m in stored.items() if key in existing]
        else:
            before = list(existing.values())
        # A mention just created is linked to nothing yet: only those stored
        # before can already be linked to this search or its organization.
        through = Mention.searches.through
        linked: set[int] = set()
        in_org: set[int] = set()
        if before:
            ids = [m.pk for m in before]
            linked = set(through.objects.filter(mention_id__in=ids, savedsearch_id=search.pk)
                         .values_list("mention_id", flat=True))
            in_org = set(through.objects.filter(mention_id__in=ids,
                                                savedsearch__organization_id=search.organization_id)
                         .values_list("mention_id", flat=True))
        to_link = [m for m in [*fresh, *before] if m.pk not in linked]
        through.objects.bulk_create([through(mention_id=m.pk, savedsearch_id=search.pk) for m in to_link],
                                    ignore_conflicts=True)
        counts.add_links(search.pk, search.organization_id, to_link, in_org)
    outcome.stored += len(fresh)
    outcome.needs_review += sum(1 for m in fresh if m.needs_review)
    # Crisis language or PHI in public: the same alert rules as an inbox message.
    outcome.alerts += review_alerts.raise_for(search, fresh)
    return fresh


def _insert(new: list[Mention]) -> list[Mention] | None:
    """Insert ``new`` in one statement with their ids returned; ``None`` when
    one was stored meanwhile by another worker (nothing of this batch is
    inserted then but what ``ignore_conflicts`` lets through)."""
    if not new:
        return []
    try:
        with transaction.atomic():
            created = Mention.objects.bulk_create(new)
    except IntegrityError:
        Mention.objects.bulk_create(new, ignore_conflicts=True)
        return None
    return created if all(m.pk is not None for m in created) else None


def triaged(items: list[Found], org_names: tuple[str, ...]) -> list[Mention]:
    """Each post triaged as a mention. Identical texts in one batch (reposts,
    share buttons' prefilled text, bots) are triaged once: triage reads only
    the text, the kind and the organization's names, so each copy gets the
    verdict it would have got on its own."""
    verdicts: dict[str, Triage] = {}
    mentions = []
    for item in items:
        result = verdicts.get(item.text)
        if result is None:
            result = verdicts[item.text] = triage(item.text, kind="mention", org_names=org_names)
        mentions.append(_mention(item, result))
    return mentions


def _mention(item: Found, result: Triage) -> Mention:
    return Mention(
        source=item.source, external_id=item.external_id[:300], author_handle=item.author_handle[:200],
        author_name=item.author_name[:200], body=item.text, url=item.url[:500], language=item.language[:16],
        published_at=item.published_at, sentiment=result.sentiment, sentiment_score=result.sentiment_score,
        crisis=result.crisis, phi=result.phi, spam=result.spam, verdict=result.verdict, labels=result.labels,
        intent=result.intent, intents=result.intents, needs_review=result.crisis or result.phi,
        place=item.place or None, author_location=item.author_location or None,
    )
