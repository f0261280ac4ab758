"""The peer comparison: every organization's metrics, ranks and indices.

``compare()`` is the one entry point the page, the API, the executive report
and the exports share, so they all show the same numbers.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from bedside.benchmark import metrics
from bedside.benchmark.contentmix import CLASSES
from bedside.benchmark.conversation import conversation, mentions
from bedside.benchmark.models import Post
from bedside.channels.models import Channel
from bedside.listening.analytics import voice_of
from bedside.workspace.models import Organization

#: Each compared metric: key, label, unit, and whether more is better.
METRICS: list[tuple[str, str, str, bool]] = [
    ("audience", "Audience", "followers", True),
    ("growth_abs", "Growth", "followers", True),
    ("growth_month", "Growth per month", "%", True),
    ("cagr", "Compound annual growth", "%", True),
    ("engagement", "Engagement rate", "% per post", True),
    ("talking_about", "Talking about / likes", "%", True),
    ("cadence", "Posts per week", "posts", True),
    ("video_share", "Video share", "%", True),
    ("reply_rate", "Reply rate", "%", True),
    ("reply_hours", "Median time to first reply", "hours", False),
    ("share_of_voice", "Share of voice", "%", True),
]
METRIC_KEYS = [m[0] for m in METRICS]
#: How far back each period's time series reaches by default.
SERIES_SPAN = {"day": 90, "week": 365, "month": 3 * 365, "quarter": 5 * 365}
GROWTH_WINDOW_DAYS = 365


@dataclass
class OrgRow:
    org_id: int
    name: str
    is_ours: bool
    is_sample: bool
    networks: list[str]
    values: dict[str, float | int | None] = field(default_factory=dict)
    by_network: dict[str, int | None] = field(default_factory=dict)
    content_mix: dict[str, float] = field(default_factory=dict)
    classified_posts: int = 0
    rank: dict[str, int | None] = field(default_factory=dict)
    index_median: dict[str, float | None] = field(default_factory=dict)
    index_leader: dict[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class VoiceSource:
    """Where the share of voice came from, to be said beside it."""

    listening: bool  # False: the older figure (mentions of the organizations' own channels)
    start: date
    end: date
    sources: list[str]
    text: str


@dataclass
class Comparison:
    as_of: date | None
    start: date | None
    period: str
    network: str | None
    leader_id: int | None
    rows: list[OrgRow]
    networks: list[str]
    # {"org": name, "network": slug or "all", "period": date, "followers": int | None}
    series: list[dict[str, Any]]
    voice: VoiceSource | None = None

    @property
    def leader(self) -> OrgRow | None:
        return next((r for r in self.rows if r.org_id == self.leader_id), None)

    @property
    def ours(self) -> OrgRow | None:
        return next((r for r in self.rows if r.is_ours), None)

    def row(self, name: str) -> OrgRow | None:
        return next((r for r in self.rows if r.name == name), None)


def compare(
    organizations: list[Organization] | None = None,
    *,
    period: str = "month",
    network: str | None = None,
    leader: Organization | int | None = None,
    as_of: date | None = None,
    since: date | None = None,
    subject: Organization | None = None,
    channels: list[Channel] | None = None,
    start: date | None = None,
) -> Comparison:
    """Compare ``organizations`` (all by default). ``subject`` is the one the
    comparison is for (our organization unless said otherwise). ``channels``:
    the organizations' channels when the caller has read them already (from
    :func:`read_channels`), so a page with audits reads them once. The window
    the metrics cover runs from ``start`` (12 months before by default) to
    ``as_of`` (the latest reading by default)."""
    if period not in metrics.PERIODS:
        raise ValueError(f"period must be one of {', '.join(metrics.PERIODS)}, got {period!r}")
    orgs = list(organizations) if organizations is not None else list(Organization.objects.all())
    if channels is None:
        channels = read_channels(orgs)
    wanted = {o.pk for o in orgs}
    channels = sorted(
        (c for c in channels if c.organization_id in wanted and (not network or c.network == network)),
        key=lambda c: c.pk,
    )
    ids = [c.pk for c in channels]
    as_of = as_of or metrics.latest_snapshot_date(ids) or _latest_post_date(ids)
    nets: dict[int, set[str]] = defaultdict(set)
    for c in channels:
        nets[c.organization_id].add(c.network)
    rows = [
        OrgRow(o.pk, o.name, o.pk == subject.pk if subject is not None else o.is_ours, o.is_sample, sorted(nets[o.pk]))
        for o in orgs
    ]
    if as_of is None:
        for row in rows:
            row.values = dict.fromkeys(METRIC_KEYS)
        return Comparison(None, None, period, network, _leader_id(rows, leader), rows, [], [])
    if start is None or start >= as_of:
        start = as_of - timedelta(days=GROWTH_WINDOW_DAYS)
    window_days = (as_of - start).days
    by_org: dict[int, list[Channel]] = defaultdict(list)
    for c in channels:
        by_org[c.organization_id].append(c)

    now = metrics.followers_on(ids, as_of)
    then = metrics.followers_on(ids, start)
    # A channel tracked for less than the window grows from its first reading in it.
    late = metrics.first_readings([i for i in ids if i in now and i not in then], start, as_of)
    posts = metrics.post_totals(ids, start, as_of)
    ever_posted = metrics.channels_with_posts(ids)
    talk = conversation(channels, start, as_of)
    mention_counts, listened = mentions(ids, start, as_of)
    heard_total = sum(mention_counts.values())

    for row in rows:
        mine = by_org[row.org_id]
        row.by_network = {
            net: metrics.total(now[c.pk].followers if c.pk in now else None for c in mine if c.network == net)
            for net in row.networks
        }
        row.values = _org_values(mine, now, then, posts, ever_posted, talk, mention_counts, listened, heard_total,
                                 window_days)
        row.values.update(_growth(mine, now, then, late, start, window_days))
        counts: dict[str, int] = defaultdict(int)
        for c in mine:
            for kind, n in (posts[c.pk].mix if c.pk in posts else {}).items():
                if kind in CLASSES:
                    counts[kind] += n
        row.classified_posts = sum(counts.values())
        if row.classified_posts:
            row.content_mix = {k: counts.get(k, 0) / row.classified_posts * 100 for k in CLASSES}

    voice = share_of_voice(rows, start, as_of)
    leader_id = _leader_id(rows, leader)
    _rank_and_index(rows, leader_id)
    series_start = since or min(start, as_of - timedelta(days=SERIES_SPAN[period]))
    series = _series(by_org, rows, ids, period, series_start, as_of)
    used = sorted({c.network for c in channels})
    return Comparison(as_of, start, period, network, leader_id, rows, used, series, voice)


def share_of_voice(rows: list[OrgRow], start: date, end: date) -> VoiceSource:
    """Listening's share of voice (mentions of each organization anywhere,
    from its saved searches) replaces the older figure (mentions of its own
    channels in the inbox) when at least two compared organizations have a
    search: one alone would always hold 100%. Rows are changed in place."""
    window = f"{start:%-d %b %Y} to {end:%-d %b %Y}"
    heard = voice_of([r.org_id for r in rows], start, end)
    if heard is None or len(heard.counts) < 2:
        have = 0 if heard is None else len(heard.counts)
        return VoiceSource(False, start, end, ["inbox mentions of our and peers' channels"], (
            f"Share of voice here is the older figure (mentions of each organization's own channels stored in "
            f"the inbox, {window}): {have} of the compared organizations {'has' if have == 1 else 'have'} a "
            "listening search, and it takes two. Add searches under Listening for us and our peers to use "
            "listening's share of voice."))
    total = sum(heard.counts.values())
    for row in rows:
        n = heard.counts.get(row.org_id)
        row.values["share_of_voice"] = n / total * 100 if n is not None and total else None
    return VoiceSource(True, start, end, heard.sources, (
        f"Share of voice from listening: mentions of each organization posted {window}, found by "
        f"{heard.searches} saved search{'es' if heard.searches != 1 else ''} on "
        f"{', '.join(heard.sources) or 'no source'} (a post counted once per organization); an organization "
        "without a search is no data."))


def read_channels(organizations: list[Organization]) -> list[Channel]:
    """The organizations' channels with only the fields the comparison and the
    audits read (credentials are encrypted: decrypting 500 of them would cost
    more than the metrics)."""
    return list(
        Channel.objects.only("id", "organization_id", "network", "handle", "url", "official", "status",
                             "status_detail")
        .filter(organization_id__in=[o.pk for o in organizations])
        .order_by("pk")
    )


def _latest_post_date(ids: list[int]) -> date | None:
    believable = timezone.now() + metrics.FUTURE_SLACK  # a post dated 9999 must not set "as of"
    last = (Post.objects.filter(channel_id__in=ids, published_at__lte=believable).order_by("-published_at")
            .values_list("published_at", flat=True))
    found = last.first()
    return found.date() if found else None


def _org_values(
    mine: list[Channel],
    now: dict[int, metrics.Reading],
    then: dict[int, metrics.Reading],
    posts: dict[int, metrics.PostTotals],
    ever_posted: set[int],
    talk: dict,
    mention_counts: dict[int, int],
    listened: set[int],
    heard_total: int,
    window_days: int,
) -> dict[str, float | int | None]:
    values: dict[str, float | int | None] = {}
    values["audience"] = metrics.total(now[c.pk].followers if c.pk in now else None for c in mine)

    weighted, counted = 0.0, 0
    for c in mine:
        totals = posts.get(c.pk)
        reading = now.get(c.pk)
        if totals and totals.counted and reading and reading.followers > 0:
            weighted += totals.interactions / reading.followers
            counted += totals.counted
    values["engagement"] = weighted / counted * 100 if counted else None

    ratios = [r for r in (_talking_about(now[c.pk]) for c in mine if c.network == "facebook" and c.pk in now)
              if r is not None]
    values["talking_about"] = statistics.fmean(ratios) if ratios else None

    posting = [c for c in mine if c.pk in ever_posted]
    n_posts = sum(posts[c.pk].posts for c in posting if c.pk in posts)
    values["cadence"] = n_posts / (window_days / 7) if posting else None
    n_videos = sum(posts[c.pk].videos for c in posting if c.pk in posts)
    values["video_share"] = n_videos / n_posts * 100 if n_posts else None

    chats = [talk[c.pk] for c in mine if c.pk in talk]
    comments = sum(t.comments for t in chats)
    answered = sum(t.answered for t in chats)
    values["reply_rate"] = answered / comments * 100 if comments else None
    # One median over every answered comment, as the inbox computes it (not a median of medians).
    waits = [w for t in chats for w in t.waits]
    values["reply_hours"] = statistics.median(waits) if waits else None

    heard = [c for c in mine if c.pk in listened]
    values["share_of_voice"] = (
        sum(mention_counts.get(c.pk, 0) for c in heard) / heard_total * 100 if heard and heard_total else None
    )
    return values


# Where each number can come from: the Graph API's field names, and the
# snapshot CSV's documented columns (docs/snapshot-csv.md), which the Facebook
# Insights import fills too.
TALKING_ABOUT_KEYS = ("talking_about_count", "talking_about")
PAGE_LIKES_KEYS = ("fan_count", "likes")


def _count(extra: dict[str, Any], keys: tuple[str, ...]) -> float | None:
    for key in keys:
        value = extra.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return value
    return None


def _talking_about(reading: metrics.Reading) -> float | None:
    """People talking about the Page as a share of its likes (the followers
    count where the likes are not given separately)."""
    talking = _count(reading.extra, TALKING_ABOUT_KEYS)
    likes = _count(reading.extra, PAGE_LIKES_KEYS) or reading.followers
    if talking is None or not likes:
        return None
    return talking / likes * 100


def _growth(
    mine: list[Channel],
    now: dict[int, metrics.Reading],
    then: dict[int, metrics.Reading],
    late: dict[int, metrics.Reading],
    start: date,
    window_days: int,
) -> dict[str, float | int | None]:
    """Growth over the window, or over the part of it there is history for:
    a team that began tracking last month sees last month's growth, with the
    span said ("+37,000 over 1 month"), not a blank until a year has passed.

    Like for like: only channels read at both ends count, all from one common
    start (the latest first reading among them), so a network added later
    never shows as a jump."""
    both = [c for c in mine if c.pk in now and (c.pk in then or c.pk in late)]
    if not both:
        return {"growth_abs": None, "growth_month": None, "cagr": None, "growth_days": None}
    common = max([late[c.pk].date for c in both if c.pk in late], default=start)
    begin = then if common == start else metrics.followers_on([c.pk for c in both], common)
    both = [c for c in both if c.pk in begin]
    end = max((now[c.pk].date for c in both), default=common)
    days = (end - common).days
    if not both or days < 1:
        return {"growth_abs": None, "growth_month": None, "cagr": None, "growth_days": None}
    start_total = metrics.total(begin[c.pk].followers for c in both)
    end_total = metrics.total(now[c.pk].followers for c in both)
    span = min(days, window_days)
    growth_abs, per_month, cagr = metrics.growth(start_total, end_total, span / 30.4375)
    return {"growth_abs": growth_abs, "growth_month": per_month, "cagr": cagr, "growth_days": span}


def _leader_id(rows: list[OrgRow], leader: Organization | int | None) -> int | None:
    if leader is not None:
        return leader if isinstance(leader, int) else leader.pk
    # Without a choice, the peer with the largest audience leads.
    peers = [r for r in rows if not r.is_ours and r.values.get("audience") is not None]
    return max(peers, key=lambda r: r.values["audience"]).org_id if peers else None


def _rank_and_index(rows: list[OrgRow], leader_id: int | None) -> None:
    leader = next((r for r in rows if r.org_id == leader_id), None)
    for key, _label, _unit, more_is_better in METRICS:
        known = [r for r in rows if r.values.get(key) is not None]
        ordered = sorted(known, key=lambda r: r.values[key], reverse=more_is_better)
        for r in rows:
            r.rank[key] = None
        for position, r in enumerate(ordered, start=1):
            # Ties share the better rank.
            if position > 1 and r.values[key] == ordered[position - 2].values[key]:
                r.rank[key] = ordered[position - 2].rank[key]
            else:
                r.rank[key] = position
        peer_values = [r.values[key] for r in known if not r.is_ours] or [r.values[key] for r in known]
        median = statistics.median(peer_values) if peer_values else None
        lead = leader.values.get(key) if leader else None
        for r in rows:
            r.index_median[key] = _index(r.values.get(key), median, more_is_better)
            r.index_leader[key] = _index(r.values.get(key), lead, more_is_better)


def _index(value: float | int | None, anchor: float | int | None, more_is_better: bool) -> float | None:
    """100 = level with the anchor; above 100 is better, whichever way the metric runs."""
    if value is None or anchor is None:
        return None
    if more_is_better:
        return value / anchor * 100 if anchor > 0 and value >= 0 else None
    return anchor / value * 100 if value > 0 and anchor >= 0 else None


def _series(
    by_org: dict[int, list[Channel]], rows: list[OrgRow], ids: list[int], period: str, start: date, end: date
) -> list[dict[str, Any]]:
    raw = metrics.audience_series(ids, period, start, end)
    buckets = sorted({b for per in raw.values() for b in per})
    points: list[dict[str, Any]] = []
    for row in rows:
        # Plain (network, readings, first, last) tuples: this loop runs for
        # every channel and period, so no model attribute lookups in it.
        mine = [(c.network, raw[c.id], min(raw[c.id]), max(raw[c.id])) for c in by_org[row.org_id] if c.id in raw]
        for network, per, _, _ in mine:
            points.extend(
                {"org": row.name, "network": network, "period": b, "followers": f} for b, f in sorted(per.items())
            )
        for b in buckets:
            points.append({"org": row.name, "network": "all", "period": b, "followers": _org_total(mine, b)})
    return points


def _org_total(mine: list[tuple[str, dict[date, int], date, date]], b: date) -> int | None:
    total, known = 0, False
    for _, per, first, last in mine:
        value = per.get(b)
        if value is not None:
            total += value
            known = True
        elif first < b < last:
            return None  # a gap inside this channel's history: the total would be wrong
    return total if known else None
