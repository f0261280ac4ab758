"""Staff posts: consented accounts read for patient details; nothing else kept."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from bedside.listening import staff
from bedside.listening.models import StaffAccount, StaffPost
from bedside.workspace.models import AuditEntry, Organization, VocabularyTerm

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(standin, monkeypatch) -> StaffAccount:
    standin.load("bluesky")
    monkeypatch.setenv("BEDSIDE_API_BASE_BLUESKY", standin.base_url("bluesky"))
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    VocabularyTerm.objects.create(organization=ours, kind="unit", name="5 North")
    return staff.add_account(organization=ours, network="bluesky", handle="nightnurse.bsky.social", person="Sam Lee",
                             consented_on=date(2026, 11, 1), policy_version="2026-1", actor="test")


def test_a_post_describing_a_patient_is_kept_for_compliance_and_the_rest_only_as_ids(account) -> None:
    outcome = staff.read_account(account)
    assert (outcome.read, outcome.errors) == (3, [])
    flagged = StaffPost.objects.get(external_id__endswith="3lstaff00001")
    assert flagged.flagged and "bed 12" in flagged.body
    assert {f["label"] for f in flagged.findings} & {"PERSON", "LOCATION", "CLINICAL_DETAIL"}
    team = StaffPost.objects.get(external_id__endswith="3lstaff00003")
    assert not team.flagged and team.body == "" and team.url == ""  # an id only
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM listening_staffpost WHERE external_id LIKE %s", ["%3lstaff00001"])
        assert "bed 12" not in cursor.fetchone()[0]  # encrypted at rest
    assert staff.read_account(account).read == 0  # nothing read twice


def test_clear_posts_are_forgotten_after_a_day(account) -> None:
    staff.read_account(account)
    StaffPost.objects.update(seen_at=timezone.now() - timedelta(days=2))
    clear = StaffPost.objects.filter(flagged=False).count()
    assert clear >= 1 and staff.forget_clear_posts() == clear
    assert set(StaffPost.objects.values_list("flagged", flat=True)) == {True}


def test_compliance_opens_a_flagged_post_audited_and_marks_it_reviewed(account, personas) -> None:
    staff.read_account(account)
    post = StaffPost.objects.get(external_id__endswith="3lstaff00001")
    rita = personas["reviewer"].client
    page = rita.get("/listening/staff/").content.decode()
    assert "Sam Lee" in page and "2026-1" in page and "List an account" not in page
    opened = rita.get(f"/listening/staff/posts/{post.pk}/").content.decode()
    assert "<mark" in opened and "bed 12" in opened
    assert AuditEntry.objects.filter(action="staff_post_read", object_id=str(post.pk)).exists()
    rita.post(f"/listening/staff/posts/{post.pk}/reviewed/")
    assert StaffPost.objects.get(pk=post.pk).reviewed_at is not None
    assert personas["viewer"].client.get("/listening/staff/").status_code == 403


def test_listing_an_account_needs_consent_a_policy_and_a_valid_handle(personas) -> None:
    Organization.objects.create(name="Riverbend Health", is_ours=True)
    alice = personas["admin"].client
    bad = alice.post("/listening/staff/", {"person": "Sam", "network": "bluesky", "handle": "not a handle!",
                                           "consented_on": (date.today() + timedelta(days=3)).isoformat(),
                                           "policy_version": ""}).content.decode()
    assert "Consent cannot be given in the future" in bad and "This field is required" in bad
    assert not StaffAccount.objects.exists()
    good = alice.post("/listening/staff/", {"person": "Sam", "network": "bluesky", "handle": "@Sam.bsky.social",
                                            "consented_on": "2026-11-01", "policy_version": "2026-1"})
    assert good.status_code == 302 and StaffAccount.objects.get().handle == "sam.bsky.social"
    assert AuditEntry.objects.get(action="staff_account_added").detail["policy_version"] == "2026-1"
    assert personas["reviewer"].client.post("/listening/staff/", {"person": "X"}).status_code == 403


def test_an_off_duty_post_about_home_life_is_not_flagged(account) -> None:
    staff.read_account(account)
    assert not StaffPost.objects.get(external_id__endswith="3lstaff00002").flagged
