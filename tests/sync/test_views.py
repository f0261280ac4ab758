"""The channel page, Sync now, credentials, OAuth connect and the sync API,
for every persona: only admin and manager may change anything."""

from __future__ import annotations

import base64
import hashlib
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bedside.channels.models import Channel
from bedside.sync.models import SyncRun
from bedside.workspace.models import AuditEntry, Organization

CAN_MANAGE = {"admin": True, "manager": True, "responder": False, "reviewer": False, "viewer": False}


@pytest.fixture
def channel(db) -> Channel:
    org = Organization.objects.create(name="Riverbend Health", is_ours=True)
    found = Channel.objects.create(organization=org, network="youtube", handle="RiverbendHealth")
    SyncRun.objects.create(channel=found, started_at=timezone.now(), finished_at=timezone.now(), status="partial",
                           counts={"posts": 60, "posts_new": 2, "messages": 250, "messages_new": 250},
                           timings={"posts": 1.5, "messages": 3.25},
                           errors=["messages: youtube: items[25].snippet.publishedAt: not a date"])
    return found


def queued_syncs() -> int:
    return DBTaskResult.objects.filter(task_path="bedside.sync.tasks.sync_channel", status="READY").count()


@pytest.mark.parametrize("persona", [*CAN_MANAGE])
def test_every_role_sees_the_channel_page_with_its_runs(personas, channel, persona) -> None:
    response = personas[persona].client.get(f"/channels/{channel.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "messages 250 (250)" in page and "items[25].snippet.publishedAt: not a date" in page
    assert "Partly succeeded" in page
    assert ("Sync now" in page) is CAN_MANAGE[persona]
    assert ('id="credentials"' in page) is CAN_MANAGE[persona]


def test_a_person_without_a_role_cannot_see_the_channel_page(personas, channel) -> None:
    assert personas["outsider"].client.get(f"/channels/{channel.pk}/").status_code == 403
    assert Client().get(f"/channels/{channel.pk}/").status_code == 302  # to sign in


def test_the_organization_page_links_each_channel_to_its_page(personas, channel) -> None:
    page = personas["viewer"].client.get(f"/organizations/{channel.organization_id}/").content.decode()
    assert f'href="/channels/{channel.pk}/"' in page


@pytest.mark.parametrize("persona", [*CAN_MANAGE])
def test_a_channel_that_needs_reconnecting_says_so_and_offers_managers_the_button(personas, channel, persona) -> None:
    Channel.objects.filter(pk=channel.pk).update(status="reconnect", status_detail="YouTube no longer accepts ...")
    page = personas[persona].client.get(f"/channels/{channel.pk}/").content.decode()
    assert "Reconnect needed" in page and "YouTube no longer accepts" in page
    assert (">Reconnect</button>" in page) is CAN_MANAGE[persona]


@pytest.mark.parametrize("persona", [*CAN_MANAGE])
def test_only_admin_and_manager_can_sync_now(personas, channel, persona) -> None:
    response = personas[persona].client.post(f"/channels/{channel.pk}/sync/")
    if CAN_MANAGE[persona]:
        assert response.status_code == 302 and queued_syncs() == 1
        assert AuditEntry.objects.filter(action="sync_requested").count() == 1
    else:
        assert response.status_code == 403 and queued_syncs() == 0


def test_sync_now_twice_queues_one_sync(personas, channel) -> None:
    client = personas["manager"].client
    client.post(f"/channels/{channel.pk}/sync/")
    response = client.post(f"/channels/{channel.pk}/sync/", follow=True)
    assert "already queued" in response.content.decode() and queued_syncs() == 1
    assert "A sync is queued." in client.get(f"/channels/{channel.pk}/").content.decode()


@pytest.mark.parametrize("persona", [*CAN_MANAGE])
def test_only_admin_and_manager_can_store_credentials_and_the_value_never_comes_back(personas, channel,
                                                                                    persona) -> None:
    client = personas[persona].client
    response = client.post(f"/channels/{channel.pk}/credentials/", {"token": "AIzaVerySecret42"}, follow=True)
    channel.refresh_from_db()
    if not CAN_MANAGE[persona]:
        assert response.status_code == 403 and channel.credentials == {}
        return
    assert channel.credentials == {"token": "AIzaVerySecret42"}
    assert "AIzaVerySecret42" not in response.content.decode()
    assert "saved for this channel" in response.content.decode()
    entry = AuditEntry.objects.get(action="channel_credentials_saved")
    assert "AIzaVerySecret42" not in json.dumps(entry.detail) and entry.actor_name == personas[persona].user.username


def test_an_empty_credentials_form_is_refused_with_the_reason(personas, channel) -> None:
    response = personas["admin"].client.post(f"/channels/{channel.pk}/credentials/", {"token": ""})
    assert response.status_code == 400
    assert "Enter a token, a client id or a client secret." in response.content.decode()
    assert not AuditEntry.objects.filter(action="channel_credentials_saved").exists()


def test_new_credentials_clear_reconnect(personas, channel) -> None:
    Channel.objects.filter(pk=channel.pk).update(status="reconnect")
    personas["admin"].client.post(f"/channels/{channel.pk}/credentials/", {"token": "AIzaNew"})
    channel.refresh_from_db()
    assert channel.status == "new" and "next sync" in channel.status_detail


def test_credentials_can_be_removed(personas, channel) -> None:
    Channel.objects.filter(pk=channel.pk).update(credentials={"token": "AIzaOld"})
    personas["manager"].client.post(f"/channels/{channel.pk}/credentials/", {"clear": "1"})
    channel.refresh_from_db()
    assert channel.credentials == {}
    assert AuditEntry.objects.filter(action="channel_credentials_cleared").exists()


# -- OAuth connect ---------------------------------------------------------
@pytest.fixture
def youtube_app(standin, monkeypatch) -> None:
    standin.load("youtube", "x")
    monkeypatch.setenv("BEDSIDE_API_BASE_YOUTUBE", standin.base_url("youtube"))
    monkeypatch.setenv("BEDSIDE_API_BASE_X", standin.base_url("x"))
    for network in ("YOUTUBE", "X"):
        monkeypatch.setenv(f"BEDSIDE_{network}_CLIENT_ID", f"{network.lower()}-client-id")
        monkeypatch.setenv(f"BEDSIDE_{network}_CLIENT_SECRET", f"{network.lower()}-client-secret")


def start_connect(client: Client, channel: Channel) -> dict[str, str]:
    response = client.post(f"/channels/{channel.pk}/connect/")
    assert response.status_code == 302, response.content
    return {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}


def test_connect_sends_the_person_to_the_network_with_a_signed_state_and_stores_the_token(
        personas, channel, youtube_app, standin) -> None:
    client = personas["manager"].client
    asked = start_connect(client, channel)
    assert asked["client_id"] == "youtube-client-id" and asked["access_type"] == "offline"
    assert asked["redirect_uri"] == "http://testserver/oauth/callback/youtube/"

    response = client.get("/oauth/callback/youtube/", {"code": "good-code", "state": asked["state"]})
    assert response.status_code == 302 and response["Location"] == f"/channels/{channel.pk}/"
    channel.refresh_from_db()
    assert channel.credentials["token"] == "ya29.new-access-token"
    assert channel.credentials["extra"]["refresh_token"] == "1//new-refresh-token"
    assert "client_secret" not in channel.credentials  # the app's secret stays in the settings
    [token_call] = [r for r in standin.requests_to("youtube") if r.path == "/token"]
    assert token_call.form()["code"] == "good-code"
    entry = AuditEntry.objects.get(action="channel_credentials_saved")
    assert entry.detail["how"] == "oauth" and "ya29" not in json.dumps(entry.detail)


def test_a_connect_answer_cannot_be_replayed_or_forged(personas, channel, youtube_app) -> None:
    client = personas["admin"].client
    state = start_connect(client, channel)["state"]
    assert client.get("/oauth/callback/youtube/", {"code": "good", "state": state}).status_code == 302
    Channel.objects.filter(pk=channel.pk).update(credentials={})
    again = client.get("/oauth/callback/youtube/", {"code": "good", "state": state}, follow=True)
    assert "already used" in again.content.decode()
    forged = client.get("/oauth/callback/youtube/", {"code": "good", "state": state[:-3] + "abc"}, follow=True)
    assert "did not carry a valid state" in forged.content.decode()
    channel.refresh_from_db()
    assert channel.credentials == {}


def test_a_refused_code_stores_nothing_and_says_why(personas, channel, youtube_app) -> None:
    client = personas["admin"].client
    state = start_connect(client, channel)["state"]
    response = client.get("/oauth/callback/youtube/", {"code": "bad", "state": state}, follow=True)
    assert "Connecting failed: youtube: token request refused" in response.content.decode()
    denied = client.get("/oauth/callback/youtube/", {"error": "access_denied", "state": state}, follow=True)
    assert "YouTube did not grant access: access_denied" in denied.content.decode()
    channel.refresh_from_db()
    assert channel.credentials == {}


def test_x_connect_uses_pkce_and_sends_the_verifier_back(personas, youtube_app, standin, db) -> None:
    org = Organization.objects.create(name="Riverbend Health", is_ours=True)
    x = Channel.objects.create(organization=org, network="x", handle="RiverbendHealth")
    client = personas["admin"].client
    asked = start_connect(client, x)
    assert asked["code_challenge_method"] == "S256"
    client.get("/oauth/callback/x/", {"code": "good", "state": asked["state"]})
    [call] = [r for r in standin.requests_to("x") if r.path == "/2/oauth2/token"]
    verifier = call.form()["code_verifier"]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert challenge == asked["code_challenge"]
    x.refresh_from_db()
    assert x.credentials["token"]


def test_connect_without_the_apps_client_id_names_the_setting(personas, channel, monkeypatch) -> None:
    monkeypatch.delenv("BEDSIDE_YOUTUBE_CLIENT_ID", raising=False)
    response = personas["admin"].client.post(f"/channels/{channel.pk}/connect/", follow=True)
    assert "BEDSIDE_YOUTUBE_CLIENT_ID" in response.content.decode()


def test_a_network_without_oauth_offers_no_connect_button(personas, db) -> None:
    org = Organization.objects.create(name="Riverbend Health", is_ours=True)
    bluesky = Channel.objects.create(organization=org, network="bluesky", handle="riverbend.bsky.social")
    page = personas["admin"].client.get(f"/channels/{bluesky.pk}/").content.decode()
    assert "Connect with" not in page and "Save credentials" in page


@pytest.mark.parametrize("persona", ["responder", "reviewer", "viewer"])
def test_only_admin_and_manager_can_connect(personas, channel, youtube_app, persona) -> None:
    client = personas[persona].client
    assert client.post(f"/channels/{channel.pk}/connect/").status_code == 403
    assert client.get("/oauth/callback/youtube/", {"code": "x", "state": "y"}).status_code == 403


# -- API -------------------------------------------------------------------
@pytest.mark.parametrize("persona", [*CAN_MANAGE])
def test_the_api_lists_runs_to_everyone_and_lets_only_managers_sync(personas, channel, persona) -> None:
    client = personas[persona].client
    runs = client.get(f"/api/channels/{channel.pk}/sync-runs")
    assert runs.status_code == 200
    [run] = runs.json()
    assert run["status"] == "partial" and run["counts"]["messages"] == 250 and run["timings"]["posts"] == 1.5
    assert client.get("/api/sync-runs?status=partial").json()[0]["id"] == run["id"]
    response = client.post(f"/api/channels/{channel.pk}/sync")
    if CAN_MANAGE[persona]:
        assert response.status_code == 202 and response.json()["queued"] is True
        assert client.post(f"/api/channels/{channel.pk}/sync").json()["queued"] is False
    else:
        assert response.status_code == 403 and queued_syncs() == 0


def test_the_api_refuses_an_unknown_status(personas, channel) -> None:
    response = personas["viewer"].client.get("/api/sync-runs?status=great")
    assert response.status_code == 422 and "status" in response.json()["errors"]
