"""Brand consistency: is the organization recognisably the same on every
channel? Profile photos are compared by perceptual hash, names and
descriptions by text similarity; each inconsistent channel says what differs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bedside.benchmark import photos
from bedside.benchmark.models import ProfileLook
from bedside.channels.models import Channel
from bedside.workspace.models import Organization

#: Hamming distance (of 64 bits) above which two photos are different pictures;
#: re-encoded or resized copies of one logo stay well under it.
PHOTO_DISTANCE = 10
NAME_SIMILARITY = 80
DESCRIPTION_SIMILARITY = 45


@dataclass
class ChannelLook:
    network: str
    handle: str
    name: str | None
    photo_distance: int | None  # None: no photo to compare
    name_similarity: float | None
    description_similarity: float | None
    differs: list[str] = field(default_factory=list)

    @property
    def consistent(self) -> bool | None:
        if self.name is None:
            return None
        return not self.differs


@dataclass
class BrandAudit:
    org: str
    org_id: int
    is_ours: bool
    channels: list[ChannelLook]

    @property
    def inconsistent(self) -> list[ChannelLook]:
        return [c for c in self.channels if c.consistent is False]

    @property
    def checked(self) -> int:
        return sum(1 for c in self.channels if c.consistent is not None)


def _medoid(items: list[str], distance) -> str | None:  # type: ignore[no-untyped-def]
    """The item closest to all the others: the organization's usual look."""
    if not items:
        return None
    return min(items, key=lambda a: sum(distance(a, b) for b in items))


def _hash_distance(a: str, b: str) -> int:
    return photos.distance(a, b)


def brand(
    organizations: list[Organization],
    subject_id: int | None = None,
    channels: list[Channel] | None = None,
    looks: dict[int, ProfileLook] | None = None,
) -> list[BrandAudit]:
    """``channels`` and ``looks``: the organizations' channels and their latest
    looks, when the caller has read them already."""
    from bedside.benchmark.crosspromo import latest_looks

    ids = [o.pk for o in organizations]
    if channels is None:
        channels = list(Channel.objects.defer("credentials").filter(organization_id__in=ids))
    wanted = set(ids)
    channels = sorted(
        (c for c in channels if c.organization_id in wanted and c.network not in ("website", "rss")),
        key=lambda c: (c.network, c.pk),
    )
    if looks is None:
        looks = latest_looks([c.pk for c in channels])
    by_org: dict[int, list[Channel]] = defaultdict(list)
    for c in channels:
        by_org[c.organization_id].append(c)
    audits = []
    for org in organizations:
        mine = by_org[org.pk]
        seen = [looks[c.pk] for c in mine if c.pk in looks]
        photo = _medoid([x.avatar_hash for x in seen if x.avatar_hash], _hash_distance)
        about = _medoid(
            [x.description for x in seen if x.description.strip()],
            lambda a, b: 100 - fuzz.token_set_ratio(a, b),
        )
        rows = []
        for c in mine:
            look = looks.get(c.pk)
            if look is None:
                rows.append(ChannelLook(c.network, c.handle, None, None, None, None))
                continue
            row = ChannelLook(
                network=c.network,
                handle=c.handle,
                name=look.name,
                photo_distance=_hash_distance(look.avatar_hash, photo) if look.avatar_hash and photo else None,
                name_similarity=fuzz.token_set_ratio(look.name, org.name) if look.name else None,
                description_similarity=(
                    fuzz.token_set_ratio(look.description, about) if look.description.strip() and about else None
                ),
            )
            if row.photo_distance is not None and row.photo_distance > PHOTO_DISTANCE:
                row.differs.append("profile photo differs from the other channels")
            if row.name_similarity is not None and row.name_similarity < NAME_SIMILARITY:
                row.differs.append(f"name {look.name!r} does not match {org.name!r}")
            if row.description_similarity is not None and row.description_similarity < DESCRIPTION_SIMILARITY:
                row.differs.append("description reads unlike the other channels'")
            rows.append(row)
        audits.append(BrandAudit(org.name, org.pk, org.pk == subject_id if subject_id else org.is_ours, rows))
    return audits
