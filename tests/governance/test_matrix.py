"""The responsibility matrix routes what triage recognises and sets the
queues' response-time targets; it prints as one page."""

from __future__ import annotations

import pytest

from bedside.governance import matrix
from bedside.governance.models import Situation
from bedside.inbox import defaults
from bedside.inbox.models import Queue, RoutingRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(db: None) -> None:
    defaults.ensure()


def test_the_defaults_cover_the_five_situations(inbox) -> None:
    rows = matrix.ensure()
    assert [s.key for s in rows] == ["phi", "crisis", "physician_complaint", "media", "legal"]
    assert all(s.drafts and s.approves and s.target_minutes for s in rows)
    assert all(matrix.recognised(s) for s in rows)  # triage knows media enquiries and legal threats too


def test_saving_a_row_routes_its_messages_and_tightens_the_queue_target(inbox, personas) -> None:
    matrix.ensure()
    complaint = Situation.objects.get(key="physician_complaint")
    relations = Queue.objects.get(slug="patient-relations")
    social = Queue.objects.get(slug="social")
    page = personas["viewer"].client.get("/governance/matrix/").content.decode()
    assert "A legal threat" in page and "General counsel" in page and "Not enforced" in page
    assert "Save a media enquiry" not in page  # viewers read it, admins edit it
    admin = personas["admin"].client
    admin.post(
        f"/governance/matrix/{complaint.pk}/",
        {
            f"s{complaint.pk}-drafts": "Patient relations",
            f"s{complaint.pk}-approves": "Chief medical officer",
            f"s{complaint.pk}-told": "Department chair",
            f"s{complaint.pk}-target_minutes": "90",
            f"s{complaint.pk}-queue": str(social.pk),
        },
    )
    rule = RoutingRule.objects.get(match_intent="complaint")
    assert rule.queue == social
    social.refresh_from_db()
    assert social.response_target_minutes == 90
    relations.refresh_from_db()
    assert relations.response_target_minutes == 240  # untouched: no situation routes there now
    bad = admin.post(
        f"/governance/matrix/{complaint.pk}/",
        {f"s{complaint.pk}-drafts": "x", f"s{complaint.pk}-target_minutes": "soon"},
        follow=True,
    )
    assert "target_minutes" in bad.content.decode()
    assert personas["viewer"].client.post(f"/governance/matrix/{complaint.pk}/", {}).status_code == 403


def test_a_queue_shared_by_two_situations_gets_the_tighter_target(inbox) -> None:
    matrix.ensure()
    Situation.objects.filter(key="phi").update(target_minutes=30)
    Situation.objects.filter(key="crisis").update(target_minutes=10)
    matrix.apply()
    assert Queue.objects.get(slug="compliance").response_target_minutes == 10
    RoutingRule.objects.filter(match_flag="phi").delete()
    changes = matrix.apply()
    assert RoutingRule.objects.get(match_flag="phi").queue.slug == "compliance"
    assert any("new routing rule" in c for c in changes)
