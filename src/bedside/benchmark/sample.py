"""Sample history for the demo: about three years of daily profile snapshots,
posts with engagement, comments and replies, mentions, website crawls, profile
photos and names, all generated from a fixed seed.

Every number here is made up and marked as sample data (``source="sample"``,
``extra["sample"]``); the organizations themselves are labelled sample in the
UI. It holds gaps and missing counts on purpose, the way real data does: a
YouTube channel that hides its subscriber count, a month missing from one
Instagram history, a peer without a crawled website.
"""

from __future__ import annotations

import io
import math
import random
import zlib
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from bedside.benchmark import sample_text as words
from bedside.benchmark.contentmix import classify
from bedside.benchmark.models import OwnedMedia, Post, ProfileLook, Snapshot
from bedside.benchmark.record import photo_hash, record_crawl
from bedside.channels.models import Channel
from bedside.inbox.models import Message, State
from bedside.networks.records import SiteLink
from bedside.workspace.models import Organization

SEED = 20260101
YEARS = 3
POST_DAYS = 455  # posts, comments and mentions cover the last 15 months

# Followers (thousands) three years ago and yearly growth, per organization and network.
AUDIENCE: dict[str, dict[str, tuple[float, float]]] = {
    "Riverbend Health": {"x": (9, 0.06), "facebook": (28, 0.09), "instagram": (6, 0.35), "youtube": (1.2, 0.2)},
    "Mayo Clinic": {
        "x": (2000, 0.01), "facebook": (1000, 0.04), "instagram": (560, 0.12),
        "youtube": (900, 0.18), "pinterest": (150, 0.03), "linkedin": (1100, 0.08),
    },
    "Cleveland Clinic": {
        "x": (760, 0.02), "facebook": (2100, 0.05), "instagram": (470, 0.15),
        "youtube": (600, 0.22), "pinterest": (95, 0.02), "linkedin": (700, 0.1),
    },
    "Johns Hopkins Medicine": {"x": (350, 0.02), "facebook": (480, 0.03), "youtube": (190, 0.1), "linkedin": (420, 0.07)},
    "Mass General Brigham": {"x": (48, 0.03), "facebook": (120, 0.06), "instagram": (75, 0.2)},
}
#: Posts per week, and the share of posts that are video.
CADENCE = {"x": (9, 0.1), "facebook": (5, 0.25), "instagram": (4, 0.4), "youtube": (1, 1.0), "pinterest": (3, 0.0), "linkedin": (3, 0.1), "rss": (2, 0.0)}
#: Content mix weights per organization (story, advice, promotion, event, news, curated).
MIX = {
    "Riverbend Health": (2, 2, 5, 3, 2, 1),
    "Mayo Clinic": (3, 6, 1, 1, 2, 1),
    "Cleveland Clinic": (2, 7, 1, 1, 1, 1),
    "Johns Hopkins Medicine": (2, 3, 1, 1, 4, 1),
    "Mass General Brigham": (2, 2, 2, 2, 3, 1),
}
OWNED = {
    "Mayo Clinic": [("blog", "https://newsnetwork.mayoclinic.org/"), ("podcast", "https://newsnetwork.mayoclinic.org/podcasts/"),
                    ("newsletter", "https://www.mayoclinic.org/newsletter"), ("app", "https://www.mayoclinic.org/apps"),
                    ("community", "https://connect.mayoclinic.org/")],
    "Cleveland Clinic": [("blog", "https://health.clevelandclinic.org/"), ("podcast", "https://my.clevelandclinic.org/podcasts"),
                         ("newsletter", "https://my.clevelandclinic.org/newsletters"), ("app", "https://my.clevelandclinic.org/online-services/apps")],
    "Johns Hopkins Medicine": [("podcast", "https://www.hopkinsmedicine.org/podcasts"),
                               ("newsletter", "https://www.hopkinsmedicine.org/newsletters")],
    "Mass General Brigham": [("app", "https://www.massgeneralbrigham.org/en/patient-care/patient-gateway")],
    "Riverbend Health": [("newsletter", "https://riverbend-health.example/newsletter")],
}
#: Where each website links to its profiles; networks left out are not linked.
SITE_LINKS = {
    "Riverbend Health": {"facebook": ["footer"], "x": ["footer"], "instagram": ["footer"]},
    "Mayo Clinic": {n: ["footer"] for n in ("x", "facebook", "instagram", "youtube", "pinterest")},
    "Cleveland Clinic": {"x": ["header", "footer"], "facebook": ["header", "footer"], "instagram": ["footer"],
                         "youtube": ["footer"], "pinterest": ["footer"], "linkedin": ["footer"]},
}
# (colour, letter) of each organization's logo; the odd channel out uses an old logo.
LOGOS = {"Riverbend Health": ("#b4451f", "R"), "Mayo Clinic": ("#0b3d91", "M"),
         "Cleveland Clinic": ("#00843d", "C"), "Johns Hopkins Medicine": ("#002d72", "J"),
         "Mass General Brigham": ("#0057b8", "B")}
ODD_ONES = {("Riverbend Health", "instagram"): ("Riverbend Hospital", ("#4a7f2c", "RH")),
            ("Mass General Brigham", "x"): ("Partners HealthCare", ("#5b2a86", "P"))}


def _rng(*key: Any) -> random.Random:
    return random.Random(SEED ^ zlib.crc32("/".join(map(str, key)).encode()))


def _at(day: date, rng: random.Random) -> datetime:
    moment = time(hour=rng.randint(7, 20), minute=rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, moment), timezone.get_current_timezone())


def load(end: date | None = None) -> dict[str, int]:
    """Add the sample history to the demo's organizations; idempotent."""
    orgs = list(Organization.objects.filter(is_sample=True, name__in=AUDIENCE.keys()))
    channels = list(Channel.objects.filter(organization__in=orgs).select_related("organization"))
    if not channels or Snapshot.objects.filter(channel__in=channels, source="sample").exists():
        return {}
    end = end or timezone.localdate() - timedelta(days=1)
    counts = {"snapshots": 0, "posts": 0, "messages": 0, "crawls": 0, "looks": 0}
    with transaction.atomic():
        for channel in channels:
            counts["snapshots"] += _snapshots(channel, end)
            counts["posts"] += _posts(channel, end)
            counts["looks"] += _look(channel, end)
        counts["messages"] += _messages(channels, end)
        for org in orgs:
            for kind, url in OWNED.get(org.name, []):
                OwnedMedia.objects.get_or_create(organization=org, kind=kind, url=url, defaults={"source": "sample"})
            counts["crawls"] += _crawl(org, channels, end)
    return counts


def _snapshots(channel: Channel, end: date) -> int:
    org = channel.organization.name
    base = AUDIENCE.get(org, {}).get(channel.network)
    if base is None:
        return 0  # websites and feeds have no followers to count
    start_k, yearly = base
    rng = _rng(org, channel.network, "snapshots")
    days = YEARS * 365
    hidden = org == "Johns Hopkins Medicine" and channel.network == "youtube"
    gap = range(400, 430) if org == "Mass General Brigham" and channel.network == "instagram" else range(0)
    rows, level = [], start_k * 1000
    taken = time(hour=6)
    for i in range(days + 1):
        day = end - timedelta(days=days - i)
        level *= (1 + yearly) ** (1 / 365) * (1 + rng.gauss(0, 0.0006))
        if i in gap:
            continue
        extra: dict[str, Any] = {"sample": True}
        if channel.network == "facebook":
            extra["talking_about_count"] = int(level * rng.uniform(0.006, 0.02) * (1.6 if "Riverbend" in org else 1))
        if channel.network == "youtube":
            extra["viewCount"] = int(level * 140 * (1 + i / days))
        rows.append(
            Snapshot(
                channel=channel, date=day, source="sample", extra=extra,
                taken_at=timezone.make_aware(datetime.combine(day, taken), timezone.get_current_timezone()),
                followers=None if hidden else int(level),
                posts=int(1500 + i * CADENCE.get(channel.network, (1, 0))[0] / 7),
            )
        )
    Snapshot.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _text(kind: str, org: str, day: date, rng: random.Random) -> str:
    template = rng.choice(words.TEMPLATES[kind])
    return template.format(
        org=org, name=rng.choice(words.NAMES), condition=rng.choice(words.CONDITIONS),
        place=rng.choice(words.PLACES), specialty=rng.choice(words.SPECIALTIES), n=rng.randint(3, 60),
        day=(day + timedelta(days=rng.randint(3, 20))).strftime("%A, %B %-d"),
    )


def _posts(channel: Channel, end: date) -> int:
    org = channel.organization
    per_week, video_share = CADENCE.get(channel.network, (0, 0))
    if not per_week or (channel.network not in AUDIENCE.get(org.name, {}) and channel.network != "rss"):
        return 0
    rng = _rng(org.name, channel.network, "posts")
    kinds = ["patient_story", "health_advice", "promotion", "event", "news", "curated"]
    followers = AUDIENCE[org.name].get(channel.network, (50, 0))[0] * 1000
    rate = 0.004 if "Riverbend" in org.name else 0.0012 / max(1.0, math.log10(followers / 1e5 + 1))
    domain = (org.website or "https://example.org").rstrip("/")
    rows = []
    for offset in range(POST_DAYS):
        day = end - timedelta(days=offset)
        for n in range(_count(rng, per_week / 7)):
            kind = rng.choices(kinds, weights=MIX.get(org.name, (1,) * 6))[0]
            text = _text(kind, org.name, day, rng)
            url = rng.choice(words.CURATED_LINKS) if kind == "curated" else f"{domain}/news/{offset}-{n}"
            video = channel.network == "youtube" or rng.random() < video_share
            likes = int(followers * rate * rng.lognormvariate(0, 0.6) * (1.5 if video else 1))
            rows.append(
                Post(
                    channel=channel, network=channel.network, external_id=f"sample-{channel.pk}-{offset}-{n}",
                    published_at=_at(day, rng), text=text, url=url, media_type="video" if video else "image",
                    likes=likes, comments=int(likes * rng.uniform(0.02, 0.12)),
                    shares=None if channel.network in ("instagram", "rss") else int(likes * rng.uniform(0.05, 0.2)),
                    views=int(likes * rng.uniform(20, 60)) if video else None, extra={"sample": True},
                    content_type=classify(text, url, [domain.split("://")[-1]]),
                )
            )
    Post.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _count(rng: random.Random, mean: float) -> int:
    whole = int(mean)
    return whole + (1 if rng.random() < mean - whole else 0)


def _messages(channels: list[Channel], end: date) -> int:
    """Comments with our replies on a few channels, and mentions of everyone."""
    answered = {"Riverbend Health": (0.8, 3), "Mayo Clinic": (0.45, 9), "Cleveland Clinic": (0.3, 20)}
    rows = []
    for channel in channels:
        org = channel.organization.name
        rng = _rng(org, channel.network, "messages")
        if org in answered and channel.network in ("facebook", "instagram"):
            share, hours = answered[org]
            for offset in range(POST_DAYS):
                day = end - timedelta(days=offset)
                for n in range(_count(rng, 0.6)):
                    at = _at(day, rng)
                    ext = f"sample-c-{channel.pk}-{offset}-{n}"
                    comment = _message(channel, ext, "comment", f"fan{rng.randint(1, 9999)}", at, ext)
                    rows.append(comment)
                    if rng.random() < share:
                        reply_at = at + timedelta(hours=rng.expovariate(1 / hours))
                        comment.state, comment.first_replied_at = State.REPLIED, reply_at
                        rows.append(_message(channel, f"{ext}-r", "comment", channel.handle, reply_at, ext, ext))
        if channel.network == "x":
            volume = {"Mayo Clinic": 2.4, "Cleveland Clinic": 1.8, "Johns Hopkins Medicine": 1.2, "Mass General Brigham": 0.6}
            for offset in range(POST_DAYS):
                day = end - timedelta(days=offset)
                for n in range(_count(rng, volume.get(org, 0.3))):
                    ext = f"sample-m-{channel.pk}-{offset}-{n}"
                    rows.append(_message(channel, ext, "mention", f"user{rng.randint(1, 99999)}", _at(day, rng), ext))
    Message.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _message(channel: Channel, ext: str, kind: str, author: str, at: datetime, thread: str, to: str = "") -> Message:
    return Message(
        channel=channel, network=channel.network, external_id=ext, kind=kind, author_handle=author,
        author_name="", published_at=at, body="(sample message)", thread_id=thread, in_reply_to=to,
        extra={"sample": True}, triaged_at=at,
        # History for the benchmark, not work: it stays out of the inbox's open
        # queues (the inbox's own sample messages are the ones to answer).
        state=State.CLOSED,
    )


def _logo(colour: str, letters: str) -> bytes:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (128, 128), "white")
    draw = ImageDraw.Draw(picture)
    if len(letters) > 1 or letters == "P":
        draw.rectangle((0, 60, 128, 128), fill=colour)  # an old logo: a band, not a disc
    draw.ellipse((8, 8, 120, 120), fill=colour)
    draw.rectangle((40, 30, 58, 98), fill="white")
    if len(letters) > 1 or letters == "P":
        draw.rectangle((70, 30, 88, 98), fill="white")
        draw.rectangle((8, 100, 120, 112), fill="white")
    else:
        draw.polygon([(58, 30), (96, 64), (58, 98)], fill="white")
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def _look(channel: Channel, end: date) -> int:
    org = channel.organization
    if channel.network in ("website", "rss"):
        return 0
    name = org.name
    odd = ODD_ONES.get((org.name, channel.network))
    logo = odd[1] if odd else LOGOS.get(org.name, ("#5b6775", name[:1]))
    about = f"The official {channel.get_network_display()} account of {name}. Caring for patients and families."
    if odd:
        about = "Welcome! News, events and stories from our hospital."
    ProfileLook.objects.create(
        channel=channel, seen_at=_at(end, _rng(org.name, "look")), name=odd[0] if odd else name,
        description=about, avatar_url=f"https://img.example/{channel.network}/{channel.pk}.png",
        avatar_hash=photo_hash(_logo(*logo)),
        website=org.website if channel.network != "pinterest" else "",
    )
    return 1


def _crawl(org: Organization, channels: list[Channel], end: date) -> int:
    site = next((c for c in channels if c.organization_id == org.pk and c.network == "website"), None)
    plan = SITE_LINKS.get(org.name)
    if site is None or plan is None:
        return 0
    handles = {c.network: c.handle for c in channels if c.organization_id == org.pk}
    links = [
        SiteLink(
            page_url=site.handle, target_url=f"https://www.{network}.com/{handles.get(network, org.name.split()[0].lower())}",
            network=network, handle=handles.get(network, org.name.split()[0].lower()), placement=where, has_icon=True,
        )
        for network, places in plan.items()
        for where in places
    ]
    when = timezone.make_aware(datetime.combine(end, time(hour=3)), timezone.get_current_timezone())
    record_crawl(site, links, crawled_at=when)
    return 1
