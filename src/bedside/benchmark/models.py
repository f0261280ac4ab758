"""What benchmarking reads: profile snapshots and posts, ours and peers'.

Counts a network does not report stay NULL, never 0, so a report can say
"no data" where it belongs.
"""

from __future__ import annotations

from django.db import models

from bedside.channels.models import Channel


class Snapshot(models.Model):
    """A profile's public statistics on one day (the latest reading that day)."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="snapshots")
    date = models.DateField()
    taken_at = models.DateTimeField()
    followers = models.BigIntegerField(null=True, blank=True)
    following = models.BigIntegerField(null=True, blank=True)
    posts = models.BigIntegerField(null=True, blank=True)
    # The network's own counts under its own names (talking_about_count, viewCount...).
    extra = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=20, default="sync", help_text="sync, import or sample")

    class Meta:
        ordering = ["channel", "date"]
        constraints = [models.UniqueConstraint(fields=["channel", "date"], name="one_snapshot_per_day")]
        indexes = [
            # With followers in it, the comparison's series (each channel's count
            # on each period's last day) is read from the index alone.
            models.Index(fields=["date", "channel", "followers"], name="snapshot_date_channel_idx"),
            # Covers "the latest follower count of a channel in a period" (one
            # index seek per channel and period, no table read): the comparison's
            # time series. Partial, so a network that gives no follower count
            # has nothing in it to scan.
            models.Index(
                fields=["channel", "date", "followers"],
                name="snapshot_followers_idx",
                condition=models.Q(followers__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} on {self.date}: {self.followers}"


class Post(models.Model):
    """A public post by one of the organizations' channels."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="posts")
    network = models.CharField(max_length=20)
    external_id = models.CharField(max_length=200)
    published_at = models.DateTimeField(db_index=True)
    # Public posts of organizations, not PHI: kept in clear for search and
    # the content-mix classifier.
    text = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    media_type = models.CharField(max_length=10, default="text")
    likes = models.BigIntegerField(null=True, blank=True)
    comments = models.BigIntegerField(null=True, blank=True)
    shares = models.BigIntegerField(null=True, blank=True)
    views = models.BigIntegerField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    # What the network says about the post (see networks.records): language,
    # the sensitive/NSFW mark and content warning, who may see it, and the
    # outside link of a link post (the traffic a post is meant to drive).
    language = models.CharField(max_length=20, blank=True)
    sensitive = models.BooleanField(default=False)
    content_warning = models.TextField(blank=True)
    visibility = models.CharField(max_length=20, blank=True)
    link_url = models.URLField(max_length=1000, blank=True)
    content_type = models.CharField(max_length=20, blank=True, help_text="Content-mix class, once classified.")
    fetched_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at"]
        constraints = [models.UniqueConstraint(fields=["network", "external_id"], name="one_post_per_network_id")]
        indexes = [
            # Covers the comparison's post totals (counts, interactions, video
            # share and content mix per channel over a window) without a read
            # of the posts themselves.
            models.Index(
                fields=["channel", "published_at", "content_type", "media_type", "likes", "comments", "shares", "views"],
                name="post_channel_totals_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.network}:{self.external_id}"


class SiteCrawl(models.Model):
    """One crawl of a website channel: when, and how many profile links it found.

    Stored even when it found none (a site that links to no profile is a finding).
    """

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="site_crawls")
    crawled_at = models.DateTimeField()
    links = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["channel", "-crawled_at"]
        constraints = [models.UniqueConstraint(fields=["channel", "crawled_at"], name="one_crawl_per_time")]

    def __str__(self) -> str:
        return f"{self.channel} crawled {self.crawled_at:%Y-%m-%d}"


class SiteLinkSnapshot(models.Model):
    """One social-profile link found on a website in one crawl."""

    crawl = models.ForeignKey(SiteCrawl, on_delete=models.CASCADE, related_name="found")
    page_url = models.URLField(max_length=1000)
    target_url = models.URLField(max_length=1000)
    network = models.CharField(max_length=20)
    handle = models.CharField(max_length=300)
    placement = models.CharField(max_length=10, help_text="header, footer or body")
    has_icon = models.BooleanField(default=False)

    class Meta:
        ordering = ["crawl", "network", "placement"]

    def __str__(self) -> str:
        return f"{self.page_url} -> {self.network}:{self.handle} ({self.placement})"


class ProfileLook(models.Model):
    """How a channel presents itself: name, description, photo, website link.

    Kept apart from the daily Snapshot because it changes rarely and is what
    the brand-consistency audit compares; the latest row per channel counts.
    """

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="looks")
    seen_at = models.DateTimeField()
    name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    avatar_url = models.URLField(max_length=1000, blank=True)
    # Perceptual hash (pHash, 16 hex digits; see benchmark/photos.py) of the profile photo; blank when
    # the photo could not be read, so the audit says "no data" rather than guess.
    avatar_hash = models.CharField(max_length=64, blank=True)
    website = models.URLField(max_length=1000, blank=True, help_text="The site the profile links to.")

    class Meta:
        ordering = ["channel", "-seen_at"]
        indexes = [models.Index(fields=["channel", "seen_at"])]

    def __str__(self) -> str:
        return f"{self.channel} as {self.name!r}"


class OwnedMedia(models.Model):
    """Media an organization runs itself, beyond the social networks."""

    class Kind(models.TextChoices):
        BLOG = "blog", "Blog"
        PODCAST = "podcast", "Podcast"
        NEWSLETTER = "newsletter", "Newsletter"
        APP = "app", "App"
        COMMUNITY = "community", "Own community"

    organization = models.ForeignKey(
        "workspace.Organization", on_delete=models.CASCADE, related_name="owned_media"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    url = models.URLField(max_length=1000, blank=True)
    source = models.CharField(max_length=20, default="manual", help_text="manual, crawl or sample")

    class Meta:
        ordering = ["organization", "kind"]
        constraints = [models.UniqueConstraint(fields=["organization", "kind", "url"], name="one_owned_media_per_url")]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_kind_display()}"
