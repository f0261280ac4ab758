"""What people type as a handle, per network, and what must be refused."""

from __future__ import annotations

import pytest

from bedside.workspace.handles import HandleError, normalize_handle

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
]

REJECTED = [
    ("x", "", "required"),
    ("x", "two words", "letters, digits"),
    ("mastodon", "news", "user@instance"),
    ("bluesky", "nodots", "bsky.social"),
    ("reddit", "r/a b", "r/subreddit"),
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
