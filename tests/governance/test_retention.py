"""Retention deletes what is past its time, in batches, except what a legal
hold covers; both are audited by count and by who placed and lifted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.governance import retention
from bedside.governance.models import LegalHold, Retention
from bedside.inbox.models import Message, Reply
from bedside.workspace.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(db: None) -> dict[str, Channel]:
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True)
    peer_like = Organization.objects.create(name="Riverbend Foundation", is_ours=False)
    fb = Channel.objects.create(organization=ours, network="facebook", handle="RiverbendHealth")
    x = Channel.objects.create(organization=ours, network="x", handle="riverbend")
    other = Channel.objects.create(organization=peer_like, network="x", handle="riverbendfdn")
    now = timezone.now()
    for n, (channel, author, days) in enumerate([(fb, "pat", 400), (fb, "sam", 400), (x, "pat", 400),
                                                 (other, "lee", 400), (fb, "new", 10)]):
        m = Message.objects.create(channel=channel, network=channel.network, external_id=f"m{n}", kind="comment",
                                   author_handle=author, body="a message", published_at=now - timedelta(days=days))
        Message.all_objects.filter(pk=m.pk).update(received_at=now - timedelta(days=days))
    Reply.objects.create(message=Message.objects.get(external_id="m1"), body="thanks")
    Retention.objects.create(kind=Retention.Kind.MESSAGES, days=365)
    return {"fb": fb, "x": x, "other": other}


def test_retention_deletes_old_messages_and_their_replies_in_batches_and_audits_the_count(inbox) -> None:
    outcome = retention.apply(batch=2)
    assert (outcome.deleted, outcome.held) == (4, 0)
    assert list(Message.all_objects.values_list("external_id", flat=True)) == ["m4"]
    assert not Reply.objects.exists()
    entry = AuditEntry.objects.get(action="retention_applied")
    assert entry.detail["deleted"] == 4 and "a message" not in str(entry.detail)


def test_a_hold_on_a_person_a_channel_or_an_organization_keeps_what_it_covers(inbox) -> None:
    LegalHold.objects.create(name="Pat's complaint", reason="counsel asked", author_handle="PAT")
    LegalHold.objects.create(name="Foundation audit", reason="audit", organization=inbox["other"].organization)
    outcome = retention.apply()
    assert (outcome.deleted, outcome.held) == (1, 3)
    assert set(Message.all_objects.values_list("external_id", flat=True)) == {"m0", "m2", "m3", "m4"}


def test_a_date_range_hold_and_a_lifted_hold(inbox) -> None:
    old = (timezone.now() - timedelta(days=400)).date()
    hold = LegalHold.objects.create(name="Range", reason="r", channel=inbox["fb"], start=old - timedelta(days=1),
                                    end=old + timedelta(days=1))
    LegalHold.objects.create(name="Old matter", reason="done", author_handle="lee", lifted_at=timezone.now())
    assert retention.apply().deleted == 2  # x/pat and the foundation's lee: the lifted hold holds nothing
    hold.lifted_at = timezone.now()
    hold.save()
    assert retention.apply().deleted == 2


def test_compliance_places_and_lifts_a_hold_on_the_page_and_admins_set_the_period(inbox, personas) -> None:
    rita = personas["reviewer"].client
    page = rita.get("/governance/").content.decode()
    assert "4 messages received before" in page and "Keep inbox messages" not in page  # period: admins only
    rita.post("/governance/holds/", {"name": "Pat", "reason": "litigation", "author_handle": "pat"})
    hold = LegalHold.objects.get()
    assert hold.placed_by == personas["reviewer"].user
    assert "2 more are kept by a legal hold" in rita.get("/governance/").content.decode()
    bad = rita.post("/governance/holds/", {"name": "Bad", "reason": "x", "start": "2026-05-01", "end": "2026-01-01"})
    assert bad.status_code == 400 and "end date is before" in bad.content.decode()
    rita.post(f"/governance/holds/{hold.pk}/lift/", {"reason": "settled"})
    hold.refresh_from_db()
    assert not hold.active and hold.lift_reason == "settled"
    assert personas["reviewer"].client.post("/governance/retention/", {"days": "90"}).status_code == 403
    too_short = personas["admin"].client.post("/governance/retention/", {"days": "7"})
    assert too_short.status_code == 400 and "at least 30 days" in too_short.content.decode()
    personas["admin"].client.post("/governance/retention/", {"days": "90"})
    assert Retention.days_for("messages") == 90
    assert {a for a in AuditEntry.objects.values_list("action", flat=True)} >= {
        "legal_hold_placed", "legal_hold_lifted", "retention_changed"}


def test_the_cli_shows_and_applies_retention(inbox) -> None:
    from click.testing import CliRunner

    from bedside.cli import main

    LegalHold.objects.create(name="Pat", reason="r", author_handle="pat")
    status = CliRunner().invoke(main, ["retention", "status"])
    assert "kept 365 days: 2 received before" in status.output and "2 more are held" in status.output
    applied = CliRunner().invoke(main, ["retention", "apply"])
    assert applied.exit_code == 0 and "Deleted 2 messages" in applied.output
    assert AuditEntry.objects.get(action="retention_applied").actor_name == "cli"
