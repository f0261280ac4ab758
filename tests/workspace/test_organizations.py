"""Managing our organization, peers and channels through the pages."""

from __future__ import annotations

import pytest

from bedside.channels.models import Channel
from bedside.workspace import cms
from bedside.workspace.models import Location, Organization


def test_it_adds_a_peer_organization(personas) -> None:
    response = personas["manager"].client.post(
        "/organizations/new/", {"name": "Lakeside Medical", "kind": "hospital", "website": "lakeside.example"}
    )
    org = Organization.objects.get(name="Lakeside Medical")
    assert response.status_code == 302 and not org.is_ours
    assert org.website == "https://lakeside.example"


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"name": "", "kind": "hospital"}, "name", "This field is required."),
        ({"name": "X", "kind": "castle"}, "kind", "Select a valid choice."),
        ({"name": "X", "kind": "hospital", "website": "not a url"}, "website", "Enter a valid URL."),
    ],
)
def test_it_rejects_a_bad_organization_with_field_errors(personas, data, field, message) -> None:
    response = personas["admin"].client.post("/organizations/new/", data)
    assert response.status_code == 400
    assert any(e.startswith(message) for e in response.context["form"].errors[field])
    assert not Organization.objects.exists()


def test_it_allows_only_one_organization_to_be_ours(personas, org) -> None:
    response = personas["admin"].client.post("/organizations/new/", {"name": "Second", "kind": "hospital", "is_ours": "on"})
    assert response.status_code == 400
    assert "already marked as our organization" in response.content.decode()
    assert Organization.objects.count() == 1


def test_it_adds_a_channel_with_a_normalised_handle(personas, org) -> None:
    personas["manager"].client.post(f"/organizations/{org.pk}/", {"network": "instagram", "handle": "https://instagram.com/riverbend/"})
    assert Channel.objects.filter(organization=org, network="instagram", handle="riverbend").exists()


def test_it_rejects_a_duplicate_or_malformed_channel(personas, org) -> None:
    client = personas["manager"].client
    duplicate = client.post(f"/organizations/{org.pk}/", {"network": "x", "handle": "@RiverbendHealth"})
    assert duplicate.status_code == 400 and "already has that channel" in duplicate.content.decode()
    malformed = client.post(f"/organizations/{org.pk}/", {"network": "mastodon", "handle": "just-a-name"})
    assert malformed.status_code == 400 and "user@instance" in malformed.content.decode()
    assert org.channels.count() == 1


def test_viewers_see_channels_but_cannot_add_them(personas, org) -> None:
    client = personas["viewer"].client
    page = client.get(f"/organizations/{org.pk}/").content.decode()
    assert "RiverbendHealth" in page and "Add a channel" not in page
    assert client.post(f"/organizations/{org.pk}/", {"network": "x", "handle": "sneaky"}).status_code == 403
    assert org.channels.count() == 1


def test_it_searches_the_cms_list_by_name_and_state() -> None:
    found = cms.search("mayo clinic", "MN")
    assert any(h.facility_id == "240010" for h in found)
    assert all(h.state == "MN" for h in found)
    assert cms.search("no such hospital anywhere") == []


def test_it_keeps_cms_ids_as_text_with_leading_zeros() -> None:
    assert cms.get("010001").name == "SOUTHEAST HEALTH MEDICAL CENTER"
    assert len(cms.hospitals()) == 5421


def test_it_adds_a_peer_from_the_cms_list_with_its_location(personas) -> None:
    response = personas["manager"].client.post("/organizations/from-cms/", {"facility_id": "360180"})
    org = Organization.objects.get(name="Cleveland Clinic")
    location = Location.objects.get(organization=org)
    assert response.status_code == 302
    assert (location.cms_facility_id, location.city, location.state, location.phone) == (
        "360180", "Cleveland", "OH", "(216) 952-9829",
    )


def test_it_rejects_an_unknown_cms_id_and_a_second_copy(personas) -> None:
    client = personas["manager"].client
    assert client.post("/organizations/from-cms/", {"facility_id": "999999"}).status_code == 400
    client.post("/organizations/from-cms/", {"facility_id": "360180"})
    again = client.post("/organizations/from-cms/", {"facility_id": "360180"})
    assert again.status_code == 400 and "already exists" in again.content.decode()
    assert Organization.objects.count() == 1


def test_the_cms_search_answers_htmx_with_a_fragment(personas) -> None:
    response = personas["manager"].client.get("/organizations/from-cms/", {"q": "cleveland clinic"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "Cleveland Clinic" in html


def test_deleting_an_organization_removes_its_channels(personas, org) -> None:
    personas["admin"].client.post(f"/organizations/{org.pk}/delete/", {"confirm": org.name})
    assert not Organization.objects.exists() and not Channel.objects.exists()
    assert Channel.all_objects.filter(organization=org).exists()  # kept, restorable, until purged


def test_a_website_given_in_the_form_becomes_a_website_channel_once(personas) -> None:
    client = personas["manager"].client
    client.post("/organizations/new/", {"name": "Lakeside Medical", "kind": "hospital", "website": "lakeside.example"})
    org = Organization.objects.get(name="Lakeside Medical")
    assert list(org.channels.values_list("network", "handle")) == [("website", "https://lakeside.example")]
    # Saving again (another field changed) does not add a second one.
    client.post(f"/organizations/{org.pk}/edit/", {"name": "Lakeside Medical Center", "kind": "hospital",
                                                   "website": "lakeside.example"})
    assert org.channels.count() == 1
