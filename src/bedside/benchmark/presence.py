"""Presence audit: which networks each organization is on with an official
account, and which media it runs itself (blog, podcast, newsletter, app,
community), summed up in sentences written from the data."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bedside.benchmark.models import OwnedMedia
from bedside.channels.models import Channel
from bedside.networks.registry import NETWORKS, of_kind
from bedside.workspace.models import Organization

OWNED = [k.value for k in OwnedMedia.Kind]
OWNED_LABELS = {k.value: k.label for k in OwnedMedia.Kind}
_VERB = {
    "blog": "run a blog",
    "podcast": "run a podcast",
    "newsletter": "send a newsletter",
    "app": "offer an app",
    "community": "run their own online community",
}


def social() -> list[str]:
    """Networks where an organization has an account of its own (not review
    sites), from the registry: a new social network gets its column unasked."""
    return of_kind("social")


def column_label(column: str) -> str:
    return NETWORKS.get(column) or OWNED_LABELS.get(column, column)


def _feed_kind(channel: Channel) -> str:
    # A feed is a podcast when it says so; otherwise a blog or newsroom.
    text = f"{channel.handle} {channel.url}".lower()
    return "podcast" if "podcast" in text or "itunes" in text else "blog"


def presence(
    organizations: list[Organization], subject_id: int | None = None, channels: list[Channel] | None = None
) -> dict[str, Any]:
    """The coverage matrix and its summary sentences. ``channels``: the
    organizations' channels, when the caller has read them already."""
    ids = [o.pk for o in organizations]
    if channels is None:
        channels = list(Channel.objects.defer("credentials").filter(organization_id__in=ids))
    wanted = set(ids)
    networks, feeds = social(), of_kind("feed")
    has: dict[int, set[str]] = defaultdict(set)
    for channel in channels:
        if not channel.official or channel.organization_id not in wanted:
            continue
        if channel.network in networks:
            has[channel.organization_id].add(channel.network)
        elif channel.network in feeds:
            has[channel.organization_id].add(_feed_kind(channel))
    for org_id, kind in OwnedMedia.objects.filter(organization_id__in=ids).values_list("organization_id", "kind"):
        has[org_id].add(kind)
    columns = networks + OWNED
    matrix = [
        {
            "org": o.name,
            "org_id": o.pk,
            "is_ours": o.pk == subject_id if subject_id else o.is_ours,
            "present": {c: c in has[o.pk] for c in columns},
            "count": len([c for c in networks if c in has[o.pk]]),
        }
        for o in organizations
    ]
    return {"columns": columns, "matrix": matrix, "summary": summary(matrix, columns)}


def summary(matrix: list[dict[str, Any]], columns: list[str]) -> list[str]:
    total = len(matrix)
    if not total:
        return ["No organizations to compare yet."]
    sentences = []
    networks = social()
    ours = next((r for r in matrix if r["is_ours"]), None)
    peers = [r for r in matrix if not r["is_ours"]]
    if ours is not None and peers:
        average = sum(r["count"] for r in peers) / len(peers)
        sentences.append(
            f"{ours['org']} has an official account on {ours['count']} of {len(networks)} networks; "
            f"its {len(peers)} peer{'s' if len(peers) != 1 else ''} average {average:.1f}."
        )
    for column in columns:
        n = sum(1 for r in matrix if r["present"][column])
        if column in networks:
            what = f"{'has' if n == 1 and total == 1 else 'have'} an official {column_label(column)} account"
        else:
            what = _VERB[column]
        sentences.append(f"{n} of {total} {what}.")
    return sentences
