"""Owned media (blog, podcast, newsletter, app, community) entered by people
and counted by the presence audit."""

from __future__ import annotations

import pytest

from bedside.benchmark.models import OwnedMedia
from bedside.benchmark.presence import presence
from bedside.workspace.models import AuditEntry

from .conftest import organization

pytestmark = pytest.mark.django_db

APP = {"kind": "app", "url": "https://apps.apple.com/us/app/riverbend/id123"}


@pytest.fixture
def ours():
    return organization("Riverbend Health", ours=True)


def test_a_manager_adds_an_app_and_the_presence_audit_counts_it(personas, ours) -> None:
    response = personas["manager"].client.post(f"/benchmark/organizations/{ours.pk}/media/", APP)
    assert response.status_code == 302
    [row] = presence([ours])["matrix"]
    assert row["present"]["app"] and not row["present"]["newsletter"]
    entry = AuditEntry.objects.filter(action="owned_media_added").get()
    assert entry.actor == personas["manager"].user and entry.detail == APP


@pytest.mark.parametrize("who, status", [("viewer", 200), ("responder", 200), ("outsider", 403)])
def test_every_role_with_view_sees_the_list(personas, ours, who: str, status: int) -> None:
    OwnedMedia.objects.create(organization=ours, kind="blog", url="https://riverbend.example/blog")
    response = personas[who].client.get(f"/benchmark/organizations/{ours.pk}/media/")
    assert response.status_code == status
    if status == 200:
        assert "https://riverbend.example/blog" in response.content.decode()


@pytest.mark.parametrize("who", ["viewer", "responder", "reviewer", "outsider"])
def test_it_rejects_changes_from_roles_that_cannot_manage_organizations(personas, ours, who: str) -> None:
    media = OwnedMedia.objects.create(organization=ours, kind="blog", url="https://riverbend.example/blog")
    assert personas[who].client.post(f"/benchmark/organizations/{ours.pk}/media/", APP).status_code == 403
    assert personas[who].client.post(f"/benchmark/media/{media.pk}/delete/").status_code == 403
    assert list(OwnedMedia.objects.values_list("kind", flat=True)) == ["blog"]


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"kind": "app", "url": ""}, "url", "This field is required."),
        ({"kind": "app", "url": "not a url"}, "url", "Enter a valid URL."),
        ({"kind": "fax", "url": "https://riverbend.example"}, "kind", "Select a valid choice."),
        (APP, "url", "Riverbend Health already has this app."),
    ],
)
def test_it_rejects_bad_input_with_the_field_named(personas, ours, data, field: str, message: str) -> None:
    OwnedMedia.objects.create(organization=ours, **APP)
    response = personas["admin"].client.post(f"/benchmark/organizations/{ours.pk}/media/", data)
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert OwnedMedia.objects.count() == 1


def test_removing_it_takes_it_out_of_the_audit_and_is_audited(personas, ours) -> None:
    media = OwnedMedia.objects.create(organization=ours, **APP)
    response = personas["admin"].client.post(f"/benchmark/media/{media.pk}/delete/")
    assert response.status_code == 302 and response.url == f"/benchmark/organizations/{ours.pk}/media/"
    assert not presence([ours])["matrix"][0]["present"]["app"]
    assert AuditEntry.objects.filter(action="owned_media_removed", object_id=str(ours.pk)).exists()


def test_the_organization_page_links_to_it(personas, ours) -> None:
    page = personas["viewer"].client.get(f"/organizations/{ours.pk}/").content.decode()
    assert f'href="/benchmark/organizations/{ours.pk}/media/"' in page
