"""Turn what a person types into a channel's canonical handle.

Kept tolerant and network-aware but simple; the network clients do the
network's own validation when they talk to it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bedside.networks.registry import NETWORKS

_URL_NETWORKS = {"rss", "website", "healthgrades", "vitals"}
_PLAIN = re.compile(r"^@?([A-Za-z0-9_.\-]{1,100})$")
_MASTODON = re.compile(r"^@?([A-Za-z0-9_]{1,30})@([A-Za-z0-9.\-]{1,253}\.[A-Za-z]{2,63})$")
_BLUESKY = re.compile(r"^@?([A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,10})$")
_REDDIT = re.compile(r"^(?:/?(r|u|user)/)?([A-Za-z0-9_\-]{2,30})$")


class HandleError(ValueError):
    pass


def normalize_handle(network: str, handle: str) -> str:
    if network not in NETWORKS:
        raise HandleError(f"unknown network {network!r}")
    text = (handle or "").strip()
    if not text:
        raise HandleError("a handle is required")
    if network in _URL_NETWORKS:
        parts = urlsplit(text if "://" in text else f"https://{text}")
        if parts.scheme not in ("http", "https") or "." not in parts.netloc.split(":")[0] and parts.hostname not in (
            "localhost",
            "127.0.0.1",
        ):
            raise HandleError(f"{NETWORKS[network]} needs a web address such as https://example.org/feed")
        return parts.geturl()
    if network == "mastodon":
        match = _MASTODON.match(text)
        if not match:
            raise HandleError("Mastodon handles look like user@instance.social")
        return f"{match.group(1)}@{match.group(2).lower()}"
    if network == "bluesky":
        match = _BLUESKY.match(text)
        if not match:
            raise HandleError("Bluesky handles look like name.bsky.social")
        return match.group(1).lower()
    if network == "reddit":
        match = _REDDIT.match(text)
        if not match:
            raise HandleError("Reddit handles look like r/subreddit or u/username")
        prefix = "u" if match.group(1) in ("u", "user") else "r"
        return f"{prefix}/{match.group(2)}"
    if "://" in text or "/" in text:
        # A pasted profile URL: keep its last path segment.
        path = urlsplit(text if "://" in text else f"https://{text}").path.strip("/")
        text = path.rsplit("/", 1)[-1] if path else ""
    match = _PLAIN.match(text)
    if not match:
        raise HandleError(f"{NETWORKS[network]} handles are letters, digits, dots, dashes or underscores")
    return match.group(1)
