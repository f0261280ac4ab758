"""Deleting an organization: admins only, confirmed by name with the counts of
what goes, a soft delete kept for the retention period, restorable, audited
with the counts, through the pages and the API alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox.models import Message
from bedside.workspace import removal
from bedside.workspace.models import ApiToken, AuditEntry, Organization
from tests.workspace.conftest import personas  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox_org() -> Organization:
    ours = Organization.objects.create(name="Stonebridge Health", is_ours=True)
    channel = Channel.objects.create(organization=ours, network="facebook", handle="StonebridgeHealth")
    Channel.objects.create(organization=ours, network="x", handle="StonebridgeHQ")
    for n in range(5):
        Message.objects.create(channel=channel, network="facebook", external_id=f"sb_{n}", kind="comment",
                               body=f"Comment number {n}", published_at=timezone.now())
    return ours


def _api(persona) -> Client:
    _, raw = ApiToken.issue(persona.user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.parametrize("who", ["manager", "responder", "reviewer", "viewer"])
def test_only_an_admin_may_delete_an_organization(personas, inbox_org, who: str) -> None:  # noqa: F811
    page = personas[who].client.post(f"/organizations/{inbox_org.pk}/delete/", {"confirm": inbox_org.name})
    api = _api(personas[who]).delete(f"/api/organizations/{inbox_org.pk}?confirm={inbox_org.name}")
    assert (page.status_code, api.status_code) == (403, 403)
    assert Organization.objects.filter(pk=inbox_org.pk).exists()
    assert Message.objects.count() == 5


def test_the_confirmation_page_names_what_goes(personas, inbox_org) -> None:  # noqa: F811
    page = personas["admin"].client.get(f"/organizations/{inbox_org.pk}/delete/").content.decode()
    assert "5 messages" in page and "2 channels" in page and "Type <strong>Stonebridge Health</strong>" in page


def test_without_the_name_typed_nothing_is_deleted(personas, inbox_org) -> None:  # noqa: F811
    page = personas["admin"].client.post(f"/organizations/{inbox_org.pk}/delete/", {"confirm": "yes"})
    api = _api(personas["admin"]).delete(f"/api/organizations/{inbox_org.pk}")
    assert page.status_code == 400 and "type its name to confirm" in page.content.decode()
    assert api.status_code == 422 and "5 messages" in str(api.json())
    assert Organization.objects.filter(pk=inbox_org.pk).exists() and Message.objects.count() == 5


def test_a_confirmed_delete_hides_everything_keeps_it_and_audits_the_counts(personas, inbox_org) -> None:  # noqa: F811
    api = _api(personas["admin"])
    preview = api.get(f"/api/organizations/{inbox_org.pk}/deletion").json()
    assert preview["counts"] == {"messages": 5, "channels": 2}

    answer = api.delete(f"/api/organizations/{inbox_org.pk}?confirm=stonebridge health")
    assert answer.status_code == 200 and answer.json()["counts"] == {"messages": 5, "channels": 2}

    assert not Organization.objects.filter(pk=inbox_org.pk).exists()
    assert Channel.objects.count() == 0 and Message.objects.count() == 0  # gone from every page and query
    assert Message.all_objects.count() == 5  # ... but kept
    entry = AuditEntry.objects.get(action="organization_deleted")
    assert entry.detail["counts"] == {"messages": 5, "channels": 2}
    listing = personas["admin"].client.get("/organizations/").content.decode()
    assert "Restore Stonebridge Health" in listing
    assert "Restore Stonebridge Health" not in personas["manager"].client.get("/organizations/").content.decode()


def test_an_admin_restores_a_deleted_organization_with_its_inbox(personas, inbox_org) -> None:  # noqa: F811
    removal.delete(inbox_org, personas["admin"].user, inbox_org.name)
    answer = personas["admin"].client.post(f"/organizations/{inbox_org.pk}/restore/")
    assert answer.status_code == 302
    assert Organization.objects.filter(pk=inbox_org.pk).exists() and Message.objects.count() == 5
    assert AuditEntry.objects.filter(action="organization_restored").exists()


def test_a_restore_that_would_clash_with_a_new_organization_says_why(personas, inbox_org) -> None:  # noqa: F811
    removal.delete(inbox_org, personas["admin"].user, inbox_org.name)
    Organization.objects.create(name="Stonebridge Health", is_ours=True)
    answer = _api(personas["admin"]).post(f"/api/organizations/{inbox_org.pk}/restore")
    assert answer.status_code == 422 and "another organization now has its name" in str(answer.json())


def test_after_the_retention_period_it_is_deleted_for_good_and_audited(personas, inbox_org, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setenv("BEDSIDE_ORG_RETENTION_DAYS", "30")
    removal.delete(inbox_org, personas["admin"].user, inbox_org.name)
    assert removal.purge_expired(timezone.now() + timedelta(days=29)) == []
    assert removal.purge_expired(timezone.now() + timedelta(days=31)) == ["Stonebridge Health"]
    assert Message.all_objects.count() == 0 and not Organization.all_objects.filter(pk=inbox_org.pk).exists()
    assert AuditEntry.objects.get(action="organization_purged").detail["counts"] == {"messages": 5, "channels": 2}
