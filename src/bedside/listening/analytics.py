"""What a search shows: volume over time with the sentiment split, top
authors, words, hashtags and links, spikes, and share of voice."""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import QuerySet, Sum

from bedside.listening.models import Mention, OrganizationDay, SavedSearch, SearchDay, SearchDayIntent
from bedside.listening.query import words

# Top words and links come from bodies, which are encrypted: they are read
# from the latest mentions only, and the page says how many.
TOP_FROM = 2_000
STOPWORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have", "i", "if", "in", "is", "it", "its", "just", "me", "my", "no", "not", "of", "on", "or", "our", "so", "that", "the", "their", "them", "there", "they", "this", "to", "too", "us", "was", "we", "were", "what", "when", "with", "you", "your"])


@dataclass(frozen=True)
class Day:
    day: date
    total: int
    positive: int
    neutral: int
    negative: int


@dataclass(frozen=True)
class Spike:
    day: date
    count: int
    baseline: float
    z: float


def mentions_of(search: SavedSearch, start: datetime, end: datetime) -> QuerySet[Mention]:
    return Mention.objects.filter(searches=search, published_at__gte=start, published_at__lt=end)


def intent_counts(search: SavedSearch, start: datetime, end: datetime) -> list[tuple[str, int]]:
    """Mentions of the period's days per intent (the one that decides, as
    triage stored it), most first, from the daily counts (a search with
    millions of mentions is not counted row by row on each page view);
    mentions stored before intents were kept count under "" (unknown)."""
    rows = (SearchDayIntent.objects.filter(search=search, day__gte=start.date(), day__lte=end.date())
            .values("intent").annotate(total=Sum("n")).order_by())
    return sorted(((row["intent"], int(row["total"])) for row in rows if row["total"]),
                  key=lambda r: (-r[1], r[0]))


def volume(search: SavedSearch, start: datetime, end: datetime) -> list[Day]:
    """Mentions per day (by when they were posted, UTC) with the sentiment
    split, from the daily counts; days with none count 0."""
    by_day = {d.day: d for d in SearchDay.objects.filter(search=search, day__gte=start.date(), day__lte=end.date())}
    days, day = [], start.date()
    while day <= end.date():
        d = by_day.get(day)
        total, pos, neg = (d.total, d.positive, d.negative) if d else (0, 0, 0)
        days.append(Day(day, total, pos, total - pos - neg, neg))
        day += timedelta(days=1)
    return days


def total(search: SavedSearch, start: datetime, end: datetime) -> int:
    found = SearchDay.objects.filter(search=search, day__gte=start.date(), day__lte=end.date()).aggregate(n=Sum("total"))
    return int(found["n"] or 0)


def spikes(days: list[Day], *, window: int = 14, threshold: float = 3.0, minimum: int = 10) -> list[Spike]:
    """Days far above the search's own baseline: a z-score over the previous
    ``window`` days, and at least ``minimum`` mentions so that 0 -> 2 on a quiet
    search is not a spike. A flat baseline uses a standard deviation of 1."""
    found = []
    for i in range(window, len(days)):
        before = [d.total for d in days[i - window:i]]
        mean = sum(before) / window
        sd = math.sqrt(sum((x - mean) ** 2 for x in before) / window) or 1.0
        z = (days[i].total - mean) / sd
        if days[i].total >= minimum and z >= threshold:
            found.append(Spike(days[i].day, days[i].total, round(mean, 1), round(z, 1)))
    return found


@dataclass(frozen=True)
class Tops:
    read: int
    authors: list[tuple[str, int]]
    words: list[tuple[str, int]]
    hashtags: list[tuple[str, int]]
    links: list[tuple[str, int]]


# Counting top words decrypts up to TOP_FROM bodies (most of a search page's
# time): the result is kept in this process's memory, never on disk, until a
# new mention arrives or TOPS_FOR passes.
TOPS_FOR = 300.0
_TOPS: dict[tuple[int, str, int | None], tuple[float, Tops]] = {}


def tops(search: SavedSearch, start: datetime, end: datetime, n: int = 10) -> Tops:
    latest = mentions_of(search, start, end).order_by("-id").values_list("id", flat=True).first()
    key = (search.pk, f"{start:%Y-%m-%d %H}|{end:%Y-%m-%d %H}|{n}", latest)
    cached = _TOPS.get(key)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    found = _count_tops(search, start, end, n)
    if len(_TOPS) > 256:
        _TOPS.clear()
    _TOPS[key] = (time.monotonic() + TOPS_FOR, found)
    return found


def _count_tops(search: SavedSearch, start: datetime, end: datetime, n: int) -> Tops:
    authors: Counter[str] = Counter()
    found_words: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    links: Counter[str] = Counter()
    rows = mentions_of(search, start, end).order_by("-published_at").values_list("author_handle", "body")[:TOP_FROM]
    read = 0
    for author, body in rows:
        read += 1
        authors[author] += 1
        body = body or ""
        for token in set(words(body)):
            if token.startswith("#"):
                tags[token] += 1
            elif not token.startswith("@") and len(token) > 2 and token not in STOPWORDS and not token.isdigit():
                found_words[token] += 1
        for link in {t for t in body.split() if t.startswith(("http://", "https://"))}:
            links[link.rstrip(".,;:!?)")] += 1
    return Tops(read, authors.most_common(n), found_words.most_common(n), tags.most_common(n), links.most_common(n))


def share_of_voice(searches: list[SavedSearch], start: datetime, end: datetime) -> list[tuple[str, int, float]]:
    """Mentions per organization over the period, with shares: a mention
    counts once per organization however many of its searches found it."""
    orgs = {s.organization_id: s.organization.name for s in searches}
    rows = (OrganizationDay.objects.filter(organization_id__in=orgs, day__gte=start.date(), day__lte=end.date())
            .values("organization_id").annotate(n=Sum("mentions")))
    counts = dict.fromkeys(orgs.values(), 0)
    for row in rows:
        counts[orgs[row["organization_id"]]] = int(row["n"] or 0)
    total_ = sum(counts.values())
    return sorted(((name, n, round(100 * n / total_, 1) if total_ else 0.0) for name, n in counts.items()),
                  key=lambda r: (-r[1], r[0]))


@dataclass(frozen=True)
class Voice:
    """Mentions per organization over a period, for the organizations with a
    saved search (the others were not listened to: no data, not 0)."""

    counts: dict[int, int]
    sources: list[str]  # where those searches look, in words
    searches: int


def voice_of(organization_ids: list[int], start: date, end: date) -> Voice | None:
    """What the benchmark's share of voice reads: each listened organization's
    mentions posted from ``start`` to ``end`` (both days included), each
    mention once per organization. ``None`` when none has a search."""
    from bedside.listening.sources import SourceError, parse_source

    searches = list(SavedSearch.objects.filter(organization_id__in=organization_ids).only("organization_id",
                                                                                         "sources"))
    if not searches:
        return None
    listened = {s.organization_id for s in searches}
    rows = (OrganizationDay.objects.filter(organization_id__in=listened, day__gte=start, day__lte=end)
            .values("organization_id").annotate(n=Sum("mentions")))
    counts = dict.fromkeys(listened, 0)
    for row in rows:
        counts[row["organization_id"]] = int(row["n"] or 0)
    labels: set[str] = set()
    for s in searches:
        for raw in s.sources:
            try:
                labels.add(parse_source(str(raw)).label())
            except SourceError:
                continue  # a source that cannot be read found nothing either
    return Voice(counts, sorted(labels), len(searches))
