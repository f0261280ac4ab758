"""A sync whose only gap is that mentions need the account's own credentials
says so, and keeps "failed" and "no longer accepts" for real refusals."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bedside.channels.models import Channel
from bedside.cli import main
from bedside.inbox.models import Message
from bedside.sync import engine
from bedside.sync.models import SyncRun
from bedside.workspace.models import Organization
from tests.standin.mastodon import TOKEN

HANDLE = "mayoclinic@mastodon.social"


@pytest.fixture
def mastodon(standin, monkeypatch):
    standin.load("mastodon")
    monkeypatch.setenv("BEDSIDE_API_BASE_MASTODON", standin.base_url("mastodon"))
    monkeypatch.delenv("BEDSIDE_MASTODON_TOKEN", raising=False)
    return standin


def _channel(org: Organization, token: str = "") -> Channel:
    return Channel.objects.create(organization=org, network="mastodon", handle=HANDLE,
                                  credentials={"token": token} if token else {})


def test_mentions_without_an_account_leave_a_synced_channel_that_says_how_to_connect(ours, mastodon) -> None:
    channel = _channel(ours)
    run = engine.sync_channel(channel)
    assert run.status == SyncRun.Status.OK and run.errors == []
    assert run.counts["profile"] == 1 and run.counts["posts"] > 0  # what could be read was stored
    channel.refresh_from_db()
    assert channel.status == Channel.Status.OK
    assert "Profile and posts synced" in channel.status_detail
    assert "comments, mentions and messages need the account's own credentials" in channel.status_detail
    assert "connect the account" in channel.status_detail
    assert "no longer accepts" not in channel.status_detail


def test_the_cli_exits_0_and_prints_the_note(ours, mastodon) -> None:
    channel = _channel(ours)
    result = CliRunner().invoke(main, ["sync", "--channel", str(channel.pk)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "need the account's own credentials" in result.stdout and "failed" not in result.stdout


def test_with_its_own_token_mentions_are_read(ours, mastodon) -> None:
    channel = _channel(ours, TOKEN)
    run = engine.sync_channel(channel)
    assert run.status == SyncRun.Status.OK and Message.objects.filter(channel=channel).exists()
    channel.refresh_from_db()
    assert channel.status_detail == ""


def test_a_refused_token_of_its_own_still_asks_to_reconnect(ours, mastodon) -> None:
    channel = _channel(ours, "revoked-token")
    run = engine.sync_channel(channel)
    channel.refresh_from_db()
    assert channel.status == Channel.Status.RECONNECT and "no longer accepts" in channel.status_detail
    assert run.status != SyncRun.Status.OK


def test_a_peer_channel_without_credentials_is_never_offered_connect(peer, personas, monkeypatch, feed) -> None:
    channel = Channel.objects.create(organization=peer, network="youtube", handle="gen0000")
    engine.sync_channel(channel)
    channel.refresh_from_db()
    assert channel.status == Channel.Status.ERROR
    assert "no longer accepts" not in channel.status_detail and "BEDSIDE_YOUTUBE_TOKEN" in channel.status_detail
    monkeypatch.setenv("BEDSIDE_YOUTUBE_CLIENT_ID", "app-id")  # Connect would be possible for our own channel
    page = personas["admin"].client.get(f"/channels/{channel.pk}/").content.decode()
    assert "Connect with YouTube" not in page and "Reconnect</button>" not in page


def test_the_benchmark_says_why_mentions_are_missing(ours, mastodon, personas) -> None:
    engine.sync_channel(_channel(ours))
    page = personas["viewer"].client.get("/benchmark/").content.decode().replace("&#x27;", "'")
    notes = page[page.index('id="sync-notes"'):]
    assert "Mastodon mayoclinic@mastodon.social" in notes and "need the account's own credentials" in notes
    assert personas["viewer"].client.get("/api/benchmark").json()["sync_notes"]
