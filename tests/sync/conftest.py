"""Fixtures for sync: personas, our organization, a peer, and a generated
YouTube on the stand-in server that the channels' client is pointed at."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bedside.channels import credentials
from bedside.channels.models import Channel
from bedside.networks.http import HttpTransport
from bedside.workspace.models import Organization
from tests.standin.server import StandIn
from tests.sync.feeds import API_KEY, GeneratedYouTube
from tests.workspace.conftest import personas  # noqa: F401 - a fixture, used by name


@pytest.fixture
def ours(db: None) -> Organization:
    return Organization.objects.create(name="Riverbend Health", is_ours=True, website="https://riverbend.example")


@pytest.fixture
def peer(db: None) -> Organization:
    return Organization.objects.create(name="Lakeside Medical Center")


@pytest.fixture
def feed(standin: StandIn, monkeypatch: pytest.MonkeyPatch) -> Iterator[GeneratedYouTube]:
    generated = GeneratedYouTube(channels=3, comments=250, videos=60).register(standin)
    monkeypatch.setenv("BEDSIDE_API_BASE_YOUTUBE", standin.base_url("youtube"))
    monkeypatch.delenv("BEDSIDE_YOUTUBE_TOKEN", raising=False)
    yield generated


def youtube_channel(org: Organization, index: int = 0, *, token: str = API_KEY) -> Channel:
    channel = Channel.objects.create(organization=org, network="youtube", handle=f"@gen{index:04d}")
    if token:
        channel.credentials = {"token": token}
        channel.save()
    return channel


def quick_client(channel: Channel, waits: list[float] | None = None):
    """The channel's real client, with a transport that records its waits
    instead of sleeping them (the backoff is checked, not sat through)."""
    client = credentials.client_for(channel)
    record = waits.append if waits is not None else (lambda seconds: None)
    client.http = HttpTransport(channel.network, sleep=record)
    return client
