"""The responsibility matrix is enforced: a reply to a message in one of its
situations waits for the row's approver (a role or named people, through the
one approval chain, never its own author), and the row's "told" people are
alerted when such a message arrives."""

from __future__ import annotations

import pytest

from bedside.governance import matrix
from bedside.governance.models import Situation
from bedside.inbox import replies
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Alert, Message, Reply
from bedside.workspace import people
from bedside.workspace.models import AuditEntry
from tests.inbox.conftest import facebook, ours, stored  # noqa: F401 - fixtures
from tests.workspace.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SAFE = "Thank you for getting in touch. Our communications team will contact you directly today."
THREAT = "You people lost my mother's records and you will be hearing from my attorney."


@pytest.fixture
def counsel(db: None):
    user = people.create_user("gina", PASSWORD, "compliance")
    user.first_name, user.last_name, user.email = "Gina", "Counsel", "gina@riverbend.example"
    user.save()
    return user


def _arrived(stored, body: str) -> Message:  # noqa: F811
    m = stored(body)
    triage_stored([m.pk])
    return Message.objects.get(pk=m.pk)


def _row(key: str, **fields) -> Situation:
    matrix.ensure()
    row = Situation.objects.get(key=key)
    for name, value in fields.items():
        if name.endswith("_people"):
            getattr(row, name).set(value)
        else:
            setattr(row, name, value)
    row.save()
    return row


def test_a_reply_to_a_legal_threat_waits_for_the_named_approver(stored, personas, counsel) -> None:  # noqa: F811
    _row("legal", approves_people=[counsel])
    message = _arrived(stored, THREAT)
    assert "legal" in message.intents
    ray = personas["responder"].user
    reply = replies.submit(replies.draft(message, ray, SAFE), ray)
    assert (reply.state, reply.verdict) == (Reply.State.AWAITING_APPROVAL, "allow")  # the guard had no objection
    # A compliance reviewer who is not named may not approve it; nor may an admin.
    for other in (personas["reviewer"].user, personas["admin"].user):
        with pytest.raises(replies.ReplyError, match="Gina Counsel"):
            replies.approve(reply, other)
    assert Reply.objects.get(pk=reply.pk).state == Reply.State.AWAITING_APPROVAL
    approved = replies.approve(reply, counsel)
    assert approved.state == Reply.State.APPROVED and approved.reviewer == counsel
    assert approved.approvals[0]["step"] == "Matrix: A legal threat" and approved.approvals[0]["by"] == counsel.pk


def test_nobody_approves_their_own_reply_even_when_named(stored, personas, counsel) -> None:  # noqa: F811
    _row("legal", approves_people=[counsel])
    message = _arrived(stored, THREAT)
    reply = replies.submit(replies.draft(message, counsel, SAFE), counsel)
    with pytest.raises(replies.ReplyError, match="own author"):
        replies.approve(reply, counsel)


def test_a_role_approver_and_two_situations_need_two_people(stored, personas, counsel) -> None:  # noqa: F811
    _row("legal", approves_people=[counsel])
    _row("physician_complaint", approves_role="compliance")
    message = _arrived(stored, "Dr Patel was rude and dismissive to my son, and our lawyer will be in touch")
    assert {"legal", "complaint"} <= set(message.intents)
    ray = personas["responder"].user
    reply = replies.submit(replies.draft(message, ray, SAFE), ray)
    first = replies.approve(reply, personas["reviewer"].user)  # the complaint row: any compliance reviewer
    assert first.state == Reply.State.AWAITING_APPROVAL and len(first.approvals) == 1
    assert AuditEntry.objects.filter(action="reply_step_approved").count() == 1
    with pytest.raises(replies.ReplyError, match="Gina Counsel"):
        replies.approve(reply, personas["reviewer"].user)
    assert replies.approve(reply, counsel).state == Reply.State.APPROVED


def test_a_row_with_no_approver_set_holds_nothing(stored, personas) -> None:  # noqa: F811
    matrix.ensure()
    message = _arrived(stored, THREAT)
    ray = personas["responder"].user
    assert replies.submit(replies.draft(message, ray, SAFE), ray).state == Reply.State.APPROVED


def test_the_told_people_are_alerted_when_such_a_message_arrives(stored, personas, counsel) -> None:  # noqa: F811
    _row("media", told_people=[counsel], told_role="admin")
    alice = personas["admin"].user
    alice.email = "alice@riverbend.example"
    alice.save()
    message = _arrived(stored, "Hi, I'm a reporter with the Valley Tribune; could someone give us a comment "
                               "on the parking charges?")
    assert "media" in message.intents
    [alert] = Alert.objects.filter(trigger="told", message=message)
    assert sorted(alert.deliveries.values_list("target", flat=True)) == [
        "alice@riverbend.example", "gina@riverbend.example"]
    assert "media" in alert.summary
    # Nothing about a message in no situation.
    _arrived(stored, "What time does the pharmacy open on Sundays?")
    assert Alert.objects.filter(trigger="told").count() == 1


def test_the_form_refuses_approvers_who_cannot_approve(personas) -> None:
    matrix.ensure()
    row = Situation.objects.get(key="media")
    admin = personas["admin"].client
    base = {f"s{row.pk}-drafts": "Media relations", f"s{row.pk}-approves": "VP communications",
            f"s{row.pk}-target_minutes": "60"}
    page = admin.post(f"/governance/matrix/{row.pk}/", {**base, f"s{row.pk}-approves_role": "responder"},
                      follow=True).content.decode()
    assert "cannot approve replies" in page
    ray = personas["responder"].user
    page = admin.post(f"/governance/matrix/{row.pk}/", {**base, f"s{row.pk}-approves_people": [str(ray.pk)]},
                      follow=True).content.decode()
    assert "do not let them approve" in page or "does not let them approve" in page
    rita = personas["reviewer"].user
    admin.post(f"/governance/matrix/{row.pk}/", {**base, f"s{row.pk}-approves_people": [str(rita.pk)],
                                                 f"s{row.pk}-approves_role": "admin"})
    row.refresh_from_db()
    assert row.approves_role == "admin" and list(row.approves_people.all()) == [rita]
    assert "Replies wait for: every administrator, rita" in admin.get("/governance/matrix/").content.decode()
