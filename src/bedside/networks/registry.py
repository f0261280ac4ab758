"""The one place networks are registered.

Adding a network is one module with a :class:`NetworkClient` subclass and one
line in ``_CLIENTS``; choices, settings names and URLs derive from here.
"""

from __future__ import annotations

import importlib
import os
from functools import cache

from .base import Credentials, NetworkClient

#: slug -> "module:Class", imported lazily so start-up stays fast.
_CLIENTS: dict[str, str] = {
    "x": "bedside.networks.x:XClient",
    "facebook": "bedside.networks.facebook:FacebookClient",
    "instagram": "bedside.networks.instagram:InstagramClient",
    "youtube": "bedside.networks.youtube:YouTubeClient",
    "pinterest": "bedside.networks.pinterest:PinterestClient",
    "flickr": "bedside.networks.flickr:FlickrClient",
    "bluesky": "bedside.networks.bluesky:BlueskyClient",
    "mastodon": "bedside.networks.mastodon:MastodonClient",
    "reddit": "bedside.networks.reddit:RedditClient",
    "linkedin": "bedside.networks.linkedin:LinkedInClient",
    "threads": "bedside.networks.threads:ThreadsClient",
    "tiktok": "bedside.networks.tiktok:TikTokClient",
    "rss": "bedside.networks.rss:FeedClient",
    "website": "bedside.networks.website:WebsiteClient",
    "google": "bedside.networks.google:GoogleClient",
    "yelp": "bedside.networks.yelp:YelpClient",
    "healthgrades": "bedside.networks.healthgrades:HealthgradesClient",
    "vitals": "bedside.networks.vitals:VitalsClient",
    "webmd": "bedside.networks.webmd:WebMDClient",
    "zocdoc": "bedside.networks.zocdoc:ZocdocClient",
    "demo": "bedside.networks.demo:DemoClient",
}

#: All the slugs Bedside names, in display order, with their labels.
NETWORKS: dict[str, str] = {
    "x": "X (Twitter)",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "pinterest": "Pinterest",
    "flickr": "Flickr",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "reddit": "Reddit",
    "linkedin": "LinkedIn",
    "threads": "Threads",
    "tiktok": "TikTok",
    "rss": "Blog or podcast feed",
    "website": "Website",
    "google": "Google Business Profile",
    "yelp": "Yelp",
    "healthgrades": "Healthgrades",
    "vitals": "Vitals",
    "webmd": "WebMD Care",
    "zocdoc": "Zocdoc",
}


#: Networks registered like the others but not offered for real channels:
#: the demo's sandbox (networks.demo), which only `bedside demo` serves.
DEMO_NETWORKS: dict[str, str] = {"demo": "Demo network"}


def label(slug: str) -> str:
    """The network's name as people read it."""
    return NETWORKS.get(slug) or DEMO_NETWORKS.get(slug) or slug


class UnknownNetwork(ValueError):
    def __init__(self, slug: str) -> None:
        super().__init__(
            f"unknown network {slug!r}: expected one of {', '.join(NETWORKS)}"
        )
        self.slug = slug


def slugs() -> list[str]:
    return list(NETWORKS)


def of_kind(kind: str) -> list[str]:
    """The slugs whose clients declare ``kind`` (see ``NetworkClient.kind``),
    in display order: pages derive their network lists from here."""
    return [slug for slug in NETWORKS if client_class(slug).kind == kind]


@cache
def client_class(slug: str) -> type[NetworkClient]:
    if slug not in NETWORKS and slug not in DEMO_NETWORKS:
        raise UnknownNetwork(slug)
    target = _CLIENTS.get(slug)
    if target is None:
        raise UnknownNetwork(slug)
    module_name, _, class_name = target.partition(":")
    return getattr(importlib.import_module(module_name), class_name)


def base_url_for(slug: str, environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """``BEDSIDE_API_BASE_<NETWORK>`` or the network's real API address."""
    env = os.environ if environ is None else environ
    override = env.get(f"BEDSIDE_API_BASE_{slug.upper()}")
    return override or client_class(slug).default_base_url


def credentials_from_env(
    slug: str, environ: os._Environ[str] | dict[str, str] | None = None
) -> Credentials:
    """Network-wide credentials from ``BEDSIDE_<NETWORK>_TOKEN`` and friends.

    ``BEDSIDE_<NETWORK>_API_KEY`` is a key some networks take beside the OAuth
    token (Google's Places API, which finds listings no account manages)."""
    env = os.environ if environ is None else environ
    prefix = f"BEDSIDE_{slug.upper()}_"
    api_key = env.get(prefix + "API_KEY", "")
    return Credentials(
        token=env.get(prefix + "TOKEN", ""),
        client_id=env.get(prefix + "CLIENT_ID", ""),
        client_secret=env.get(prefix + "CLIENT_SECRET", ""),
        extra={"api_key": api_key} if api_key else {},
    )


def make_client(
    slug: str,
    credentials: Credentials | None = None,
    environ: os._Environ[str] | dict[str, str] | None = None,
) -> NetworkClient:
    cls = client_class(slug)
    return cls(credentials or credentials_from_env(slug, environ), base_url=base_url_for(slug, environ))
