"""Presence, cross-promotion and brand consistency audits."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image, ImageDraw

from bedside.benchmark.brand import brand
from bedside.benchmark.crosspromo import crosspromo
from bedside.benchmark.models import OwnedMedia, SiteCrawl
from bedside.benchmark.photos import distance
from bedside.benchmark.presence import presence
from bedside.benchmark.record import NotAWebsite, photo_hash, record_crawl, record_profile
from bedside.networks.records import ProfileStats, SiteLink
from bedside.networks.registry import of_kind
from tests.benchmark.conftest import channel, organization

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)


def logo(colour: str, shape: str = "disc", size: int = 128) -> bytes:
    picture = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(picture)
    s = size / 128
    if shape == "disc":
        draw.ellipse((8 * s, 8 * s, 120 * s, 120 * s), fill=colour)
        draw.rectangle((40 * s, 30 * s, 58 * s, 98 * s), fill="white")
    else:
        draw.rectangle((0, 0, 128 * s, 50 * s), fill=colour)
        draw.polygon([(10 * s, 120 * s), (64 * s, 60 * s), (118 * s, 120 * s)], fill=colour)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def stats(network: str, name: str, description: str = "", website: str = "") -> ProfileStats:
    return ProfileStats(network=network, external_id="1", handle="h", taken_at=NOW, name=name,
                        description=description, website=website)


def test_presence_writes_its_summary_from_the_data() -> None:
    orgs = [organization(f"Org {i}", ours=i == 0) for i in range(4)]
    for org in orgs:
        channel(org, "facebook")
    channel(orgs[1], "pinterest")
    channel(orgs[2], "instagram", official=False)  # a fan account is no presence
    channel(orgs[3], "rss", "https://org3.example/podcast/feed")
    OwnedMedia.objects.create(organization=orgs[1], kind="app", url="https://org1.example/app")
    found = presence(orgs)
    assert "1 of 4 have an official Pinterest account." in found["summary"]
    assert "4 of 4 have an official Facebook account." in found["summary"]
    assert "0 of 4 have an official Instagram account." in found["summary"]
    assert "1 of 4 run a podcast." in found["summary"]
    assert "1 of 4 offer an app." in found["summary"]
    # Out of every social network Bedside knows (the registry's, not a list here).
    social = len(of_kind("social"))
    assert found["summary"][0] == f"Org 0 has an official account on 1 of {social} networks; its 3 peers average 1.3."
    assert found["matrix"][1]["present"]["pinterest"] is True


def test_crosspromo_reports_placements_and_links_back() -> None:
    org = organization("Riverbend", ours=True, website="https://riverbend.example")
    site = channel(org, "website", "https://riverbend.example/")
    fb = channel(org, "facebook", "RiverbendHealth")
    ig = channel(org, "instagram", "riverbend")
    channel(org, "youtube", "RiverbendTV")
    links = [
        SiteLink("https://riverbend.example/", "https://facebook.com/RiverbendHealth", "facebook", "RiverbendHealth", "header", True),
        SiteLink("https://riverbend.example/", "https://facebook.com/RiverbendHealth", "facebook", "riverbendhealth", "footer", True),
        SiteLink("https://riverbend.example/about", "https://instagram.com/riverbend", "instagram", "@riverbend", "body"),
        SiteLink("https://riverbend.example/", "https://tiktok.com/@riverbend", "tiktok", "@riverbend", "footer"),
    ]
    assert record_crawl(site, links, crawled_at=NOW) == 4
    record_profile(fb, stats("facebook", "Riverbend", website="https://www.riverbend.example/"))
    record_profile(ig, stats("instagram", "Riverbend", website="https://linktr.ee/riverbend"))
    (audit,) = crosspromo([org])
    by = {p.network: p for p in audit.profiles}
    assert by["facebook"].placements == ["header", "footer"] and by["facebook"].with_icon
    assert by["instagram"].placements == ["body"]
    assert by["youtube"].linked_from_site is False
    assert by["facebook"].links_back is True
    assert by["instagram"].links_back is False
    assert by["youtube"].links_back is None  # never seen the profile: no data
    assert audit.unlisted == [{"network": "tiktok", "handle": "riverbend", "placements": ["footer"]}]
    assert audit.linked == 2


def test_the_latest_crawl_counts_and_an_empty_crawl_is_a_finding() -> None:
    org = organization("Riverbend", website="https://riverbend.example")
    site = channel(org, "website", "https://riverbend.example/")
    channel(org, "facebook", "RiverbendHealth")
    fb_link = SiteLink("https://riverbend.example/", "https://facebook.com/RiverbendHealth", "facebook",
                       "RiverbendHealth", "footer")
    record_crawl(site, [fb_link], crawled_at=NOW - timedelta(days=30))
    record_crawl(site, [], crawled_at=NOW)
    (audit,) = crosspromo([org])
    assert audit.crawled_at == NOW
    assert audit.profiles[0].linked_from_site is False
    assert SiteCrawl.objects.count() == 2


def test_a_site_never_crawled_is_no_data() -> None:
    org = organization("Quiet")
    channel(org, "facebook", "Quiet")
    (audit,) = crosspromo([org])
    assert audit.crawled_at is None and audit.linked is None
    assert audit.profiles[0].linked_from_site is None


def test_only_website_channels_take_crawls() -> None:
    with pytest.raises(NotAWebsite):
        record_crawl(channel(organization("A"), "x"), [])


def test_brand_flags_the_channel_whose_photo_name_or_description_differs() -> None:
    org = organization("Riverbend Health")
    about = "The official account of Riverbend Health. Caring for patients and families in the valley."
    for network, size in (("x", 128), ("facebook", 400), ("youtube", 96)):
        record_profile(channel(org, network), stats(network, "Riverbend Health", about), logo("#b4451f", size=size))
    odd = channel(org, "instagram", "rbh")
    record_profile(odd, stats("instagram", "RBH Hospital", "Cute pics of our therapy dogs!"), logo("#333", "band"))
    (audit,) = brand([org])
    assert [c.network for c in audit.inconsistent] == ["instagram"]
    differs = " ".join(audit.inconsistent[0].differs)
    assert "profile photo" in differs and "RBH Hospital" in differs and "description" in differs
    # Resized copies of one logo are the same picture.
    assert all(c.photo_distance <= 10 for c in audit.channels if c.network != "instagram")


def test_brand_without_profiles_is_no_data() -> None:
    org = organization("Quiet")
    channel(org, "facebook")
    (audit,) = brand([org])
    assert audit.checked == 0
    assert audit.channels[0].consistent is None


def test_an_unreadable_photo_hashes_to_nothing() -> None:
    assert photo_hash(b"not an image") == ""
    assert len(photo_hash(logo("#000"))) == 16


@pytest.mark.parametrize(
    ("colour", "shape", "size", "stored"),
    [
        ("#b4451f", "disc", 128, "ee91b186938ece38"),
        ("#b4451f", "disc", 400, "ee90b19f931ace28"),
        ("#333", "band", 128, "e61558e59679056e"),
        ("#1f5fb4", "band", 64, "e61558e59679056e"),
        ("#000", "disc", 128, "ee90b18e938ece38"),
    ],
)
def test_photo_hashes_match_those_stored_before_imagehash_was_dropped(colour, shape, size, stored) -> None:
    """``stored``: what imagehash.phash 4.3.2 gave for these pictures; hashes
    already in the database are compared with new ones, so they must agree."""
    assert photo_hash(logo(colour, shape, size)) == stored


def test_a_plain_colour_hashes_like_imagehash_did() -> None:
    # Every AC term of a flat picture is zero; float noise must not flip bits.
    assert photo_hash(logo("#fff")) == "8000000000000000"


def test_hash_distance_counts_differing_bits() -> None:
    assert distance("ee91b186938ece38", "ee91b186938ece38") == 0
    assert distance("0000000000000000", "800000000000000f") == 5
    with pytest.raises(ValueError, match="different lengths"):
        distance("00", "0000")


def test_an_unchanged_profile_is_not_stored_twice() -> None:
    ch = channel(organization("A"), "x")
    first = record_profile(ch, stats("x", "A"))
    assert record_profile(ch, stats("x", "A")).pk == first.pk
    assert record_profile(ch, stats("x", "A renamed")).pk != first.pk
