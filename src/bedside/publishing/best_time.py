"""When our own posts did best: per network, the weekday and hour (in the
workspace's time zone) whose published posts drew the most interactions
(likes + comments + shares, as synced back) per post, each with the number of
posts it rests on. A slot with fewer than ``MIN_POSTS`` posts is not ranked:
one lucky post is not a pattern."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.utils import timezone

from bedside.benchmark.models import Post as SyncedPost
from bedside.publishing.models import Variant

MIN_POSTS = 3
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Slot:
    network: str
    weekday: int  # 0 = Monday
    hour: int
    posts: int  # how many published posts the figure rests on
    per_post: float  # mean interactions per post

    @property
    def label(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.hour:02d}:00"


def best_times(*, days: int = 365, top: int = 3, now: datetime | None = None) -> dict[str, tuple[int, list[Slot]]]:
    """Per network: (published posts with synced counts in the window, its
    best ``top`` slots, best first)."""
    since = (now or timezone.now()) - timedelta(days=days)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.network, v.published_at, COALESCE(b.likes, 0) + COALESCE(b.comments, 0) + "
            f"COALESCE(b.shares, 0) FROM {Variant._meta.db_table} v JOIN {SyncedPost._meta.db_table} b "
            "ON b.network = v.network AND b.external_id = v.external_id "
            "WHERE v.state = %s AND v.published_at >= %s AND v.external_id <> ''",
            [str(Variant.State.PUBLISHED), since])
        rows = cursor.fetchall()
    zone = timezone.get_current_timezone()
    sums: dict[tuple[str, int, int], list[int]] = defaultdict(lambda: [0, 0])
    counted: dict[str, int] = defaultdict(int)
    for network, published_at, interactions in rows:
        if isinstance(published_at, str):  # SQLite's raw cursor
            published_at = datetime.fromisoformat(published_at)
        if timezone.is_naive(published_at):  # stored in UTC
            published_at = published_at.replace(tzinfo=UTC)
        local = timezone.localtime(published_at, zone)
        cell = sums[(network, local.weekday(), local.hour)]
        cell[0] += 1
        cell[1] += int(interactions)
        counted[network] += 1
    out: dict[str, tuple[int, list[Slot]]] = {}
    for network in sorted(counted):
        slots = [Slot(net, day, hour, n, total / n) for (net, day, hour), (n, total) in sums.items()
                 if net == network and n >= MIN_POSTS]
        slots.sort(key=lambda s: (-s.per_post, -s.posts, s.weekday, s.hour))
        out[network] = (counted[network], slots[:top])
    return out
