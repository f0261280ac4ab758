"""What people type as a handle, per network, and what must be refused."""

from __future__ import annotations

import re

import pytest

from bedside.channels.handles import HandleError, normalize_handle
from bedside.networks.registry import client_class, slugs

ACCEPTED = [
    ("x", "@MayoClinic", "MayoClinic"),
    ("x", "https://x.com/MayoClinic", "MayoClinic"),
    ("instagram", "mayoclinic", "mayoclinic"),
    ("facebook", "facebook.com/ClevelandClinic/", "ClevelandClinic"),
    ("bluesky", "@Mayo.bsky.social", "mayo.bsky.social"),
    ("mastodon", "@news@Mastodon.Social", "news@mastodon.social"),
    ("reddit", "r/AskDocs", "r/AskDocs"),
    ("reddit", "/user/spez", "u/spez"),
    ("rss", "newsnetwork.mayoclinic.org/feed/", "https://newsnetwork.mayoclinic.org/feed/"),
    ("website", "http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
    ("youtube", "youtube.com/@Riverbend", "@Riverbend"),
    ("bluesky", "riverbend", "riverbend.bsky.social"),
    ("google", "riverbend-health", "riverbend-health"),
    ("healthgrades", "www.healthgrades.com/physician/dr-a-b", "https://www.healthgrades.com/physician/dr-a-b"),
]

REJECTED = [
    ("x", "", "required"),
    ("x", "two words", "letters, digits"),
    ("mastodon", "news", "expected user@instance"),
    ("bluesky", "two words", "not a Bluesky handle"),
    ("reddit", "r/a b", "not a subreddit or user"),
    ("rss", "ftp://example.org/feed", "web address"),
    ("website", "not a site", "web address"),
    ("myspace", "tom", "unknown network"),
]


@pytest.mark.parametrize("network,typed,expected", ACCEPTED)
def test_it_normalises_what_people_type(network, typed, expected) -> None:
    assert normalize_handle(network, typed) == expected


@pytest.mark.parametrize("network,typed,message", REJECTED)
def test_it_rejects_what_is_not_a_handle(network, typed, message) -> None:
    with pytest.raises(HandleError, match=message):
        normalize_handle(network, typed)


@pytest.mark.parametrize("network", slugs())
def test_a_channel_handle_is_what_the_networks_own_client_makes_of_it(network) -> None:
    """One rule per network: where a client normalizes handles before its
    requests, the channel stores exactly that form (or is refused with the
    client's own words), so the stored handle and the request never differ."""
    rule = getattr(client_class(network), "normalize_handle", None)
    for typed in ("@Riverbend", "riverbend.bsky.social", "r/Riverbend", "news@mastodon.social", "two words"):
        if rule is None:
            break
        try:
            expected = rule(typed)
        except ValueError as exc:
            with pytest.raises(HandleError, match=re.escape(str(exc))):
                normalize_handle(network, typed)
        else:
            assert normalize_handle(network, typed) == expected
