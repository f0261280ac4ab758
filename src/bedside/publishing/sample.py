"""Sample posts for the demo: a month of them on the sample organization's
channels (published with their numbers, scheduled, one failed) and one
awaiting approval whose image shows a made-up wristband the guard flags.
Made up and marked as samples; sample channels are never sent to a network
(sending.py refuses them)."""

from __future__ import annotations

import io
from datetime import time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from bedside.benchmark.models import Post as SyncedPost
from bedside.channels.models import Channel
from bedside.publishing import approval, evergreen, media, series
from bedside.publishing.approval import VariantInput
from bedside.publishing.models import Campaign, Post, Variant

PREFIX = "Sample: "
# title, campaign, days from now (negative: published), text
POSTS = [
    ("Flu shot walk-ins", "flu", -20, "Walk-in flu shots at every Riverbend clinic this week, no appointment needed."),
    ("Hand washing tips", "flu", -17, "Five habits that keep the flu away this season: wash your hands for 20 seconds."),
    ("Heart month kickoff", "heart", -14, "February is heart month. Know the warning signs of a heart attack."),
    ("New urgent care", None, -11, "Now open: same-day visits at our new urgent care on Elm Street."),
    ("Blood drive", None, -8, "Join our blood drive on Saturday in the main lobby. Every donation helps."),
    ("Sleep and your heart", "heart", -5, "How much sleep does your heart need? Our cardiologists explain."),
    ("Nurse of the month", None, -2, "Thank you to our night shift nurses for everything you do."),
    ("Flu clinic reminder", "flu", 2, "Last chance for a free flu shot at the Riverbend main campus this Friday."),
    ("Cholesterol screening", "heart", 5, "Free cholesterol screenings at the community center all day Tuesday."),
    ("Careers open house", None, 9, "We're hiring nurses and techs. Meet our teams at the careers open house."),
    ("Stroke signs", "heart", 13, "Think FAST: face drooping, arm weakness, speech difficulty, time to call 911."),
    ("Flu season wrap-up", "flu", 20, "Thank you to everyone who got a flu shot with us this season."),
]
FAILED = ("Parking changes", "Parking garage B is closed for repairs this weekend; use the north lot.")
# A weekly health tip (a series) and an evergreen queue, approved once; their
# times for the next four weeks are posts of their own on the calendar.
TIP = ("Weekly health tip", "Weekly tip: fresh fruit makes a better snack than chips. More tips on our blog.")
EVERGREEN = [("Community garden", "Our community garden is open to everyone on weekends."),
             ("Visitor parking", "Free parking for visitors in the north garage."),
             ("Hospital cafe", "The hospital cafe serves soup every day at noon.")]
FLAGGED = ("Birthday on 4 West", "Happy birthday from all of us on 4 West!",
           ["PATIENT: WALTER FAKENAME", "MRN 00417733"])


def _wristband(lines: list[str]) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    picture = Image.new("RGB", (1080, 540), (236, 240, 244))
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((60, 120, 1020, 420), radius=30, fill=(255, 255, 255), outline=(90, 90, 90), width=4)
    font = ImageFont.load_default(size=56)
    for i, line in enumerate(lines):
        draw.text((110, 160 + i * 80), line, fill=(0, 0, 0), font=font)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


@transaction.atomic
def load() -> dict[str, int]:
    """Idempotent: nothing is added once sample posts exist."""
    if Post.objects.filter(title__startswith=PREFIX).exists():
        return {"posts": 0}
    channels = [c for c in Channel.objects.filter(organization__is_ours=True, organization__is_sample=True)
                if c.network in ("x", "facebook")]
    users = get_user_model().objects
    author, reviewer = users.filter(username="manager").first(), users.filter(username="reviewer").first()
    if not channels or author is None:
        return {"posts": 0}
    campaigns = {
        "flu": Campaign.objects.get_or_create(slug="flu-season-sample", defaults={"name": "Flu season (sample)"})[0],
        "heart": Campaign.objects.get_or_create(slug="heart-month-sample", defaults={"name": "Heart month (sample)"})[0],
    }
    now = timezone.now().replace(second=0, microsecond=0)
    made = 0
    for n, (title, campaign, days, text) in enumerate(POSTS):
        when = now + timedelta(days=days, hours=n % 5)
        post = _approved(author, PREFIX + title, text, channels, when, campaigns.get(campaign or ""))
        if days < 0:
            _published(post, n, when)
        made += 1
    failed = _approved(author, PREFIX + FAILED[0], FAILED[1], channels[:1], now - timedelta(hours=3), None)
    failed.variants.update(state=Variant.State.FAILED, attempts=1,
                           error="x: refused (HTTP 403): You are not permitted to perform this action. (sample)")
    title, text, lines = FLAGGED
    post = approval.save(author, title=PREFIX + title, variants=[VariantInput(channels[0], text, now + timedelta(days=1))])
    media.attach(post, author, _wristband(lines), "A birthday card held next to a patient's wristband (sample)")
    approval.submit(post, author)
    del reviewer  # the reviewer decides on it in the demo
    _recurring(author, channels)
    return {"posts": made + 2, "series": 1, "queues": 1}


def _recurring(author: Any, channels: list[Channel]) -> None:
    today = timezone.localdate()
    series.create(author, PREFIX + TIP[0], series.RuleInput("weekly", [1], at=time(9), starts_on=today),
                  series.ContentInput(PREFIX + TIP[0], [VariantInput(c, TIP[1]) for c in channels],
                                      link="https://riverbend-health.example/blog"))
    queue = evergreen.save(author, name=PREFIX + "Evergreen", channels=channels, slots="Tue 14:00, Thu 14:00",
                           min_gap_days=14)
    for title, text in EVERGREEN:
        evergreen.add_post(queue, author, title=PREFIX + title, text=text)


def _approved(author: Any, title: str, text: str, channels: list[Channel], when: Any, campaign: Any) -> Post:
    post = approval.save(author, title=title, link="https://riverbend-health.example/", campaign=campaign,
                         variants=[VariantInput(c, text, when) for c in channels])
    return approval.submit(post, author)


def _published(post: Post, n: int, when: Any) -> None:
    for i, variant in enumerate(post.variants.select_related("channel")):
        external_id = f"publishing-sample-{n}-{i}"
        Variant.objects.filter(pk=variant.pk).update(state=Variant.State.PUBLISHED, published_at=when, attempts=1,
                                                     external_id=external_id)
        # What the channel's sync would have stored for it, with made-up counts.
        SyncedPost.objects.get_or_create(network=variant.network, external_id=external_id, defaults={
            "channel": variant.channel, "published_at": when, "text": approval.published_text(variant),
            "likes": 40 + 13 * n + 7 * i, "comments": 3 + n % 4, "shares": 5 + 2 * n, "content_type": post.content_type,
            "extra": {"url_link_clicks": 12 + 5 * n} if variant.network == "x" else {}})
