"""Every registered network resolves to a client that keeps its promises."""

from __future__ import annotations

import pytest

from bedside.networks.base import NetworkClient
from bedside.networks.registry import NETWORKS, UnknownNetwork, base_url_for, client_class, make_client

URL_HANDLES = {"rss", "website", "healthgrades", "vitals"}

# capability -> the method a client must override to offer it
METHODS = {
    "profile": "profile",
    "posts": "posts",
    "messages": "messages",
    "reviews": "reviews",
    "listing": "listing",
    "links": "links",
    "publish": "publish",
    "reply": "reply",
    "hide": "hide",
    "delete": "delete",
    "private": "send_private",
    "search": "search",
}


@pytest.mark.parametrize("slug", list(NETWORKS))
def test_every_slug_has_a_client_that_names_itself(slug) -> None:
    cls = client_class(slug)
    assert issubclass(cls, NetworkClient)
    assert cls.slug == slug
    # Feeds and websites are fetched at the URL the handle names: no API base.
    assert cls.default_base_url.startswith("https://") or (slug in URL_HANDLES and cls.default_base_url == "")


@pytest.mark.parametrize("slug", list(NETWORKS))
def test_capabilities_match_the_methods_a_client_implements(slug) -> None:
    cls = client_class(slug)
    assert cls.capabilities, f"{slug} declares no capabilities"
    unknown = set(cls.capabilities) - set(METHODS)
    assert not unknown, f"{slug} declares unknown capabilities {unknown}"
    for capability, method in METHODS.items():
        overridden = getattr(cls, method) is not getattr(NetworkClient, method)
        assert overridden == (capability in cls.capabilities), f"{slug}: {capability} vs {method}()"


def test_base_urls_and_credentials_come_from_the_environment() -> None:
    env = {"BEDSIDE_API_BASE_YOUTUBE": "http://127.0.0.1:8765", "BEDSIDE_YOUTUBE_TOKEN": "t0k"}
    assert base_url_for("youtube", env) == "http://127.0.0.1:8765"
    client = make_client("youtube", environ=env)
    assert client.base_url == "http://127.0.0.1:8765" and client.credentials.token == "t0k"


def test_it_rejects_an_unknown_network_naming_the_known_ones() -> None:
    with pytest.raises(UnknownNetwork, match="unknown network 'myspace': expected one of x, facebook"):
        client_class("myspace")


@pytest.mark.parametrize("slug", list(NETWORKS))
def test_a_network_says_it_takes_images_exactly_when_its_client_sends_them(slug) -> None:
    cls = client_class(slug)
    assert cls.image_posting in ("", "upload", "url")
    sends = cls.publish_media is not NetworkClient.publish_media
    assert sends == bool(cls.image_posting), f"{slug}: image_posting {cls.image_posting!r} vs publish_media()"


@pytest.mark.parametrize("slug", list(NETWORKS))
def test_a_network_says_it_takes_videos_exactly_when_its_client_uploads_them(slug) -> None:
    cls = client_class(slug)
    uploads = cls.publish_video is not NetworkClient.publish_video
    assert uploads == cls.video_posting, f"{slug}: video_posting {cls.video_posting!r} vs publish_video()"
